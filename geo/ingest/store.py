"""Writing ``data/`` safely: one import at a time, whole files or nothing, the previous version kept.

- :func:`data_lock` holds an exclusive ``flock`` on the ``data/`` folder itself
  for the whole import (no lock file: a refused import leaves the folder
  exactly as it was), so two imports (CLI or admin page, any process) never
  interleave.
- :func:`replace_files` first copies every file it will replace into
  ``data/history/<timestamp>/``, then writes each new file to a temporary file
  in the same folder, flushes it to disk and renames it over the old one (an
  atomic step on POSIX file systems): a reader sees the old file or the new one.
  Only the newest :data:`KEEP_VERSIONS` versions are kept; older ones are
  deleted after a successful write.
- :func:`restore_files` puts a kept version back the same way (the caller
  holds the lock and has checked the result loads, see ``run.restore``).
"""

from __future__ import annotations

import fcntl
import os
import shutil
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

HISTORY = "history"
KEEP_VERSIONS = 50


class LockTimeoutError(TimeoutError):
    """Another import held the data folder for longer than we would wait."""


@contextmanager
def data_lock(data_dir: Path, timeout_s: float = 60.0) -> Iterator[None]:
    """Hold the data folder's import lock; wait up to ``timeout_s`` for another import to finish.

    Raises
    ------
    LockTimeoutError
        When the lock stays taken for ``timeout_s``.
    """
    fd = os.open(data_dir, os.O_RDONLY)
    try:
        end = time.monotonic() + timeout_s
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= end:
                    raise LockTimeoutError(f"another import has held {data_dir} for {timeout_s:.0f}s") from None
                time.sleep(0.1)
        try:
            yield
        finally:
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)


def write_atomic(path: Path, blob: bytes) -> None:
    """Write ``blob`` to ``path`` through a flushed temporary file and a rename."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        with tmp.open("wb") as fh:
            fh.write(blob)
            fh.flush()
            os.fsync(fh.fileno())
        tmp.replace(path)
    finally:
        tmp.unlink(missing_ok=True)
    dir_fd = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(dir_fd)
    finally:
        os.close(dir_fd)


def replace_files(data_dir: Path, files: Mapping[str, bytes], label: str, keep: int = KEEP_VERSIONS) -> Path:
    """Keep the current versions of ``files`` in the history, then write the new ones atomically.

    Parameters
    ----------
    data_dir
        The data folder.
    files
        File name (inside ``data_dir``) -> new content.
    label
        A short word for the history folder's name, e.g. ``enterprises``.
    keep
        How many versions the history keeps (the one made now included);
        older ones are deleted.

    Returns
    -------
    Path
        The history folder holding the previous versions.
    """
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S.%fZ")
    kept = data_dir / HISTORY / f"{stamp}-{label}"
    kept.mkdir(parents=True)
    for name in files:
        if (data_dir / name).is_file():
            shutil.copy2(data_dir / name, kept / name)
    for name, blob in files.items():
        write_atomic(data_dir / name, blob)
    prune(data_dir, keep)
    return kept


def prune(data_dir: Path, keep: int = KEEP_VERSIONS) -> list[Path]:
    """Delete all but the newest ``keep`` kept versions; return the deleted ones."""
    old = versions(data_dir)[max(keep, 1) :]
    for version in old:
        shutil.rmtree(version)
    return old


def versions(data_dir: Path) -> list[Path]:
    """Return the kept versions, newest first."""
    root = data_dir / HISTORY
    return sorted((p for p in root.iterdir() if p.is_dir()), reverse=True) if root.is_dir() else []


def kept_files(version: Path) -> dict[str, bytes]:
    """Return the files kept in ``version``: name -> content."""
    return {p.name: p.read_bytes() for p in sorted(version.iterdir()) if p.is_file()}


def restore_files(data_dir: Path, version: Path, files: Mapping[str, bytes]) -> Path:
    """Write back ``files`` kept in ``version`` (the current ones are kept in turn); return that history folder."""
    return replace_files(data_dir, files, f"before-restore-of-{version.name}")
