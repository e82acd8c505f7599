"""``python -m geo.storage migrate`` | ``load DIR [--replace]`` | ``version``: prepare the PostGIS store.

The database is ``--database-url``, else ``CQ_DASH_DATABASE_URL``. ``load``
migrates first, checks the folder loads exactly as the app would load it, and
refuses a database that already holds data unless ``--replace`` (which keeps
the old versions as history).

Exit status: 0 done, 1 refused (the reason printed), 2 bad command line or no database.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from geo.catalog import load_catalog
from geo.errors import DataError
from geo.ingest.sources import command_line_user
from geo.storage.base import StoreUnavailableError


def migrate(url: str) -> None:
    """Bring the database's schema up to the newest migration (Alembic ``upgrade head``)."""
    from alembic import command
    from alembic.config import Config

    config = Config(str(Path(__file__).with_name("alembic.ini")))
    sa_url = url.replace("postgresql://", "postgresql+psycopg://", 1).replace("postgres://", "postgresql+psycopg://", 1)
    config.set_main_option("sqlalchemy.url", sa_url.replace("%", "%%"))
    command.upgrade(config, "head")


def load(url: str, folder: Path, *, replace: bool = False, imported_by: str = "") -> str:
    """Load a data folder's files as the database's current version; return its id.

    Raises
    ------
    geo.errors.DataError
        When the folder does not load (every problem listed); nothing written.
    FileExistsError
        When the database holds data and ``replace`` is False.
    """
    from geo.storage.postgis import PostgisStorage

    load_catalog(folder)  # the same validation as the app's start-up
    files = {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.suffix in (".csv", ".toml", ".geojson")}
    storage = PostgisStorage(url)
    with storage.writing() as writer:
        if writer.current is not None and not replace:
            raise FileExistsError(f"{storage.location} already holds data (version {writer.current}): use --replace")
        writer.write_whole(files, "load", imported_by or command_line_user())
    version = storage.current_version()
    storage.close()
    return version


def main(argv: list[str] | None = None) -> int:
    """Run the command line; return the exit status."""
    parser = argparse.ArgumentParser(prog="python -m geo.storage", description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", default=os.environ.get("CQ_DASH_DATABASE_URL"))
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("migrate", help="create or upgrade the tables")
    loader = sub.add_parser("load", help="load a data folder into the database")
    loader.add_argument("folder", type=Path)
    loader.add_argument("--replace", action="store_true", help="load even when the database holds data")
    sub.add_parser("version", help="print the current version")
    args = parser.parse_args(argv)
    if not args.database_url:
        print("no database: set CQ_DASH_DATABASE_URL or pass --database-url", file=sys.stderr)
        return 2
    from geo.storage.postgis import EmptyStoreError, PostgisStorage

    try:
        if args.command in ("migrate", "load"):
            migrate(args.database_url)
        if args.command == "load":
            print(f"loaded {args.folder} as version {load(args.database_url, args.folder, replace=args.replace)}")
        elif args.command == "version":
            print(PostgisStorage(args.database_url).current_version())
    except DataError as exc:
        print(f"refused: {args.folder} does not load:", *(f"  - {p}" for p in exc.problems), sep="\n", file=sys.stderr)
        return 1
    except (FileExistsError, EmptyStoreError) as exc:
        print(f"refused: {exc}", file=sys.stderr)
        return 1
    except StoreUnavailableError as exc:
        print(str(exc), file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
