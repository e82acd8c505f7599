"""What an import found wrong: located problems, and the error that carries all of them."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from geo.errors import DataError


@dataclass(frozen=True)
class Problem:
    """One finding, located as precisely as the file allows.

    Parameters
    ----------
    file
        The imported file's name.
    message
        What is wrong, and where useful, what to do.
    row
        Spreadsheet row (header = row 1) or feature number (first = 1); None for the whole file.
    column
        The column as written in the file (before aliases); None when not about one column.
    """

    file: str
    message: str
    row: int | None = None
    column: str | None = None
    where: str = "row"  # "row" for tables, "feature" for vector files

    def __str__(self) -> str:
        place = self.file
        if self.row is not None:
            place += f" {self.where} {self.row}"
        if self.column is not None:
            place += f" column {self.column!r}"
        return f"{place}: {self.message}"


class IngestError(DataError):
    """An import was refused; ``problems`` lists every reason (nothing was written)."""

    def __init__(self, problems: Sequence[Problem | str]) -> None:
        self.findings = list(problems)
        super().__init__([str(p) for p in problems])
