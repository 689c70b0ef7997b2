"""Command line: `build` publishes the database, `validate` only checks, `tours` checks the tours.

`messages` updates the interface catalogs; `basemap build` makes one PMTiles file of street tiles.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import replace
from pathlib import Path

from dashboard import basemap, i18n, model, queries, tilesets, tours
from dashboard.build import BuildFailed, Sources, build, validate
from dashboard.db import Database
from dashboard.settings import ROOT, Settings
from dashboard.vocab import Vocabularies


def main(argv: list[str] | None = None) -> int:
    """Run the command named on the command line; return the exit status."""
    settings = Settings.from_env()
    parser = argparse.ArgumentParser(prog="python -m dashboard", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    build_cmd = commands.add_parser("build", help="validate the sources and publish the database")
    build_cmd.add_argument("--data", type=Path, default=settings.data_dir, help="source folder (ATLAS_DATA)")
    build_cmd.add_argument("--db", type=Path, default=settings.database, help="database to publish (ATLAS_DB)")
    check_cmd = commands.add_parser("validate", help="only validate the sources")
    check_cmd.add_argument("--data", type=Path, default=settings.data_dir, help="source folder (ATLAS_DATA)")
    tours_cmd = commands.add_parser("tours", help="check the guided tours against the published database")
    tours_cmd.add_argument("--db", type=Path, default=settings.database, help="published database (ATLAS_DB)")
    commands.add_parser("messages", help="update locales/*/atlas.po from the messages the code uses")
    basemap_cmd = commands.add_parser("basemap", help="street basemap tiles").add_subparsers(
        dest="basemap_command", required=True
    )
    tiles_cmd = basemap_cmd.add_parser(
        "build", help="one PMTiles file from tile sets: folders of {z}/{x}/{y}.pbf tiles, .pmtiles or .mbtiles files"
    )
    tiles_cmd.add_argument("sources", type=Path, nargs="+", help="tile folders or files (OpenMapTiles schema)")
    tiles_cmd.add_argument("--out", type=Path, required=True, help="the .pmtiles file to write (ATLAS_BASEMAP)")
    tiles_cmd.add_argument(
        "--all-layers", action="store_true", help="keep every layer (by default only those the atlas's style draws)"
    )
    args = parser.parse_args(argv)

    def progress(message: str) -> None:
        print(message, file=sys.stderr, flush=True)

    if args.command == "messages":
        missing = i18n.update_catalogs()
        for lang, messages in missing.items():
            for problem in messages:
                print(f"{i18n.catalog_path(lang).relative_to(ROOT)}: {problem}", file=sys.stderr)
        return 1 if any(missing.values()) else 0
    if args.command == "tours":
        return check_tours(replace(settings, database=args.db))
    if args.command == "basemap":
        try:
            keep = frozenset() if args.all_layers else basemap.STYLE_LAYERS
            tilesets.build(args.sources, args.out, progress, keep)
        except (tilesets.TileSetError, OSError) as error:
            print(f"basemap not built: {error}", file=sys.stderr)
            return 1
        return 0
    try:
        if args.command == "build":
            data = build(args.data, args.db, progress)
            print(f"published {args.db}: {len(data.sites)} sites, {len(data.zones)} zones")
        else:
            data = validate(Sources(args.data), progress)
            print(f"valid: {len(data.sites)} sites, {len(data.zones)} zones")
    except BuildFailed as failure:
        for problem in failure.problems:
            print(problem, file=sys.stderr)
        print(f"{len(failure.problems)} problem(s); nothing was published", file=sys.stderr)
        return 1
    return 0


def check_tours(settings: Settings) -> int:
    """Print each tour file's state and problems; 1 when any tour cannot be played."""
    cursor = Database(settings.database).cursor()
    known = model.tour_known(cursor, Vocabularies(queries.vocabulary(cursor)))
    files = tours.read_tours(settings.tours_dir, known)
    for found in files:
        if found.tour:
            print(f"{found.path.name}: {len(found.tour['steps'])} steps, valid")
        for problem in found.problems:
            print(problem, file=sys.stderr)
    return 1 if any(found.problems for found in files) else 0


if __name__ == "__main__":
    sys.exit(main())
