"""Settings read from the environment, with defaults under the project root."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

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
        trusted_hosts: the host names requests may be addressed to, besides the public URL's (links
            and QR codes are built from the address a request came to); others are refused (400).
        frame_ancestors: the pages allowed to show the atlas in a frame (CSP `frame-ancestors`
            sources, e.g. `'self' https://example.org` to embed /embed there).
        exports_apart: draw the PDF briefs and map images in a process of their own per server
            process (false: in the request's thread, where processes cannot be started).

    """

    database: Path = DATA / "atlas.duckdb"
    data_dir: Path = DATA
    # Offline first: the vector basemap stands alone; set ATLAS_TILE_URL to draw raster tiles under it.
    tile_url: str = ""
    debug: bool = False
    public_url: str = ""
    kiosk_idle_seconds: int = 90
    basemap: Path | None = None
    trusted_hosts: tuple[str, ...] = ("localhost", "127.0.0.1")
    frame_ancestors: tuple[str, ...] = ("'self'",)
    exports_apart: bool = True

    @property
    def hosts(self) -> tuple[str, ...]:
        """The host names the app answers to: the trusted ones and the public URL's."""
        public = urlsplit(self.public_url).hostname
        return self.trusted_hosts + ((public,) if public else ())

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
            trusted_hosts=listed(env.get("ATLAS_TRUSTED_HOSTS"), ",", HOST) or defaults.trusted_hosts,
            frame_ancestors=listed(env.get("ATLAS_FRAME_ANCESTORS"), " ", FRAME_SOURCE) or defaults.frame_ancestors,
            exports_apart=env.get("ATLAS_EXPORTS_APART", "").lower() not in {"0", "false", "no"},
        )


MAX_IDLE_SECONDS = 3600
# A host name (a leading dot: any subdomain too), and a CSP source a frame may be embedded by.
HOST = re.compile(r"^\.?[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?$")
FRAME_SOURCE = re.compile(r"^(?:'self'|'none'|https?://(?:\*\.)?[A-Za-z0-9.-]+(?::\d+)?)$")


def listed(value: str | None, separator: str, pattern: re.Pattern) -> tuple[str, ...]:
    """The items of a list setting that match the pattern (a malformed one is left out, never passed on)."""
    items = (item.strip() for item in (value or "").split(separator))
    return tuple(item for item in items if item and pattern.match(item))


def seconds(value: object, default: int) -> int:
    """A whole number of seconds between 1 and an hour from untrusted text, else the default."""
    try:
        number = int(str(value).strip())
    except ValueError:
        return default
    return number if 1 <= number <= MAX_IDLE_SECONDS else default
