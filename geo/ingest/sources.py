"""The sources entry an import adds for the file itself, so that rows without a citation cite the file."""

from __future__ import annotations

import getpass
import hashlib
import os
import re
import socket
import unicodedata
from dataclasses import dataclass
from datetime import UTC, datetime

MAX_NAME = 120


def clean_name(name: str) -> str:
    """Return a file name fit to store and show: no control or format characters, no folders, at most 120 characters."""
    base = re.split(r"[\\/]", name)[-1]
    kept = "".join(c for c in base if unicodedata.category(c)[0] != "C").strip()
    return (kept[: MAX_NAME - 1] + "…" if len(kept) > MAX_NAME else kept) or "upload"


@dataclass(frozen=True)
class FileSource:
    """An imported file as a source: what it was, when and by whom it came in.

    Parameters
    ----------
    name
        The file's name as given (cleaned with :func:`clean_name`).
    sha256
        Hex digest of its bytes; the same file imported twice is one source.
    imported_at
        UTC time of the import, ISO 8601 to the second.
    imported_by
        ``command line (user@host)`` or ``admin page (client address)``.
    """

    name: str
    sha256: str
    imported_at: str
    imported_by: str

    @classmethod
    def of(cls, raw: bytes, name: str, imported_by: str, now: datetime | None = None) -> FileSource:
        """Describe the file ``raw`` named ``name``."""
        stamp = (now or datetime.now(UTC)).astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        return cls(clean_name(name), hashlib.sha256(raw).hexdigest(), stamp, imported_by[:MAX_NAME])

    @property
    def id(self) -> str:
        """The sources id: ``import_`` and the first 12 hex digits of the SHA-256."""
        return f"import_{self.sha256[:12]}"

    def row(self, rows: int) -> dict[str, str]:
        """Return the ``sources.csv`` row, citing it from ``rows`` rows."""
        return {
            "id": self.id,
            "title_zh": self.name,
            "title_en": self.name,
            "issuer_zh": f"导入的文件（{self.imported_by}）",
            "issuer_en": f"Imported file ({self.imported_by})",
            "date": self.imported_at[:10],
            "kind": "import",
            "file": self.name,
            "url": "",
            "licence": "",
            "sha256": self.sha256,
            "imported_at": self.imported_at,
            "imported_by": self.imported_by,
            "rows": str(rows),
        }

    def section(self, line: int, where: str) -> str:
        """Return the section a row of this file cites: its row (or feature) number."""
        return f"第{line}行" if where == "row" else f"第{line}个要素"


def command_line_user() -> str:
    """Return ``command line (user@host)``: who imported a file, for its sources entry and the history."""
    try:
        user = getpass.getuser()
    except (KeyError, OSError):
        user = str(os.getuid())
    return f"command line ({user}@{socket.gethostname()})"
