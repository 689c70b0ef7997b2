"""Vector tile sets in the OpenMapTiles schema, read from a PMTiles file, an MBTiles file or a folder.

The app serves their tiles to the page's renderer; `build` makes one PMTiles file from regional
folders or files, merging layer by layer the tiles that several hold (extracts overlap on borders).
"""

from __future__ import annotations

import gzip
import json
import math
import mmap
import os
import sqlite3
import tempfile
import threading
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Protocol

import mapbox_vector_tile
import numpy as np
import shapely
from google.protobuf.message import DecodeError
from mapbox_vector_tile.Mapbox import vector_tile_pb2
from pmtiles.tile import (
    Compression,
    TileType,
    deserialize_directory,
    deserialize_header,
    find_tile,
    tileid_to_zxy,
    zxy_to_tileid,
)
from pmtiles.writer import Writer
from shapely.geometry import shape
from shapely.geometry.base import BaseGeometry

# Zooms a tile address may ask for: the renderer over-zooms the set's deepest level beyond this.
MAX_ZOOM = 22
GZIP_MAGIC = b"\x1f\x8b"


class TileSetError(Exception):
    """A tile set that cannot be read, with what is wrong and where."""


class TileSet(Protocol):
    """Tiles by address and what the set holds (bounds, zooms, layers) as TileJSON fields."""

    path: Path

    def tile(self, z: int, x: int, y: int) -> bytes | None:
        """The tile's bytes as stored (gzip-compressed or not), None when the set has no such tile."""

    def metadata(self) -> dict:
        """bounds, minzoom, maxzoom, vector_layers and attribution where the set gives them."""

    def addresses(self) -> Iterator[tuple[int, int, int]]:
        """Every tile of the set, as z, x, y."""

    def where(self, z: int, x: int, y: int) -> str:
        """How a tile is named in messages."""


def valid_address(z: int, x: int, y: int) -> bool:
    """Whether z/x/y names a tile of the Web Mercator grid at a zoom the app serves."""
    return 0 <= z <= MAX_ZOOM and 0 <= x < 2**z and 0 <= y < 2**z


def _tilejson(found: dict) -> dict:
    """The TileJSON fields of a set's metadata (MBTiles stores them as text, with `json` holding the layers)."""
    extra = found.get("json")
    if isinstance(extra, str):
        found = {**found, **json.loads(extra)}
    fields = {}
    if found.get("bounds"):
        bounds = found["bounds"]
        fields["bounds"] = [float(v) for v in (bounds.split(",") if isinstance(bounds, str) else bounds)]
    for name in ("minzoom", "maxzoom"):
        if found.get(name) is not None:
            fields[name] = int(found[name])
    for name in ("vector_layers", "attribution", "name"):
        if found.get(name):
            fields[name] = found[name]
    return fields


@dataclass
class PMTilesSet:
    """A PMTiles archive (v3), memory-mapped; directories are cached once read."""

    path: Path
    _map: mmap.mmap = field(init=False, repr=False)

    def __post_init__(self) -> None:
        with open(self.path, "rb") as handle:
            self._map = mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ)
        try:
            self._header = deserialize_header(self._bytes(0, 127))
        except Exception as error:  # the pmtiles library raises its own and struct's errors
            raise TileSetError(f"{self.path}: not a PMTiles v3 archive ({error})") from None
        if self._header["tile_type"] != TileType.MVT:
            raise TileSetError(f"{self.path}: holds {self._header['tile_type'].name} tiles, not vector tiles")
        self._directory = lru_cache(maxsize=256)(self._read_directory)

    def _bytes(self, offset: int, length: int) -> bytes:
        return self._map[offset : offset + length]

    def _read_directory(self, offset: int, length: int) -> list:
        raw = self._bytes(offset, length)
        return deserialize_directory(raw)

    def tile(self, z: int, x: int, y: int) -> bytes | None:
        wanted = zxy_to_tileid(z, x, y)
        offset, length = self._header["root_offset"], self._header["root_length"]
        for _ in range(4):
            entry = find_tile(self._directory(offset, length), wanted)
            if entry is None:
                return None
            if entry.run_length:
                return self._bytes(self._header["tile_data_offset"] + entry.offset, entry.length)
            offset, length = self._header["leaf_directory_offset"] + entry.offset, entry.length
        return None

    def metadata(self) -> dict:
        header = self._header
        raw = self._bytes(header["metadata_offset"], header["metadata_length"])
        if header["internal_compression"] == Compression.GZIP:
            raw = gzip.decompress(raw)
        found = json.loads(raw) if raw else {}
        bounds = [header[f"{edge}_e7"] / 1e7 for edge in ("min_lon", "min_lat", "max_lon", "max_lat")]
        return _tilejson({"bounds": bounds, "minzoom": header["min_zoom"], "maxzoom": header["max_zoom"], **found})

    def addresses(self) -> Iterator[tuple[int, int, int]]:
        header = self._header
        directories = [(header["root_offset"], header["root_length"])]
        while directories:
            offset, length = directories.pop()
            for entry in self._directory(offset, length):
                if entry.run_length:
                    # A run: consecutive tiles with the same bytes (e.g. the open sea).
                    for tile_id in range(entry.tile_id, entry.tile_id + entry.run_length):
                        yield tileid_to_zxy(tile_id)
                else:
                    directories.append((header["leaf_directory_offset"] + entry.offset, entry.length))

    def where(self, z: int, x: int, y: int) -> str:
        return f"{self.path} tile {z}/{x}/{y}"


