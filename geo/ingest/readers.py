"""Read an uploaded file into rows of text, whatever its format, noting where each row came from.

The format is recognised from the file's first bytes, not its name: a GBK CSV
saved as ``.txt``, an ``.xlsx`` renamed ``.csv`` or a GeoPackage without an
extension all read. Supported: CSV or tab-separated text (UTF-8 with or
without BOM, UTF-16 with BOM, GBK/GB18030), XLSX (first sheet), GeoJSON,
GeoPackage and zipped Shapefiles. Vector files come back in WGS-84 with one
geometry per row; reading never guesses a missing CRS for projected numbers.

Uploads are untrusted: zip archives (Shapefiles, XLSX) are checked against
size and ratio caps before they are unpacked (:mod:`geo.ingest.archive`),
sheets are streamed within row, column and cell caps (:mod:`geo.ingest.xlsx`),
GDAL opens only what the content proves, with no network
(:mod:`geo.ingest.vector`), text that mixes encodings is refused rather than
guessed at, and whatever goes wrong, :func:`read_upload` raises only
:class:`IngestError`.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from geo.ingest.checks import crs_problem
from geo.ingest.problems import IngestError, Problem
from geo.ingest.vector import open_vector
from geo.ingest.xlsx import MAX_CELL_CHARS, MAX_COLUMNS, sheet_records

XLSX_MAGIC = b"PK\x03\x04"
XLS_MAGIC = b"\xd0\xcf\x11\xe0"
GPKG_MAGIC = b"SQLite format 3\x00"
MAX_ROWS = 200_000


@dataclass
class RawTable:
    """A file's rows as text, keyed by the header as written.

    ``lines[i]`` locates ``rows[i]`` in the file: its spreadsheet row (header =
    1) for tables, its feature number (first = 1) for vector files.
    """

    name: str
    fmt: str
    header: list[str]
    rows: list[dict[str, str]]
    lines: list[int]
    where: str = "row"
    geometries: list[Any] | None = None
    notes: list[str] = field(default_factory=list)


def text_of(value: object) -> str:
    """Return a cell as text: whole floats without ``.0``, dates as ISO, None as empty."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        if value != value:  # NaN
            return ""
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value).strip()


def sniff_format(raw: bytes) -> str:
    """Return ``xlsx``, ``zip``, ``xls``, ``gpkg``, ``geojson`` or ``text`` from a file's first bytes."""
    if raw.startswith(XLSX_MAGIC):
        try:
            names = zipfile.ZipFile(io.BytesIO(raw)).namelist()
        except Exception:  # a damaged archive: the zip reader refuses it with a reason
            return "zip"
        return "xlsx" if "[Content_Types].xml" in names and any(n.startswith("xl/") for n in names) else "zip"
    if raw.startswith(XLS_MAGIC):
        return "xls"
    if raw.startswith(GPKG_MAGIC):
        return "gpkg"
    head = raw.lstrip(codecs.BOM_UTF8)[:4096].lstrip()
    if head.startswith(b"{") and b'"type"' in head:
        return "geojson"
    return "text"


def _located_byte(text: str, dialect: Any, offset: int, raw: bytes) -> Problem | None:
    """Locate the first undecodable byte (a surrogate escape in ``text``) by spreadsheet row and column."""
    header: list[str] = []
    try:
        for row, cells in enumerate(csv.reader(io.StringIO(text, newline=""), dialect), start=1):
            header = header or cells
            for i, cell in enumerate(cells):
                if any("\udc80" <= ch <= "\udcff" for ch in cell):
                    column = header[i].strip() if row > 1 and i < len(header) else None
                    return Problem("", f"byte 0x{raw[offset]:02X} at offset {offset:,}", row, column or None)
    except csv.Error:
        pass
    return None


def _undecodable(raw: bytes, name: str, encoding: str, offset: int, message: str) -> IngestError:
    """Return the error for bytes that ``encoding`` cannot read, located at the first such byte (``offset``)."""
    text = raw.decode(encoding, "surrogateescape")
    try:
        dialect: Any = csv.Sniffer().sniff(text[:8192], delimiters=",\t;")
    except csv.Error:
        dialect = csv.excel
    found = _located_byte(text, dialect, offset, raw)
    where = found.message if found else f"byte 0x{raw[offset]:02X} at offset {offset:,}"
    row, column = (found.row, found.column) if found else (None, None)
    return IngestError([Problem(name, f"{where} {message}", row, column)])


