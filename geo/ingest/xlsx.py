"""Read the first sheet of an XLSX workbook as rows of text, streaming and within caps.

A workbook is a zip: its directory is checked first (see
:mod:`geo.ingest.archive`). The sheet is then streamed with openpyxl's
read-only mode after ``reset_dimensions()`` (a stale ``<dimension>`` would
otherwise cut rows and columns off), and reading stops as soon as a row, a
column or a cell passes its cap. Formula cells whose value Excel never saved
(openpyxl gives None for them, like an empty cell) are found in the sheet's XML
and refused, since their empty value is not what the sheet shows.
"""

from __future__ import annotations

import io
import re
import xml.etree.ElementTree as ET
import zipfile
from collections.abc import Iterable, Iterator
from typing import IO, Any

from geo.ingest.archive import open_zip
from geo.ingest.problems import IngestError, Problem

MAX_COLUMNS = 256
MAX_CELL_CHARS = 32_767  # the most Excel itself puts in one cell
MAX_CELLS = 20_000_000  # cells read, counting the empty ones openpyxl fills in up to each row's last cell
# A formula element (closed, or empty as in a shared formula) followed by no value or an empty one, then the
# cell's end: every formula without a saved value matches, and few others do (a text formula saved empty).
_NS = rb"(?:[A-Za-z_][\w.-]*:)?"
MAYBE_UNSAVED = re.compile(
    rb"(?:</" + _NS + rb"f>|<" + _NS + rb"f\b[^>]*/>)\s*(?:<" + _NS + rb"v\s*/>|<" + _NS + rb"v>\s*</" + _NS + rb"v>)?"
    rb"\s*</" + _NS + rb"c>"
)
NO_SAVED_VALUE = "a formula without a saved value: open and save the file in Excel, or paste values"


def column_letter(index: int) -> str:
    """Return the spreadsheet letter of a 1-based column index (1 -> A, 28 -> AB)."""
    from openpyxl.utils import get_column_letter

    return get_column_letter(index)


def _formula_without_value(cell: ET.Element) -> bool:
    """Return True for a ``<c>`` with a formula but no saved value.

    Text results (``t="str"``) may be saved empty (``=IF(...,"",...)``); any
    other type needs a non-empty ``<v>``. Tools that write formulas without
    calculating them (openpyxl among them) leave ``<v/>`` or nothing.
    """
    parts = {child.tag.rsplit("}", 1)[-1]: child for child in cell}
    if "f" not in parts or "is" in parts:
        return False
    value = parts.get("v")
    if value is None:
        return True
    return not value.text and cell.get("t") != "str"


def unsaved_formulas(stream: IO[bytes]) -> Iterator[tuple[int, int]]:
    """Yield ``(row, column)`` of each formula cell without a saved value in a worksheet's XML."""
    from openpyxl.utils import coordinate_to_tuple

    row = 0
    for _, element in ET.iterparse(stream, events=("end",)):
        if element.tag.rsplit("}", 1)[-1] != "row":
            continue
        row, col = int(element.get("r") or row + 1), 0
        for cell in element:
            ref = cell.get("r")
            col = coordinate_to_tuple(ref)[1] if ref else col + 1
            if _formula_without_value(cell):
                yield row, col
        element.clear()


def may_have_unsaved_formulas(stream: IO[bytes]) -> bool:
    """Return True when a worksheet's XML may hold a formula without a saved value (a scan before parsing it)."""
    tail = b""
    while chunk := stream.read(2**20):
        if MAYBE_UNSAVED.search(tail + chunk):
            return True
        tail = chunk[-256:]
    return False


