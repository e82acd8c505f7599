"""Comparisons across areas: indicator families, and the enterprise directory's filters and counts.

Indicators of one ``family`` measure the same thing in different documents, but
not always in the same unit. Rows are comparable only when their *unit key*
matches: ``unit_en``, which names the quantity (the Chinese measure words of one
quantity vary between documents: 个 and 家 both count enterprises), or
``unit_zh`` where no English unit is given. Values are never converted.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from typing import Any

import pandas as pd

from geo.indicators import is_estimate, printed_value

NO_UNIT = ""


def unit_keys(indicators: pd.DataFrame) -> pd.Series:
    """Return the comparable unit of each indicator row.

    Parameters
    ----------
    indicators
        Rows of the indicators table.

    Returns
    -------
    pandas.Series
        ``unit_en`` where given, else ``unit_zh`` (empty when neither is printed).
    """
    en = indicators["unit_en"].astype(str).str.strip()
    zh = indicators["unit_zh"].astype(str).str.strip()
    return en.where(en != "", zh)


def families(indicators: pd.DataFrame) -> pd.DataFrame:
    """Summarise the indicator families present in the data.

    Parameters
    ----------
    indicators
        The indicators table.

    Returns
    -------
    pandas.DataFrame
        Indexed by family; columns ``n_areas``, ``n_rows``, ``name_zh`` and
        ``name_en`` (the most frequent printed name, as a data-derived label)
        and ``units`` (the unit keys in use). Families reported for more areas
        come first.
    """
    records = []
    keys = unit_keys(indicators)
    for family, rows in indicators.groupby("family", sort=False):
        modal = rows["name_zh"].value_counts(sort=True).index[0]
        first = rows[rows["name_zh"] == modal].iloc[0]
        records.append(
            {
                "family": family,
                "n_areas": rows["area"].nunique(),
                "n_rows": len(rows),
                "name_zh": first["name_zh"],
                "name_en": first["name_en"],
                "units": tuple(sorted(set(keys.loc[rows.index]))),
            }
        )
    frame = pd.DataFrame.from_records(records, columns=["family", "n_areas", "n_rows", "name_zh", "name_en", "units"])
    frame = frame.sort_values(["n_areas", "n_rows", "family"], ascending=[False, False, True])
    return frame.set_index("family", drop=False)


def family_rows(indicators: pd.DataFrame, family: str, status: str | None = None) -> pd.DataFrame:
    """Return the rows of one family, with their unit key, grouped by unit.

    Parameters
    ----------
    indicators
        The indicators table.
    family
        A value of the ``family`` column.
    status
        ``"target"`` or ``"result"`` to keep only those rows; None keeps both.

    Returns
    -------
    pandas.DataFrame
        The matching rows in data order within each unit, plus a ``unit_key`` column.
    """
    rows = indicators[indicators["family"] == family]
    if status is not None:
        rows = rows[rows["status"] == status]
    rows = rows.assign(unit_key=unit_keys(rows))
    return rows.sort_values("unit_key", kind="stable")


def unit_groups(rows: pd.DataFrame) -> list[tuple[str, pd.DataFrame]]:
    """Split family rows into groups of one unit each, so unlike quantities are never drawn together.

    Parameters
    ----------
    rows
        From :func:`family_rows`.

    Returns
    -------
    list of (str, pandas.DataFrame)
        Unit key and its rows, the largest group first.
    """
    groups = [(str(unit), part) for unit, part in rows.groupby("unit_key", sort=False)]
    return sorted(groups, key=lambda g: -len(g[1]))


def _year(value: Any) -> int | None:
    return None if pd.isna(value) else int(value)


def value_points(rows: pd.DataFrame) -> pd.DataFrame:
    """Return one record per printed number of the rows: their baseline and their target (or result).

    Parameters
    ----------
    rows
        Indicator rows, e.g. one group of :func:`unit_groups`.

    Returns
    -------
    pandas.DataFrame
        Columns ``id``, ``area``, ``status``, ``point`` (``"baseline"`` or
        ``"target"``), ``year`` (None when not printed), ``value`` and ``text``
        (as printed, with the comparison sign on bare target cells) and
        ``estimate`` (True where the document calls the number an estimate).
        Values the documents print as a range or a dash have no number and are
        left out.
    """
    records = []
    for row_id, row in rows.iterrows():
        for point in ("baseline", "target"):
            value = row[f"{point}_value"]
            if pd.isna(value):
                continue
            comparison = row["comparison"] if point == "target" else ""
            records.append(
                {
                    "id": row_id,
                    "area": row["area"],
                    "status": row["status"],
                    "point": point,
                    "year": _year(row[f"{point}_year"]),
                    "value": float(value),
                    "text": printed_value(row[f"{point}_text"], comparison),
                    "estimate": is_estimate(row, point),
                }
            )
    columns = ["id", "area", "status", "point", "year", "value", "text", "estimate"]
    return pd.DataFrame.from_records(records, columns=columns)


def map_options(rows: pd.DataFrame, mapped: Collection[str] = ()) -> list[tuple[str, int | None]]:
    """Return the (unit key, target year) pairs a choropleth can show, the most informative first.

    One map shows one unit and one year only, so values are comparable.

    Parameters
    ----------
    rows
        From :func:`family_rows`.
    mapped
        Ids of the areas that have a geometry: pairs with more of them come first.

    Returns
    -------
    list of (str, int or None)
        Pairs that have at least one numeric target value, ordered by the
        number of mapped areas, then of all areas, then by year (earliest first).
    """
    valued = rows[rows["target_value"].notna()]
    counts: dict[tuple[str, int | None], list[int]] = {}
    for unit, year, area in zip(valued["unit_key"], valued["target_year"], valued["area"], strict=True):
        tally = counts.setdefault((str(unit), _year(year)), [0, 0])
        tally[0] += area in mapped
        tally[1] += 1
    return sorted(counts, key=lambda k: (-counts[k][0], -counts[k][1], k[1] is None, k[1] or 0, k[0]))


def map_values(rows: pd.DataFrame, unit: str, year: int | None) -> pd.DataFrame:
    """Return the rows with a numeric target value in ``unit`` for ``year``, one per area.

    Parameters
    ----------
    rows
        From :func:`family_rows`.
    unit
        A unit key.
    year
        A target year, or None for rows that print no year.

    Returns
    -------
    pandas.DataFrame
        Indexed by area id (the first row of an area in data order wins).
    """
    years = rows["target_year"]
    same_year = years.isna() if year is None else (years == year).fillna(False)
    chosen = rows[(rows["unit_key"] == unit) & same_year.astype(bool) & rows["target_value"].notna()]
    chosen = chosen.drop_duplicates("area")
    return chosen.set_index("area", drop=False)


def filter_enterprises(
    enterprises: pd.DataFrame,
    query: str = "",
    areas: Iterable[str] = (),
    industries: Iterable[str] = (),
    roles: Iterable[str] = (),
) -> pd.DataFrame:
    """Search and filter the enterprise directory.

    Parameters
    ----------
    enterprises
        The enterprises table.
    query
        Case-insensitive substring of the Chinese or the English name; blank matches all.
    areas, industries, roles
        Keep only these ``area`` ids, ``industry_zh`` and ``role_zh`` values; empty keeps all.

    Returns
    -------
    pandas.DataFrame
        The matching rows in data order.
    """
    keep = pd.Series(True, index=enterprises.index)
    needle = query.strip().casefold()
    if needle:
        zh = enterprises["name_zh"].astype(str).str.casefold().str.contains(needle, regex=False)
        en = enterprises["name_en"].astype(str).str.casefold().str.contains(needle, regex=False)
        keep &= zh | en
    for column, wanted in (("area", areas), ("industry_zh", industries), ("role_zh", roles)):
        wanted = list(wanted)
        if wanted:
            keep &= enterprises[column].isin(wanted)
    return enterprises[keep]


def count_by(rows: pd.DataFrame, column: str) -> pd.Series:
    """Count rows by the values of ``column``, largest first (ties in order of first appearance).

    Parameters
    ----------
    rows
        Any table.
    column
        The column to group by.

    Returns
    -------
    pandas.Series
        Value -> number of rows, named ``count``.
    """
    counts = rows[column].value_counts(sort=False)
    order = sorted(range(len(counts)), key=lambda i: -counts.iloc[i])
    return counts.iloc[order].rename("count")