@dataclass
class MBTilesSet:
    """An MBTiles file (SQLite, rows in TMS order), opened read-only, one connection a thread."""

    path: Path
    _local: threading.local = field(default_factory=threading.local, init=False, repr=False)

    def __post_init__(self) -> None:
        try:
            self.metadata()
        except sqlite3.Error as error:
            raise TileSetError(f"{self.path}: not an MBTiles file ({error})") from None

    def _connection(self) -> sqlite3.Connection:
        if getattr(self._local, "connection", None) is None:
            self._local.connection = sqlite3.connect(f"{self.path.resolve().as_uri()}?mode=ro", uri=True)
        return self._local.connection

    def tile(self, z: int, x: int, y: int) -> bytes | None:
        row = (
            self._connection()
            .execute(
                "SELECT tile_data FROM tiles WHERE zoom_level = ? AND tile_column = ? AND tile_row = ?",
                (z, x, 2**z - 1 - y),
            )
            .fetchone()
        )
        return bytes(row[0]) if row else None

    def metadata(self) -> dict:
        return _tilejson(dict(self._connection().execute("SELECT name, value FROM metadata").fetchall()))

    def addresses(self) -> Iterator[tuple[int, int, int]]:
        for z, x, row in self._connection().execute("SELECT zoom_level, tile_column, tile_row FROM tiles"):
            yield z, x, 2**z - 1 - row

    def where(self, z: int, x: int, y: int) -> str:
        return f"{self.path} tile {z}/{x}/{y}"


@dataclass
class FolderSet:
    """A folder of {z}/{x}/{y}.pbf tiles with its metadata.json (TileJSON)."""

    path: Path

    def tile(self, z: int, x: int, y: int) -> bytes | None:
        try:
            return (self.path / str(z) / str(x) / f"{y}.pbf").read_bytes()
        except (FileNotFoundError, NotADirectoryError):
            return None

    def metadata(self) -> dict:
        found = self.path / "metadata.json"
        return _tilejson(json.loads(found.read_text(encoding="utf-8"))) if found.is_file() else {}

    def addresses(self) -> Iterator[tuple[int, int, int]]:
        for z_dir in self.path.iterdir():
            if not z_dir.name.isdigit():
                continue
            for x_dir in z_dir.iterdir():
                for tile in x_dir.glob("*.pbf"):
                    if x_dir.name.isdigit() and tile.stem.isdigit():
                        yield int(z_dir.name), int(x_dir.name), int(tile.stem)

    def where(self, z: int, x: int, y: int) -> str:
        return f"{self.path / str(z) / str(x) / str(y)}.pbf"


def open_tileset(path: Path) -> TileSet:
    """The tile set at a path: a .pmtiles or .mbtiles file, or a folder of tiles."""
    path = Path(path)
    if path.is_dir():
        return FolderSet(path)
    if not path.is_file():
        raise TileSetError(f"{path}: no such file or folder")
    if path.suffix == ".pmtiles":
        return PMTilesSet(path)
    if path.suffix == ".mbtiles":
        return MBTilesSet(path)
    raise TileSetError(f"{path}: not a .pmtiles or .mbtiles file, nor a folder of {{z}}/{{x}}/{{y}}.pbf tiles")


