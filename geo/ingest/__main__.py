"""``python -m geo.ingest KIND FILE [--dry-run] [--replace] [--data-dir DIR]``; ``python -m geo.ingest --restore``.

The store is the database ``--database-url``, else ``CQ_DASH_DATABASE_URL`` (as for
the app; PostgreSQL + PostGIS, see :mod:`geo.storage`); without one, the data
folder ``--data-dir``, else ``CQ_DASH_DATA_DIR``, else ``data/``.

Exit status: 0 imported (or, with ``--dry-run``, would import), 1 refused
(every problem printed, nothing written; also when the database is down), 2 bad command line, 3 another
import held the data folder too long.
"""

from __future__ import annotations

import argparse
import os
import sys
import unicodedata
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from geo.catalog import DATA_DIR
from geo.ingest import KINDS, IngestError, IngestReport, LockTimeoutError, ingest, restore
from geo.ingest.sources import command_line_user
from geo.storage import Storage, StoreUnavailableError, open_storage

T = TypeVar("T")


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    """Parse the command line."""
    parser = argparse.ArgumentParser(prog="python -m geo.ingest", description=__doc__.splitlines()[0])
    parser.add_argument("kind", nargs="?", choices=KINDS, help="the table to import into")
    parser.add_argument("file", nargs="?", type=Path, help="CSV, XLSX, GeoJSON, GeoPackage or zipped Shapefile")
    parser.add_argument("--dry-run", action="store_true", help="check only, write nothing")
    parser.add_argument("--replace", action="store_true", help="replace the whole table instead of merging by id")
    parser.add_argument(
        "--data-dir",
        type=Path,
        default=Path(os.environ.get("CQ_DASH_DATA_DIR") or DATA_DIR),
        help="the data folder (default: $CQ_DASH_DATA_DIR, else data/)",
    )
    parser.add_argument(
        "--database-url",
        default=os.environ.get("CQ_DASH_DATABASE_URL") or None,
        help="PostgreSQL + PostGIS store (default: $CQ_DASH_DATABASE_URL; none: the data folder)",
    )
    parser.add_argument("--history", action="store_true", help="list the kept versions, newest first")
    parser.add_argument("--restore", metavar="VERSION", help="put back a kept version (a name from --history)")
    args = parser.parse_args(argv)
    if not (args.history or args.restore) and (args.kind is None or args.file is None):
        parser.error("KIND and FILE are required (or --history / --restore VERSION)")
    return args


def main(argv: list[str] | None = None) -> int:
    """Run the command line; return the exit status."""
    args = parse_args(argv)
    storage = open_storage(args.data_dir, args.database_url)
    try:
        return _run(args, storage)
    except StoreUnavailableError as exc:
        print(f"refused: {exc}; nothing was written", file=sys.stderr)
        return 1
    finally:
        storage.close()


def _run(args: argparse.Namespace, storage: Storage) -> int:
    if args.history:
        for version in storage.versions():
            print(f"{version.name}  {' '.join(version.files)}  {version.label} {version.imported_by}".rstrip())
        return 0
    if args.restore:
        name = args.restore
        if name not in {v.name for v in storage.versions()}:
            print(f"no kept version {name!r} (see --history)", file=sys.stderr)
            return 2
        return _report(lambda: restore(storage, name), lambda names: f"restored {', '.join(names)} from {name}")
    try:
        raw = args.file.read_bytes()
    except OSError as exc:
        print(f"cannot read {args.file}: {exc.strerror}", file=sys.stderr)
        return 2
    return _report(
        lambda: ingest(
            args.kind,
            raw,
            args.file.name,
            storage,
            dry_run=args.dry_run,
            replace=args.replace,
            imported_by=command_line_user(),
        ),
        _summary,
    )


def _summary(report: IngestReport) -> str:
    notes = [f"  note: {line}" for line in (*report.notes, *report.warnings)]
    placed = [f"  placed: row {line} {name} -> {area_name} ({area})" for line, name, area, area_name in report.placed]
    return "\n".join([*notes, *placed, report.summary()])


def _printable(text: str) -> str:
    r"""Return ``text`` with control characters (a file's terminal escapes) shown as ``\x..`` codes."""
    return "".join(c if c == "\n" or unicodedata.category(c)[0] != "C" else repr(c)[1:-1] for c in text)


def _report(step: Callable[[], T], describe: Callable[[T], str]) -> int:
    """Run an import or restore; print its outcome or every problem; return the exit status."""
    try:
        outcome = step()
    except IngestError as exc:
        print(f"refused: {len(exc.problems)} problem(s); nothing was written", file=sys.stderr)
        for problem in exc.problems:
            print(f"  - {_printable(problem)}", file=sys.stderr)
        return 1
    except LockTimeoutError as exc:
        print(str(exc), file=sys.stderr)
        return 3
    print(_printable(describe(outcome)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
