"""Shared fixtures: a small source folder, its published database and an app built on it."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import dash
import pytest

from dashboard.build import build
from dashboard.reference import Reference
from dashboard.settings import DATA, Settings
from dashboard.validate import read_vocabularies

FIXTURES = Path(__file__).parent / "fixtures" / "data"
# Nine aliases of nine aliases…: a billion items once expanded, if aliases were followed.
BILLION_LAUGHS = "a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n" + "".join(
    f"{this}: &{this} [{', '.join([f'*{before}'] * 9)}]\n" for before, this in zip("abcdefgh", "bcdefghi", strict=True)
)


def make_sources(folder: Path) -> Path:
    """A complete source folder: the fixture sites and zones, the real vocabularies and geodata."""
    folder.mkdir(parents=True, exist_ok=True)
    for name in ("sites.csv", "zones.geojson", "highlights.yaml"):
        shutil.copy(FIXTURES / name, folder / name)
    for name in ("vocabularies.yaml", "figures.yaml"):
        shutil.copy(DATA / name, folder / name)
    shutil.copytree(FIXTURES / "tours", folder / "tours")
    (folder / "reference").symlink_to(DATA / "reference")
    (folder / "sources").symlink_to(DATA / "sources")
    return folder


@pytest.fixture
def sources(tmp_path: Path) -> Path:
    return make_sources(tmp_path / "data")


def app_settings(database: Path, data_dir: Path, **overrides) -> Settings:
    """Settings of an app under test: no tiles (tests never need the network), exports drawn in-thread."""
    return Settings(**{"database": database, "data_dir": data_dir, "tile_url": "", "exports_apart": False, **overrides})


@pytest.fixture(scope="session")
def fixture_db(tmp_path_factory) -> Path:
    """The fixture sources built once into a DuckDB file."""
    folder = make_sources(tmp_path_factory.mktemp("fixture") / "data")
    target = folder / "atlas.duckdb"
    build(folder, target)
    return target


@pytest.fixture(scope="session")
def reference() -> Reference:
    return Reference.load(DATA / "reference")


@pytest.fixture(scope="session")
def vocab():
    return read_vocabularies(DATA / "vocabularies.yaml")[0]


@pytest.fixture
def app(fixture_db: Path):
    """A fresh app on the fixture database; the global page registry is cleared around it."""
    from dashboard.factory import create_app

    dash.page_registry.clear()
    application = create_app(app_settings(fixture_db, fixture_db.parent))
    yield application
    dash.page_registry.clear()


@pytest.fixture
def client(app):
    return app.server.test_client()


def publish(source: Path, target: Path) -> None:
    """As the build publishes: a complete file renamed over the old one."""
    shutil.copy(source, target.with_suffix(".new"))
    os.replace(target.with_suffix(".new"), target)


@pytest.fixture
def published(fixture_db: Path, tmp_path: Path) -> Path:
    target = tmp_path / "atlas.duckdb"
    publish(fixture_db, target)
    return target


@pytest.fixture
def live(published: Path, fixture_db: Path):
    """An app on a database file the test may break and publish again."""
    from dashboard.factory import create_app

    dash.page_registry.clear()
    application = create_app(app_settings(published, fixture_db.parent))
    yield application.server.test_client()
    dash.page_registry.clear()