class _SheetReader:
    """Collects a sheet's non-empty rows as text, and every problem found on the way."""

    def __init__(self, name: str, max_rows: int) -> None:
        self.name = name
        self.max_rows = max_rows
        self.problems: list[Problem] = []
        self.records: list[tuple[int, list[str]]] = []
        self.row = 0

    def column(self, index: int, row: int) -> str:
        """Return the header's name for a 1-based column below the header, else the column's letter."""
        header = self.records[0][1] if self.records else []
        if index <= len(header) and header[index - 1] and row > self.records[0][0]:
            return header[index - 1]
        return column_letter(index)

    def read(self, rows: Iterable[tuple[Any, ...]]) -> None:
        """Take rows of cell values until the sheet ends or a cap is passed."""
        from geo.ingest.readers import text_of

        cells = 0
        for self.row, values in enumerate(rows, start=1):
            cells += len(values)
            if cells > MAX_CELLS:
                message = f"more than {MAX_CELLS:,} cells, counting empty ones up to each row's last: too large"
                self.problems.append(Problem(self.name, message, self.row))
                return
            extra = values[MAX_COLUMNS:]
            if extra.count(None) != len(extra):  # C speed: a row may be 16,384 cells wide
                first = next(i for i, v in enumerate(extra, start=MAX_COLUMNS + 1) if v is not None)
                message = f"a value in column {column_letter(first)}: an import takes at most {MAX_COLUMNS} columns"
                self.problems.append(Problem(self.name, message, self.row))
                return
            texts = [text_of(v) for v in values[:MAX_COLUMNS]]
            for i, text in enumerate(texts, start=1):
                if len(text) > MAX_CELL_CHARS:
                    message = f"a cell of {len(text):,} characters: more than the {MAX_CELL_CHARS:,} a cell may hold"
                    self.problems.append(Problem(self.name, message, self.row, self.column(i, self.row)))
                    texts[i - 1] = ""
            while texts and not texts[-1]:
                texts.pop()
            if texts:
                self.records.append((self.row, texts))
            if len(self.records) > self.max_rows + 1:
                message = f"more than the {self.max_rows:,} rows an import takes"
                self.problems.append(Problem(self.name, message, self.row))
                return


def _sheet_rows(raw: bytes, name: str, reader: _SheetReader) -> tuple[str, str]:
    """Stream the first sheet into ``reader``; return the sheet's title and path inside the archive."""
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types for a damaged file
        raise IngestError([Problem(name, f"cannot open the workbook (damaged?): {type(exc).__name__}: {exc}")]) from exc
    try:
        if not book.worksheets:
            raise IngestError([Problem(name, "the workbook has no worksheet")])
        sheet = book.worksheets[0]
        sheet.reset_dimensions()  # a stale <dimension ref="A1:B3"/> would cut the sheet to that range
        reader.read(sheet.iter_rows(values_only=True))
        # openpyxl 3.1 keeps a read-only sheet's part name here; there is no public accessor
        return str(sheet.title), str(sheet._worksheet_path)
    except IngestError:
        raise
    except Exception as exc:  # also while iterating: a broken cell, XML or zip member
        where = f" after row {reader.row}" if reader.row else ""
        raise IngestError(
            [Problem(name, f"cannot read the workbook{where} (damaged?): {type(exc).__name__}: {exc}")]
        ) from exc
    finally:
        book.close()


def _unsaved_problems(archive: zipfile.ZipFile, part: str, reader: _SheetReader) -> list[Problem]:
    """One problem per formula without a saved value among the cells that were read."""
    last = reader.records[-1][0] if reader.records else 0
    problems = []
    try:
        with archive.open(part.lstrip("/")) as stream:
            if not may_have_unsaved_formulas(stream):
                return []
        with archive.open(part.lstrip("/")) as stream:
            for row, col in unsaved_formulas(stream):
                if row <= last and col <= MAX_COLUMNS:
                    problems.append(Problem(reader.name, NO_SAVED_VALUE, row, reader.column(col, row)))
    except Exception as exc:  # the sheet already read; a failure here is a damaged part all the same
        raise IngestError([Problem(reader.name, f"cannot read the workbook (damaged?): {exc}")]) from exc
    return problems


def sheet_records(raw: bytes, name: str, max_rows: int) -> tuple[str, list[tuple[int, list[str]]]]:
    """Return the first sheet's title and its non-empty rows as ``(spreadsheet row, cell texts)``.

    Parameters
    ----------
    raw, name
        The workbook's bytes and its name (for messages).
    max_rows
        The most data rows an import takes; reading stops past it.

    Raises
    ------
    IngestError
        With every problem: a refused archive, a damaged workbook, too many
        rows or columns, an oversized cell, formulas without saved values.
    """
    archive = open_zip(raw, name)
    reader = _SheetReader(name, max_rows)
    title, part = _sheet_rows(raw, name, reader)
    problems = reader.problems + _unsaved_problems(archive, part, reader)
    if problems:
        ordered: list[Problem] = sorted(problems, key=lambda p: p.row or 0)
        raise IngestError(ordered)
    return title, reader.records
