"""The ``data/`` folder as a store: today's files, lock and rollback journal (:mod:`geo.ingest.store`), unchanged."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

from filelock import FileLock

from geo.catalog import Catalog, data_version, load_catalog, load_schema
from geo.ingest import store
from geo.storage.base import KeptVersion, Storage, Writer


class FilesWriter(Writer):
    """Writes into the folder through :func:`geo.ingest.store.replace_files` (all or none, previous kept)."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def write(self, files: Mapping[str, bytes], label: str, imported_by: str) -> Path:
        """Write ``files``; return the history folder holding the previous versions."""
        return store.replace_files(self.folder, files, label)


class FilesStorage(Storage):
    """A data folder; the version is a hash of its files' names, sizes and times (:func:`geo.catalog.data_version`)."""

    check_interval_s = 0.0

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.location = str(folder)

    def current_version(self) -> str:
        """Return the folder's :func:`geo.catalog.data_version` (a few ``stat`` calls)."""
        return data_version(self.folder)

    def read_files(self, version: str | None = None) -> tuple[str, dict[str, bytes]]:
        """Return the folder's version and its data files (a folder keeps one readable version: the current)."""
        store.recover_if_interrupted(self.folder)
        now = data_version(self.folder)
        names = (p for p in self.folder.iterdir() if p.is_file() and p.suffix in (".csv", ".toml", ".geojson"))
        return now, {p.name: p.read_bytes() for p in sorted(names)}

    def load(self, version: str | None = None) -> Catalog:
        """Undo an interrupted write, then load the folder as the app always has."""
        store.recover_if_interrupted(self.folder)
        return load_catalog(self.folder)

    def schema(self) -> dict:
        """Return the folder's ``schema.toml`` tables."""
        return load_schema(self.folder)

    @contextmanager
    def writing(self, timeout_s: float = 60.0) -> Iterator[FilesWriter]:
        """Hold the folder's file lock (:func:`geo.ingest.store.data_lock`, which recovers first)."""
        with store.data_lock(self.folder, timeout_s):
            yield FilesWriter(self.folder)

    def versions(self) -> list[KeptVersion]:
        """Return the history folders, newest first (each holds the files an import replaced)."""
        return [
            KeptVersion(p.name, tuple(sorted(f.name for f in p.iterdir() if not f.name.startswith("."))))
            for p in store.versions(self.folder)
        ]

    def kept_files(self, name: str) -> dict[str, bytes]:
        """Return the files of a history folder."""
        folder = self.folder / store.HISTORY / Path(name).name
        if not folder.is_dir() or (folder / store.JOURNAL).exists():
            raise KeyError(name)
        return store.kept_files(folder)

    def recover(self) -> list[str]:
        """Roll back an interrupted write (takes the folder's lock)."""
        with FileLock(store.lock_path(self.folder)):
            return store.recover(self.folder)
