"""What the app and the importer need from a data store, whichever holds the data.

A store keeps *versions* of the data files (``schema.toml``, the CSV tables,
``shapes.geojson``): the app reads the current one, an import writes a new one
of some files all or none, and a kept version can be put back. Two backends:
:mod:`geo.storage.files` (the ``data/`` folder, the default) and
:mod:`geo.storage.postgis` (PostgreSQL with PostGIS, for several processes).
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterator, Mapping
from contextlib import AbstractContextManager
from dataclasses import dataclass
from pathlib import Path

from geo.catalog import Catalog, load_catalog, load_schema


class StoreUnavailableError(ConnectionError):
    """The store cannot be reached (the database is down); nothing was read or written."""


@dataclass(frozen=True)
class KeptVersion:
    """A version a store keeps and can put back."""

    name: str
    files: tuple[str, ...]
    label: str = ""
    imported_by: str = ""
    created_at: str = ""


class Writer(ABC):
    """One import's hold on a store: the current files in a folder, and the write that ends it."""

    folder: Path  # the current version's files, to read and check against (never write here)

    @abstractmethod
    def write(self, files: Mapping[str, bytes], label: str, imported_by: str) -> Path | str:
        """Write a new version made of the current files with ``files`` replaced; return where the previous is kept.

        Raises
        ------
        OSError
            When it cannot be written; nothing has changed
            (:class:`StoreUnavailableError` when the database is down).
        """


class Storage(ABC):
    """A data store: the current version, its files, kept versions, and one writer at a time."""

    location: str  # for messages: the folder or the database (without its password)
    check_interval_s: float = 0.0  # how often a process needs to ask for the current version (0: every run)
    announces: bool = False  # whether :meth:`wait_for_change` hears of a new version as it is written

    @abstractmethod
    def current_version(self) -> str:
        """Return the name of the current version (changes with every write).

        Raises
        ------
        StoreUnavailableError
            When the store cannot be reached.
        """

    @abstractmethod
    def read_files(self, version: str | None = None) -> tuple[str, dict[str, bytes]]:
        """Return a version's name and its files (name -> bytes); by default the current version's."""

    def load(self, version: str | None = None) -> Catalog:
        """Return the validated catalog of a version (by default the current one)."""
        name, files = self.read_files(version)
        return load_catalog(files, version=name)

    def schema(self) -> dict:
        """Return the current version's parsed ``schema.toml`` tables."""
        return load_schema(self.read_files()[1])

    @abstractmethod
    def writing(self, timeout_s: float = 60.0) -> AbstractContextManager[Writer]:
        """Hold the store for one import or restore (other writers wait up to ``timeout_s``).

        Raises
        ------
        geo.ingest.store.LockTimeoutError
            When another writer holds it for longer.
        StoreUnavailableError
            When the store cannot be reached.
        """

    @abstractmethod
    def versions(self) -> list[KeptVersion]:
        """Return the kept versions, newest first."""

    @abstractmethod
    def kept_files(self, name: str) -> dict[str, bytes]:
        """Return the files of a kept version.

        Raises
        ------
        KeyError
            When no such version is kept.
        """

    @abstractmethod
    def recover(self) -> list[str]:
        """Undo any write that was interrupted; return the files put back (empty when none was)."""

    def wait_for_change(self, timeout_s: float) -> bool:
        """Block until the store announces a new version or ``timeout_s`` passed; return whether it announced one.

        Only a store that :attr:`announces` implements it (PostgreSQL's ``LISTEN``).

        Raises
        ------
        StoreUnavailableError
            When the store cannot be reached.
        """
        raise NotImplementedError(f"{type(self).__name__} does not announce new versions")

    def close(self) -> None:  # noqa: B027 (optional hook)
        """Release connections (nothing for a folder)."""


def iter_names(files: Mapping[str, bytes]) -> Iterator[str]:
    """Yield the data file names of a mapping in a stable order."""
    yield from sorted(files)