def decode_text(raw: bytes, name: str) -> tuple[str, str]:
    """Return the text of a CSV and the encoding that read it.

    UTF-8 (with or without BOM) and UTF-16 with BOM are read as such. Bytes
    that are UTF-8 but for a few stray bytes (at least ten valid multi-byte
    characters per invalid byte) are refused, naming the first stray byte:
    a mixed file is not guessed at. Otherwise the bytes are tried as GB18030,
    the superset of GBK that Chinese Excel writes.

    Raises
    ------
    IngestError
        When the bytes are binary, mix encodings, or no encoding reads them.
    """
    if raw.startswith(codecs.BOM_UTF16_LE) or raw.startswith(codecs.BOM_UTF16_BE):
        try:
            return raw.decode("utf-16"), "UTF-16"
        except UnicodeDecodeError as exc:
            raise IngestError([Problem(name, f"the UTF-16 text is damaged at byte offset {exc.start:,}")]) from exc
    if b"\x00" in raw[:4096]:
        raise IngestError(
            [Problem(name, "this is not a text file (it contains NUL bytes): use CSV, XLSX or a GIS format")]
        )
    try:
        return raw.decode("utf-8-sig"), "UTF-8"
    except UnicodeDecodeError as exc:
        first_bad = exc.start + (len(codecs.BOM_UTF8) if raw.startswith(codecs.BOM_UTF8) else 0)
    valid = raw.decode("utf-8", "ignore")
    invalid_bytes = len(raw) - len(valid.encode("utf-8"))
    multibyte = len(valid) - len(valid.encode("ascii", "ignore"))
    if multibyte >= 10 * invalid_bytes:
        message = (
            "is not UTF-8, though the rest of the file is: the file mixes encodings. "
            "Fix that cell or save the file again as UTF-8"
        )
        raise _undecodable(raw, name, "utf-8", first_bad, message)
    try:
        return raw.decode("gb18030"), "GBK/GB18030"
    except UnicodeDecodeError as exc:
        neither = "cannot be read: the text is neither UTF-8 nor GBK/GB18030"
        raise _undecodable(raw, name, "gb18030", exc.start, neither) from exc


class _Lines:
    """The lines of a text, remembering those of the record being parsed (to locate a parse error)."""

    def __init__(self, text: str) -> None:
        self._lines = iter(io.StringIO(text, newline=""))
        self.pending: list[str] = []

    def __iter__(self) -> _Lines:
        return self

    def __next__(self) -> str:
        line = next(self._lines)
        self.pending.append(line)
        return line


def _oversized_field(record: str, dialect: Any) -> int | None:
    """Return the 0-based index of the first field longer than csv's field limit in a record's raw text."""
    quoted, index, length, limit = False, 0, 0, csv.field_size_limit()
    for ch in record:
        if ch == dialect.quotechar:
            quoted = not quoted
        elif ch == dialect.delimiter and not quoted:
            index, length = index + 1, 0
            continue
        length += 1
        if length > limit:
            return index
    return None


def _csv_records(text: str, name: str, dialect: Any, problems: list[Problem]) -> Iterator[tuple[int, list[str]]]:
    """Yield ``(spreadsheet row, cells)``; a parse error ends the file with a located problem."""
    lines = _Lines(text)
    reader = csv.reader(lines, dialect)
    header: list[str] = []
    row = 0
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            problems.append(_split_problem(exc, "".join(lines.pending), dialect, header, name, row + 1))
            return
        row += 1
        lines.pending = []
        header = header or cells
        yield row, cells


def _split_problem(exc: csv.Error, record: str, dialect: Any, header: list[str], name: str, row: int) -> Problem:
    """Return why csv cannot split a record: an oversized cell (located by column) or the parser's reason."""
    index = _oversized_field(record, dialect)
    if index is None:
        return Problem(name, f"cannot split the row into cells: {exc}", row)
    column = header[index].strip() if row > 1 and index < len(header) and header[index].strip() else None
    place = "" if column else f" (column {index + 1})"
    message = f"a cell of more than {csv.field_size_limit():,} characters{place}: a cell may hold {MAX_CELL_CHARS:,}"
    return Problem(name, message, row, column)


def read_csv_text(text: str, name: str, max_rows: int = MAX_ROWS) -> RawTable:
    """Split CSV (or tab- or semicolon-separated) text into rows; report ragged rows and oversized cells."""
    if not text.strip():
        raise IngestError([Problem(name, "the file is empty")])
    try:
        dialect: Any = csv.Sniffer().sniff(text[:8192], delimiters=",\t;")
    except csv.Error:
        dialect = csv.excel
    problems: list[Problem] = []
    header: list[str] = []
    rows, lines = [], []
    for line, cells in _csv_records(text, name, dialect, problems):
        if not header:
            header = [h.strip() for h in cells]
            problems += _header_problems(header, name)
            continue
        if not any(c.strip() for c in cells):
            continue
        if len(cells) > len(header):
            problems.append(Problem(name, f"{len(cells)} cells but the header has {len(header)} columns", line))
            continue
        problems += _long_cells(cells, header, name, line)
        rows.append({h: c.strip() for h, c in zip(header, cells, strict=False)})
        lines.append(line)
        if len(rows) > max_rows:
            problems.append(Problem(name, f"more than the {max_rows:,} rows an import takes", line))
            break
    if problems:
        raise IngestError(problems)
    return RawTable(name, "csv", header, rows, lines)


