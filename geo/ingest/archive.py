"""Open uploaded zip archives (zipped Shapefiles, XLSX workbooks) without letting them expand without bound.

The zip directory states each member's compressed and uncompressed size; an
archive whose members add up to more than :data:`MAX_UNPACKED` bytes, or whose
large members compress more than :data:`MAX_RATIO` to one, is refused before
anything is decompressed. The directory can lie, so :func:`read_member` also
counts the bytes as it decompresses and stops at the stated size and the cap.
"""

from __future__ import annotations

import io
import zipfile

from geo.ingest.problems import IngestError, Problem

MAX_UNPACKED = 256 * 2**20  # bytes all members of one upload may expand to
MAX_RATIO = 100  # uncompressed : compressed, for members larger than RATIO_FLOOR
RATIO_FLOOR = 2**20  # smaller members may compress any amount: they cannot grow large
MAX_MEMBERS = 10_000
CHUNK = 2**16


def _mb(size: int) -> str:
    return f"{size / 2**20:,.1f} MB"


def open_zip(raw: bytes, name: str) -> zipfile.ZipFile:
    """Open an archive after checking its directory against the size and ratio caps.

    Parameters
    ----------
    raw
        The uploaded bytes.
    name
        The file's name, for messages.

    Raises
    ------
    IngestError
        When the archive is damaged, has too many members, would expand past
        :data:`MAX_UNPACKED` or holds a member compressed past :data:`MAX_RATIO`.
    """
    try:
        archive = zipfile.ZipFile(io.BytesIO(raw))
    except Exception as exc:  # zipfile raises BadZipFile, ValueError, struct.error, ... for damage
        raise IngestError([Problem(name, f"the zip archive is damaged ({exc})")]) from exc
    members = archive.infolist()
    if len(members) > MAX_MEMBERS:
        raise IngestError([Problem(name, f"{len(members):,} files in one archive: more than {MAX_MEMBERS:,}")])
    problems = []
    for member in members:
        ratio = member.file_size / max(member.compress_size, 1)
        if member.file_size > RATIO_FLOOR and ratio > MAX_RATIO:
            problems.append(
                Problem(
                    name,
                    f"{member.filename!r} expands {ratio:,.0f} times (to {_mb(member.file_size)}): "
                    f"more than {MAX_RATIO} times is refused as a decompression bomb",
                )
            )
    total = sum(m.file_size for m in members)
    if total > MAX_UNPACKED:
        problems.append(
            Problem(name, f"the archive expands to {_mb(total)}: more than the {_mb(MAX_UNPACKED)} an import takes")
        )
    if problems:
        raise IngestError(problems)
    return archive


def read_member(archive: zipfile.ZipFile, member: zipfile.ZipInfo, name: str, budget: int = MAX_UNPACKED) -> bytes:
    """Decompress one member in chunks, never past its stated size or ``budget`` bytes.

    Raises
    ------
    IngestError
        When the member is damaged or encrypted, or its data run past the cap.
    """
    limit = min(member.file_size, budget)
    out = bytearray()
    try:
        with archive.open(member) as stream:
            while chunk := stream.read(CHUNK):
                out += chunk
                if len(out) > limit:
                    raise IngestError(
                        [Problem(name, f"{member.filename!r} expands past {_mb(limit)}: refused as a bomb")]
                    )
    except IngestError:
        raise
    except Exception as exc:  # BadZipFile (CRC), RuntimeError (encrypted), NotImplementedError (method), ...
        raise IngestError([Problem(name, f"cannot unpack {member.filename!r}: {exc}")]) from exc
    return bytes(out)
