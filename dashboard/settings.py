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

    """

    database: Path = DATA / "atlas.duckdb"
    data_dir: Path = DATA
    # Offline first: the vector basemap stands alone; set ATLAS_TILE_URL to draw raster tiles under it.
    tile_url: str = ""
    debug: bool = False

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
        )