def _decoded(raw: bytes, where: str) -> vector_tile_pb2.tile:
    tile = vector_tile_pb2.tile()
    try:
        tile.ParseFromString(gzip.decompress(raw) if raw[:2] == GZIP_MAGIC else raw)
    except (DecodeError, OSError, EOFError) as error:
        raise TileSetError(f"{where}: not a vector tile ({error})") from None
    return tile


def merge_tiles(tiles: list[tuple[str, bytes]], keep: frozenset[str] = frozenset()) -> vector_tile_pb2.tile:
    """One tile message holding the layers (those of `keep`, or all) of tiles given with where they come from.

    Layers of the same name are joined: a feature's tags index its layer's key and value tables, so
    a joined layer appends the other's tables and shifts the indexes of its features' tags.
    """
    merged = vector_tile_pb2.tile()
    by_name: dict[str, vector_tile_pb2.tile.layer] = {}
    for where, raw in tiles:
        for layer in _decoded(raw, where).layers:
            if keep and layer.name not in keep:
                continue
            target = by_name.get(layer.name)
            if target is None:
                by_name[layer.name] = merged.layers.add()
                by_name[layer.name].CopyFrom(layer)
                continue
            if target.extent != layer.extent:
                raise TileSetError(f"{where}: layer {layer.name} has extent {layer.extent}, not {target.extent}")
            key_shift, value_shift = len(target.keys), len(target.values)
            target.keys.extend(layer.keys)
            target.values.extend(layer.values)
            for feature in layer.features:
                added = target.features.add()
                added.CopyFrom(feature)
                added.tags[:] = [tag + (value_shift if i % 2 else key_shift) for i, tag in enumerate(feature.tags)]
    return merged


# The tiles have rivers from this zoom on: the big ones (at least this long in the tiles) are
# generalised into the zooms below, so the Seine and its tributaries show from the regional view.
RIVERS_FROM_ZOOM = 8
OVERVIEW_ZOOMS = range(5, RIVERS_FROM_ZOOM)
BIG_RIVER_KM = 100


def big_rivers(holders: dict[int, list[TileSet]]) -> dict[str, BaseGeometry]:
    """The rivers at least BIG_RIVER_KM long in the tiles of RIVERS_FROM_ZOOM: name → lines in Mercator metres."""
    pieces: dict[str, list[BaseGeometry]] = defaultdict(list)
    for tile_id, sources in holders.items():
        z, x, y = tileid_to_zxy(tile_id)
        if z != RIVERS_FROM_ZOOM:
            continue
        for source in sources:
            layer = _decoded_layers(source.tile(z, x, y), source.where(z, x, y)).get("waterway", {})
            for feature in layer.get("features", []):
                name = feature["properties"].get("name:latin")
                if feature["properties"].get("class") == "river" and name:
                    pieces[name].append(_placed(feature["geometry"], layer["extent"], z, x, y))
    rivers = {}
    for name, lines in pieces.items():
        merged = shapely.line_merge(shapely.union_all(lines))
        # Mercator stretches lengths by 1 / cos(latitude).
        latitude = math.atan(math.sinh(merged.centroid.y / (HALF_WORLD_M / math.pi)))
        if merged.length * math.cos(latitude) / 1000 >= BIG_RIVER_KM:
            rivers[name] = merged
    return rivers


def _decoded_layers(raw: bytes, where: str) -> dict:
    """A tile's layers, decoded (features in tile pixels, y down)."""
    try:
        return mapbox_vector_tile.decode(
            gzip.decompress(raw) if raw[:2] == GZIP_MAGIC else raw, default_options={"y_coord_down": True}
        )
    except (DecodeError, OSError, EOFError, ValueError) as error:
        raise TileSetError(f"{where}: not a vector tile ({error})") from None


def rivers_tile(rivers: dict[str, BaseGeometry], z: int, x: int, y: int) -> bytes | None:
    """A tile of the big rivers crossing tile z/x/y, simplified for its zoom; None when none crosses it."""
    size = tile_size(z)
    west, north = -HALF_WORLD_M + x * size, HALF_WORLD_M - y * size
    # A margin of 64 of the tile's 4,096 pixels, so lines run on across tile edges.
    area = shapely.box(west, north - size, west + size, north).buffer(size / 64, join_style="mitre")

    def to_pixels(coords: np.ndarray) -> np.ndarray:
        return np.column_stack([(coords[:, 0] - west) / size * 4096, (north - coords[:, 1]) / size * 4096])

    features = []
    for name, line in rivers.items():
        part = line.intersection(area)
        if not part.is_empty:
            pixels = shapely.transform(part.simplify(2 * size / 4096), to_pixels)
            features.append({"geometry": pixels, "properties": {"class": "river", "name:latin": name}})
    if not features:
        return None
    return mapbox_vector_tile.encode(
        [{"name": "waterway", "features": features}], default_options={"y_coord_down": True}
    )


