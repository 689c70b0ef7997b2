"""Settings read from the environment, with defaults under the project root."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data"


@dataclass(frozen=True)
class Settings:
    """Everything the app and the build need to know about their surroundings.

    Attributes:
        database: the published DuckDB file (read-only in the app).
        data_dir: the folder holding the human-editable sources and reference geodata.
        tile_url: raster tiles drawn under the vector layers, e.g. OpenStreetMap's; empty for none.
        debug: Dash debug mode (never in production: it shows stack traces).
        public_url: the address visitors' phones reach the atlas at, for the kiosk's QR codes;
            empty: the address the kiosk itself was loaded from.
        kiosk_idle_seconds: how long the kiosk waits without a touch before it resets and starts
            its attract loop.
        basemap: a street basemap in the OpenMapTiles schema (a .pmtiles or .mbtiles file, or a
            folder of {z}/{x}/{y}.pbf tiles) that the app serves and draws under its layers; None:
            the bundled basemap alone.

    """

    database: Path = DATA / "atlas.duckdb"
    data_dir: Path = DATA
    # Offline first: the vector basemap stands alone; set ATLAS_TILE_URL to draw raster tiles under it.
    tile_url: str = ""
    debug: bool = False
    public_url: str = ""
    kiosk_idle_seconds: int = 90
    basemap: Path | None = None

    @property
    def tours_dir(self) -> Path:
        """The guided tours of the presentation mode, one YAML file a tour."""
        return self.data_dir / "tours"

    @classmethod
    def from_env(cls, environ: dict[str, str] | None = None) -> Settings:
        """Build settings from `ATLAS_*` environment variables."""
        env = os.environ if environ is None else environ
        defaults = cls()
        return cls(
            database=Path(env.get("ATLAS_DB", defaults.database)),
            data_dir=Path(env.get("ATLAS_DATA", defaults.data_dir)),
            tile_url=env.get("ATLAS_TILE_URL", defaults.tile_url),
            debug=env.get("ATLAS_DEBUG", "").lower() in {"1", "true", "yes"},
            public_url=env.get("ATLAS_PUBLIC_URL", defaults.public_url).strip().rstrip("/"),
            kiosk_idle_seconds=seconds(env.get("ATLAS_KIOSK_IDLE"), defaults.kiosk_idle_seconds),
            basemap=Path(env["ATLAS_BASEMAP"]) if env.get("ATLAS_BASEMAP", "").strip() else None,
        )


MAX_IDLE_SECONDS = 3600


def seconds(value: object, default: int) -> int:
    """A whole number of seconds between 1 and an hour from untrusted text, else the default."""
    try:
        number = int(str(value).strip())
    except ValueError:
        return default
    return number if 1 <= number <= MAX_IDLE_SECONDS else default