def _long_cells(cells: list[str], header: list[str], name: str, line: int) -> list[Problem]:
    return [
        Problem(name, f"a cell of {len(c):,} characters: more than the {MAX_CELL_CHARS:,} a cell may hold", line, h)
        for h, c in zip(header, cells, strict=False)
        if len(c) > MAX_CELL_CHARS
    ]


def read_xlsx(raw: bytes, name: str) -> RawTable:
    """Read the first sheet of a workbook (saved formula values, not formulas); see :mod:`geo.ingest.xlsx`."""
    title, records = sheet_records(raw, name, MAX_ROWS)
    if not records:
        raise IngestError([Problem(name, f"the first sheet ({title!r}) is empty")])
    header_row, header = records[0]
    header = list(header)
    while header and not header[-1]:
        header.pop()
    problems = _header_problems(header, name, header_row)
    rows, lines = [], []
    for line, cells in records[1:]:
        extra = [c for c in cells[len(header) :] if c]
        if extra:
            problems.append(Problem(name, f"values beyond the last named column: {extra[:3]}", line))
            continue
        rows.append({h: cells[i] if i < len(cells) else "" for i, h in enumerate(header)})
        lines.append(line)
    if problems:
        raise IngestError(problems)
    return RawTable(name, "xlsx", header, rows, lines)


def _header_problems(header: list[str], name: str, row: int = 1) -> list[Problem]:
    problems = []
    if len(header) > MAX_COLUMNS:
        problems.append(Problem(name, f"{len(header)} columns: an import takes at most {MAX_COLUMNS}", row))
    for i, col in enumerate(header, start=1):
        if not col:
            problems.append(Problem(name, f"column {i} of the header has no name", row))
        elif len(col) > MAX_CELL_CHARS:
            problems.append(Problem(name, f"column {i}'s name has {len(col):,} characters", row))
    dupes = sorted({c for c in header if c and header.count(c) > 1})
    problems += [Problem(name, "the header names this column twice", row, c) for c in dupes]
    return problems


def read_vector(raw: bytes, name: str, fmt: str) -> RawTable:
    """Read a GeoJSON, GeoPackage or zipped Shapefile into rows plus WGS-84 geometries (:mod:`geo.ingest.vector`)."""
    gdf, declared, notes = open_vector(raw, name, fmt, MAX_ROWS)
    problem = crs_problem(gdf, name, declared)
    if problem is not None:
        raise IngestError([problem])
    if gdf.crs is not None and gdf.crs.to_epsg() != 4326:
        notes.append(f"reprojected from {gdf.crs.to_string()} to WGS-84")
        gdf = gdf.to_crs(4326)
    header = [c for c in gdf.columns if c != gdf.geometry.name]
    rows = [
        {c: text_of(v) for c, v in zip(header, values, strict=True)} for values in gdf[header].itertuples(index=False)
    ]
    lines = list(range(1, len(rows) + 1))
    return RawTable(name, fmt, header, rows, lines, "feature", list(gdf.geometry), notes)


def _read(raw: bytes, name: str) -> RawTable:
    fmt = sniff_format(raw)
    if fmt == "xls":
        raise IngestError([Problem(name, "an Excel 97-2003 .xls workbook: save it as .xlsx or CSV and import again")])
    if fmt == "xlsx":
        return read_xlsx(raw, name)
    if fmt in ("geojson", "gpkg", "zip"):
        return read_vector(raw, name, fmt)
    text, encoding = decode_text(raw, name)
    table = read_csv_text(text, name)
    table.notes.append(f"read as {encoding}")
    return table


def read_upload(raw: bytes, name: str) -> RawTable:
    """Read any supported file from its bytes.

    Parameters
    ----------
    raw
        The file's content.
    name
        The file's name, for messages only (the format comes from the content).

    Raises
    ------
    IngestError
        When the file cannot be read, with every reason found; never any other
        exception, whatever the bytes.
    """
    if not raw:
        raise IngestError([Problem(name, "the file is empty")])
    try:
        table = _read(raw, name)
    except IngestError:
        raise
    except Exception as exc:  # a reader's library failed in a way it does not document: still the file's fault
        raise IngestError([Problem(name, f"cannot read the file: {type(exc).__name__}: {exc}")]) from exc
    if not table.rows:
        raise IngestError([Problem(name, "no data rows under the header")])
    if len(table.rows) > MAX_ROWS:
        raise IngestError([Problem(name, f"{len(table.rows):,} rows: more than the {MAX_ROWS:,} an import takes")])
    return table
