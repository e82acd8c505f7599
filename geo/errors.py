"""Error classes raised by :mod:`geo`."""

from __future__ import annotations


class DataError(ValueError):
    """A data file breaks its schema.

    Parameters
    ----------
    problems
        Every problem found, each naming file, row and field, so that one run
        reports all of them instead of the first.
    """

    def __init__(self, problems: list[str]) -> None:
        self.problems = list(problems)
        summary = f"{len(self.problems)} problem(s) in the data files:\n" + "\n".join(f"  - {p}" for p in self.problems)
        super().__init__(summary)


class BoundaryError(LookupError):
    """A boundary that the data refer to cannot be found in the source package."""


class GeometryError(ValueError):
    """A geometry recipe cannot be built from the data it names."""