def build(
    sources: list[Path],
    out: Path,
    progress: Callable[[str], None] = lambda _: None,
    keep: frozenset[str] = frozenset(),
) -> dict:
    """Write one PMTiles file from tile sets; returns what it holds (tiles, merged, bounds, zooms).

    The sources are tile folders, or PMTiles or MBTiles files (e.g. a Planetiler extract, which gets
    the generalised rivers too). Tiles held by several sources are merged layer by layer; tiles are
    stored gzip-compressed; only the layers of `keep` are kept when it names some (the renderer
    parses every layer of a tile). The file appears whole or not at all (written beside it, then renamed).
    """
    sets = [open_tileset(source) for source in sources]
    holders: dict[int, list[TileSet]] = defaultdict(list)
    for tiles in sets:
        for z, x, y in tiles.addresses():
            holders[zxy_to_tileid(z, x, y)].append(tiles)
    if not holders:
        raise TileSetError("the sources hold no tiles")
    progress(f"{len(holders)} tiles from {len(sets)} sources")
    layers: dict[str, dict] = {}
    boxes = []
    for tiles in sets:
        found = tiles.metadata()
        for layer in found.get("vector_layers", []):
            if not keep or layer["id"] in keep:
                layers.setdefault(layer["id"], layer)
        if "bounds" in found:
            boxes.append(found["bounds"])
    # The sources' bounds together; the whole Web Mercator world when none says.
    wests, souths, easts, norths = zip(*boxes, strict=True) if boxes else ([-180.0], [-85.0511], [180.0], [85.0511])
    bounds = [min(wests), min(souths), max(easts), max(norths)]
    merged = 0
    seen: dict[str, list[int]] = {}
    rivers = big_rivers(holders) if not keep or "waterway" in keep else {}
    if rivers:
        progress(f"{len(rivers)} rivers drawn from zoom {OVERVIEW_ZOOMS[0]}: {', '.join(sorted(rivers))}")
    out.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=out.parent, prefix=out.name, suffix=".part")
    try:
        with os.fdopen(handle, "wb") as stream:
            writer = Writer(stream)
            # The writer's scratch file is closed even when a tile is refused.
            with writer.tile_f:
                for tile_id in sorted(holders):
                    z, x, y = tileid_to_zxy(tile_id)
                    parts = [(tiles.where(z, x, y), tiles.tile(z, x, y)) for tiles in holders[tile_id]]
                    merged += len(parts) > 1
                    overview = rivers_tile(rivers, z, x, y) if rivers and z in OVERVIEW_ZOOMS else None
                    if overview:
                        parts.append(("the generalised rivers", overview))
                    # Every tile is read, so a broken one is named rather than published.
                    tile = merge_tiles(parts, keep)
                    for layer in tile.layers:
                        span = seen.setdefault(layer.name, [z, z])
                        span[:] = [min(span[0], z), max(span[1], z)]
                    writer.write_tile(tile_id, gzip.compress(tile.SerializeToString(), mtime=0))
                zooms = [tileid_to_zxy(tile_id)[0] for tile_id in (min(holders), max(holders))]
                header = {
                    "tile_type": TileType.MVT,
                    "tile_compression": Compression.GZIP,
                    "min_lon_e7": int(bounds[0] * 1e7),
                    "min_lat_e7": int(bounds[1] * 1e7),
                    "max_lon_e7": int(bounds[2] * 1e7),
                    "max_lat_e7": int(bounds[3] * 1e7),
                    "center_zoom": zooms[0],
                    "center_lon_e7": int((bounds[0] + bounds[2]) / 2 * 1e7),
                    "center_lat_e7": int((bounds[1] + bounds[3]) / 2 * 1e7),
                }
                # The renderer draws only the layers the set declares: those the sources name, else
                # those found in the tiles.
                for name, (low, high) in seen.items():
                    declared = layers.setdefault(name, {"id": name, "fields": {}, "minzoom": low, "maxzoom": high})
                    declared["minzoom"] = min(declared.get("minzoom", low), low)
                metadata = {
                    "name": "Mobility Valley Atlas basemap",
                    "attribution": "© OpenStreetMap contributors",
                    "vector_layers": list(layers.values()),
                }
                writer.finalize(header, metadata)
        os.chmod(temporary, 0o644)  # readable by the server's user, like any published file
        os.replace(temporary, out)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    progress(f"wrote {out}: {len(holders)} tiles, {merged} merged from several sources")
    return {"tiles": len(holders), "merged": merged, "bounds": bounds, "zooms": zooms}


