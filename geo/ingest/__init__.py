"""Import enterprises, indicators and areas from staff files into ``data/``, or refuse them with every reason.

Command line: ``python -m geo.ingest KIND FILE [--dry-run] [--replace]``; the
admin page calls :func:`ingest` the same way. See ``run`` for the rules.
"""

from geo.ingest.problems import IngestError, Problem
from geo.ingest.run import KINDS, MAX_BYTES, IngestReport, ingest, restore
from geo.ingest.store import KEEP_VERSIONS, LockTimeoutError, versions

__all__ = [
    "KEEP_VERSIONS",
    "KINDS",
    "MAX_BYTES",
    "IngestError",
    "IngestReport",
    "LockTimeoutError",
    "Problem",
    "ingest",
    "restore",
    "versions",
]
