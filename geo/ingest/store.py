"""Writing ``data/`` safely: one import at a time, all files of an import or none, the previous version kept.

- :func:`data_lock` holds an exclusive lock (:mod:`filelock`) for the whole
  import, so two imports (CLI or admin page, any process) never interleave.
  Its lock file lies *next to* the folder (:func:`lock_path`, ``.data.lock``
  beside ``data/``), never inside it: a refused import leaves the folder
  exactly as it was.
- :func:`replace_files` first copies every file it will replace into
  ``data/history/<timestamp>-<label>/`` together with a rollback journal
  (:data:`JOURNAL`: which files it will write and which of them existed), then
  writes each new file to a temporary file in the same folder, flushes it and
  renames it over the old one, and deletes the journal last. A reader sees each
  file old or new; an import of several files (``areas.csv`` and
  ``shapes.geojson``, or a table and ``sources.csv``) that fails half-way (a
  full disk, any error) is rolled back at once, and one that was killed
  half-way is rolled back by :func:`recover`, which every import, restore and
  app start runs first (the rollback journal of SQLite, in miniature).
  Only the newest :data:`KEEP_VERSIONS` versions are kept.
- :func:`restore_files` puts a kept version back the same way (the caller
  holds the lock and has checked the result loads, see ``run.restore``).
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

from filelock import FileLock, Timeout

HISTORY = "history"
KEEP_VERSIONS = 50
JOURNAL = ".pending.json"  # in a history folder while its import writes; lists {file: existed before}
STAMP_LENGTH = len("20260101T000000.000000Z")


class LockTimeoutError(TimeoutError):
    """Another import held the data folder for longer than we would wait."""


def lock_path(data_dir: Path) -> Path:
    """Return the lock file of a data folder: ``.<name>.lock`` in its parent folder (outside the data)."""
    return data_dir.parent / f".{data_dir.name}.lock"


@contextmanager
def data_lock(data_dir: Path, timeout_s: float = 60.0) -> Iterator[None]:
    """Hold the data folder's import lock; wait up to ``timeout_s`` for another import to finish.

    On taking the lock, any write that was interrupted is rolled back first (:func:`recover`).

    Raises
    ------
    LockTimeoutError
        When the lock stays taken for ``timeout_s``.
    """
    lock = FileLock(lock_path(data_dir), timeout=timeout_s, poll_interval=0.1)
    try:
        lock.acquire()
    except Timeout:
        raise LockTimeoutError(f"another import has held {data_dir} for {timeout_s:.0f}s") from None
    try:
        recover(data_dir)  # a write killed half-way is undone before anyone reads or writes again
        yield
    finally:
        lock.release()


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
    """Keep the current versions of ``files`` in the history, then write the new ones, all or none.

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

    Raises
    ------
    OSError
        When a file cannot be written (e.g. the disk is full); every file
        written before it has been put back, so ``data_dir`` is as it was.
    """
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S.%fZ")
    kept = data_dir / HISTORY / f"{stamp}-{label}"
    kept.mkdir(parents=True)
    existed = {name: (data_dir / name).is_file() for name in files}
    for name, was in existed.items():
        if was:
            shutil.copy2(data_dir / name, kept / name)
    write_atomic(kept / JOURNAL, json.dumps(existed).encode())
    try:
        for name, blob in files.items():
            write_atomic(data_dir / name, blob)
    except BaseException:
        _roll_back(data_dir, kept)
        raise
    (kept / JOURNAL).unlink()
    prune(data_dir, keep)
    return kept


def _roll_back(data_dir: Path, kept: Path) -> list[str]:
    """Put back the files an unfinished write had kept; delete those it created; drop its history folder."""
    existed: dict[str, bool] = json.loads((kept / JOURNAL).read_text(encoding="utf-8"))
    for name, was in existed.items():
        if was:
            write_atomic(data_dir / name, (kept / name).read_bytes())
        else:
            (data_dir / name).unlink(missing_ok=True)
    shutil.rmtree(kept)
    return sorted(existed)


def recover(data_dir: Path) -> list[str]:
    """Roll back every write that was interrupted (process killed, machine down) before it finished.

    Call it holding :func:`data_lock`.

    Returns
    -------
    list of str
        The names of the files put back or removed (empty when nothing was interrupted).
    """
    root = data_dir / HISTORY
    pending = sorted(root.glob(f"*/{JOURNAL}"), reverse=True) if root.is_dir() else []
    return sorted({name for journal in pending for name in _roll_back(data_dir, journal.parent)})


def prune(data_dir: Path, keep: int = KEEP_VERSIONS) -> list[Path]:
    """Delete all but the newest ``keep`` kept versions; return the deleted ones."""
    old = versions(data_dir)[max(keep, 1) :]
    for version in old:
        shutil.rmtree(version)
    return old


def versions(data_dir: Path) -> list[Path]:
    """Return the kept versions, newest first."""
    root = data_dir / HISTORY
    if not root.is_dir():
        return []
    return sorted((p for p in root.iterdir() if p.is_dir() and not (p / JOURNAL).exists()), reverse=True)


def interrupted(data_dir: Path) -> bool:
    """Return True when a write was interrupted and :func:`recover` has not rolled it back yet."""
    root = data_dir / HISTORY
    return root.is_dir() and any(root.glob(f"*/{JOURNAL}"))


def kept_files(version: Path) -> dict[str, bytes]:
    """Return the data files kept in ``version``: name -> content."""
    return {p.name: p.read_bytes() for p in sorted(version.iterdir()) if p.is_file() and not p.name.startswith(".")}


def restore_files(data_dir: Path, version: Path, files: Mapping[str, bytes]) -> Path:
    """Write back ``files`` kept in ``version`` (the current ones are kept in turn); return that history folder.

    The new folder is named after the restored version's time stamp only, so
    restoring a restore does not grow the name.
    """
    return replace_files(data_dir, files, f"restore-of-{version.name[:STAMP_LENGTH]}")


def recover_if_interrupted(data_dir: Path, timeout_s: float = 60.0) -> bool:
    """Roll back an interrupted write before the data are read; return True if there was one.

    Cheap (one ``glob``) when there is none; otherwise takes the lock, which recovers.
    """
    if not interrupted(data_dir):
        return False
    with data_lock(data_dir, timeout_s):
        return True
