"""GeoJSON payloads for the map and the downloads, and map views."""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from typing import Any

from dashboard.i18n import N_
from dashboard.vocab import Vocabularies

# The credits of the map, on the web map and under exported images alike (translated where shown):
# many site positions come from OpenStreetMap (ODbL), the boundaries and names from the bundled basemap.
MAP_ATTRIBUTION = N_(
    "Sites: © OpenStreetMap contributors (ODbL) · "
    "Boundaries: IGN, INSEE (Licence Ouverte 2.0) · Natural Earth · GeoNames (CC BY 4.0)"
)
# Closed sites and ended experiments (shown only when asked for) are drawn grey, as in assets/map.js.
GONE_STATUSES = ("closed", "ended")
GONE_COLOUR = "#8a9099"
# The sphere distances are measured on ("near a place"): the Earth's mean radius, within 0.5 % of the ellipsoid.
EARTH_RADIUS_KM = 6371.0088
# The zoom levels the atlas's maps offer (tours and shared views may ask for these only).
ZOOMS = (5, 16)
# The Seine axis and the east: the four atlas regions on open (south, west, north, east).
HOME_BOUNDS = ((46.2, -1.3), (50.1, 8.3))


def site_feature(site: dict[str, Any], properties: dict[str, Any]) -> dict[str, Any]:
    """A GeoJSON point feature for a site."""
    return {
        "type": "Feature",
        "geometry": {"type": "Point", "coordinates": [site["lon"], site["lat"]]},
        "properties": properties,
    }


def zone_feature(zone: dict[str, Any], properties: dict[str, Any]) -> dict[str, Any]:
    """A GeoJSON polygon feature for a zone."""
    return {"type": "Feature", "geometry": json.loads(zone["geojson"]), "properties": properties}


def _style(record: dict[str, Any], vocab: Vocabularies) -> dict[str, Any]:
    category = record["category"]
    return {
        "category": category,
        "colour": vocab.attribute("categories", category, "colour", "#555555"),
        "shape": vocab.attribute("categories", category, "shape", "circle"),
    }


def _flags(record: dict[str, Any]) -> dict[str, Any]:
    # Only what differs from the usual carries a flag (a tour's highlight, a place no longer there):
    # the payload of an ordinary selection stays small.
    flags: dict[str, Any] = {"highlight": True} if record.get("highlight") else {}
    if record.get("status") not in (None, "active"):
        flags["status"] = record["status"]
    return flags


def stacks(sites: list[dict[str, Any]]) -> dict[str, tuple[int, int]]:
    """For sites that share one point (one address): each one's place in its stack and the stack's size.

    The map fans a stack's markers out around the point, so each stays visible and clickable at
    every zoom; sites alone at their point are not listed.
    """
    at: dict[tuple[float, float], list[str]] = {}
    for site in sites:
        at.setdefault((site["lat"], site["lon"]), []).append(site["id"])
    return {site_id: (index, len(ids)) for ids in at.values() if len(ids) > 1 for index, site_id in enumerate(ids)}


def map_layers(sites: list[dict[str, Any]], zones: list[dict[str, Any]], vocab: Vocabularies) -> tuple[dict, dict]:
    """Light feature collections for the map: what the markers and tooltips need, no more."""
    stacked = stacks(sites)
    points = [
        site_feature(
            s,
            {
                "id": s["id"],
                "name": s["name"],
                **_style(s, vocab),
                **_flags(s),
                **({"stack": list(stacked[s["id"]])} if s["id"] in stacked else {}),
            },
        )
        for s in sites
    ]
    areas = [
        zone_feature(z, {"id": z["site_id"] or z["id"], "name": z["name"], **_style(z, vocab), **_flags(z)})
        for z in zones
    ]
    return collection(points), collection(areas)


def collection(features: list[dict[str, Any]]) -> dict[str, Any]:
    """A GeoJSON FeatureCollection."""
    return {"type": "FeatureCollection", "features": features}


def bounds(sites: list[dict[str, Any]], zones: list[dict[str, Any]]) -> tuple[float, float, float, float] | None:
    """South, west, north, east of the given sites and zones, or None when there are none."""
    boxes = [(s["lat"], s["lon"], s["lat"], s["lon"]) for s in sites] + [
        (z["south"], z["west"], z["north"], z["east"]) for z in zones
    ]
    if not boxes:
        return None
    souths, wests, norths, easts = zip(*boxes, strict=True)
    return min(souths), min(wests), max(norths), max(easts)


def circle(lat: float, lon: float, radius_km: float, points: int = 96) -> dict[str, Any]:
    """A GeoJSON polygon of the points `radius_km` from a centre on the sphere "near" measures on."""
    angle = radius_km / EARTH_RADIUS_KM
    lat0, lon0 = math.radians(lat), math.radians(lon)
    ring = []
    for step in range(points + 1):
        bearing = 2 * math.pi * step / points
        lat1 = math.asin(math.sin(lat0) * math.cos(angle) + math.cos(lat0) * math.sin(angle) * math.cos(bearing))
        lon1 = lon0 + math.atan2(
            math.sin(bearing) * math.sin(angle) * math.cos(lat0), math.cos(angle) - math.sin(lat0) * math.sin(lat1)
        )
        ring.append([round(math.degrees(lon1), 5), round(math.degrees(lat1), 5)])
    return {"type": "Polygon", "coordinates": [ring]}


def polygon_bounds(polygon: dict[str, Any]) -> tuple[float, float, float, float]:
    """South, west, north, east of a GeoJSON polygon."""
    lons, lats = zip(*polygon["coordinates"][0], strict=True)
    return min(lats), min(lons), max(lats), max(lons)


def viewport(
    bounds: tuple[float, float, float, float] | None, duration: float = 0.8, max_zoom: int = 12
) -> dict[str, Any]:
    """A map view flying to bounds (south, west, north, east); the home view when None."""
    corners = HOME_BOUNDS if bounds is None else ((bounds[0], bounds[1]), (bounds[2], bounds[3]))
    return {
        "bounds": [list(corners[0]), list(corners[1])],
        "transition": "flyToBounds",
        "options": {"padding": [40, 40], "maxZoom": max_zoom, "duration": duration},
    }


def fly_to(center: list[float], zoom: int, duration: float = 0.8) -> dict[str, Any]:
    """A map view flying to a centre [lat, lon] at a zoom level."""
    return {"center": list(center), "zoom": zoom, "transition": "flyTo", "options": {"duration": duration}}


@dataclass(frozen=True)
class View:
    """Where a map looks: a centre and zoom, else a box to fit, else the home view."""

    bounds: tuple[float, float, float, float] | None = None
    center: tuple[float, float] | None = None
    zoom: int | None = None

    def leaflet(self, duration: float = 0.8) -> dict[str, Any]:
        """The dash-leaflet viewport that flies there."""
        if self.center is not None and self.zoom is not None:
            return fly_to(list(self.center), self.zoom, duration)
        return viewport(self.bounds, duration, max_zoom=13)

    def box(self) -> tuple[float, float, float, float]:
        """South, west, north, east to fit: the bounds, else the home view (a centred view has a zoom instead)."""
        (south, west), (north, east) = HOME_BOUNDS
        return self.bounds or (south, west, north, east)