# Web Mercator: half the world's width in metres.
HALF_WORLD_M = 20_037_508.342789244
# A drawn map decodes at most this many tiles: a wide view takes a lower zoom instead.
MAX_DRAWN_TILES = 16


@dataclass(frozen=True)
class Streets:
    """What an image of the map draws from a tile set, in Web Mercator metres."""

    water: list = field(default_factory=list)
    rivers: list = field(default_factory=list)
    # Road class (motorway, trunk, primary) → its lines.
    roads: dict = field(default_factory=dict)


def tile_size(z: int) -> float:
    """The width of a tile of zoom z, in Web Mercator metres."""
    return 2 * HALF_WORLD_M / 2**z


def drawing_zoom(tiles: TileSet, box: tuple[float, float, float, float], pixels: int) -> int:
    """The tile zoom whose detail suits an image `pixels` wide of a Mercator box (xmin, xmax, ymin, ymax)."""
    found = tiles.metadata()
    low, high = found.get("minzoom", 0), found.get("maxzoom", 14)
    span = max(box[1] - box[0], 1.0)
    # Tiles drawn at about 512 pixels, as the web map draws them.
    zoom = max(low, min(high, int(math.log2(2 * HALF_WORLD_M * pixels / (512 * span)))))
    while zoom > low and len(_covering(box, zoom)) > MAX_DRAWN_TILES:
        zoom -= 1
    return zoom


def _covering(box: tuple[float, float, float, float], zoom: int) -> list[tuple[int, int]]:
    """The x, y of the tiles of a zoom that a Mercator box touches."""
    size = tile_size(zoom)
    last = 2**zoom - 1
    x0, x1 = (max(0, min(last, int((value + HALF_WORLD_M) // size))) for value in box[:2])
    y0, y1 = (max(0, min(last, int((HALF_WORLD_M - value) // size))) for value in (box[3], box[2]))
    return [(x, y) for x in range(x0, x1 + 1) for y in range(y0, y1 + 1)]


def _placed(geometry: dict, extent: int, z: int, x: int, y: int) -> BaseGeometry:
    """A decoded feature's geometry in tile z/x/y, from tile pixels (y down from the top) to Mercator metres."""
    size = tile_size(z)

    def to_metres(coords: np.ndarray) -> np.ndarray:
        return np.column_stack(
            [-HALF_WORLD_M + (x + coords[:, 0] / extent) * size, HALF_WORLD_M - (y + coords[:, 1] / extent) * size]
        )

    return shapely.transform(shape(geometry), to_metres)


def streets(tiles: TileSet, box: tuple[float, float, float, float], pixels: int) -> Streets:
    """Water, rivers and main roads of a Mercator box (xmin, xmax, ymin, ymax), for an image `pixels` wide."""
    zoom = drawing_zoom(tiles, box, pixels)
    found = Streets()
    for x, y in _covering(box, zoom):
        raw = tiles.tile(zoom, x, y)
        if not raw:
            continue
        layers = _decoded_layers(raw, f"{tiles.path} {zoom}/{x}/{y}")

        for feature in layers.get("water", {}).get("features", []):
            found.water.append(_placed(feature["geometry"], layers["water"]["extent"], zoom, x, y))
        for feature in layers.get("waterway", {}).get("features", []):
            if feature["properties"].get("class") == "river":
                found.rivers.append(_placed(feature["geometry"], layers["waterway"]["extent"], zoom, x, y))
        for feature in layers.get("transportation", {}).get("features", []):
            kind = feature["properties"].get("class")
            if kind in ("motorway", "trunk", "primary") and feature["properties"].get("brunnel") != "tunnel":
                found.roads.setdefault(kind, []).append(
                    _placed(feature["geometry"], layers["transportation"]["extent"], zoom, x, y)
                )
    return found
