"""Reference geodata (regions and communes) for validating site positions, in metres."""

from __future__ import annotations

import gzip
import json
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import numpy as np
import shapely
from pyproj import Transformer
from shapely.geometry import shape
from shapely.geometry.base import BaseGeometry

# Lambert-93, France's metric projection: distances in metres for tolerance checks.
_TO_METRES = Transformer.from_crs(4326, 2154, always_xy=True)


def to_metres(geometry: BaseGeometry) -> BaseGeometry:
    """Project a lon/lat geometry to Lambert-93."""
    return shapely.transform(geometry, _project)


def _project(coords: np.ndarray) -> np.ndarray:
    x, y = _TO_METRES.transform(coords[:, 0], coords[:, 1])
    return np.column_stack([x, y])


@dataclass(frozen=True)
class Commune:
    """A commune polygon with its names and codes."""

    code: str
    name: str
    region_code: str
    geometry: dict = field(repr=False)

    @cached_property
    def shape(self) -> BaseGeometry:
        """The polygon in Lambert-93 metres."""
        return to_metres(shape(self.geometry))


@dataclass(frozen=True)
class Reference:
    """Regions of metropolitan France and the communes of the atlas regions."""

    regions: dict[str, tuple[str, BaseGeometry]]
    communes: dict[str, Commune]

    @classmethod
    def load(cls, folder: Path) -> Reference:
        """Read regions.geojson and communes.geojson.gz from the reference folder."""
        regions_doc = json.loads((folder / "regions.geojson").read_text(encoding="utf-8"))
        regions = {
            f["properties"]["code"]: (f["properties"]["name"], to_metres(shape(f["geometry"])))
            for f in regions_doc["features"]
        }
        communes_doc = json.loads(gzip.decompress((folder / "communes.geojson.gz").read_bytes()))
        communes = {
            p["code"]: Commune(p["code"], p["name"], p["region_code"], f["geometry"])
            for f in communes_doc["features"]
            for p in [f["properties"]]
        }
        return cls(regions, communes)

    def commune_points(self) -> list[dict]:
        """Each commune's code, name, region and a point of it (lon/lat), for "near a commune".

        The point is the polygon's centroid, or a point inside it where the centroid falls outside.
        """
        points = []
        for commune in self.communes.values():
            polygon = shape(commune.geometry)
            point = polygon.centroid if polygon.contains(polygon.centroid) else polygon.point_on_surface()
            points.append(
                {
                    "code": commune.code,
                    "name": commune.name,
                    "region_code": commune.region_code,
                    "lat": round(point.y, 5),
                    "lon": round(point.x, 5),
                }
            )
        return points

    def distance_to_france(self, geometry: BaseGeometry) -> float:
        """Metres from a metric geometry to the nearest metropolitan region (0 inside one)."""
        return min(polygon.distance(geometry) for _, polygon in self.regions.values())
