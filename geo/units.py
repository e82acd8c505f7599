"""Township units and areas: which units an area is made of, which areas a unit belongs to.

A zone built with ``units:`` is made of the units its recipe names; a
district of a given year of the units that belong to it that year. These
functions answer both ways for the panels and the Sources page.
"""

from __future__ import annotations

import pandas as pd

from geo.areas import unit_codes
from geo.catalog import Catalog
from geo.recipes import parse_recipe

UNIT_COLUMNS = ["id", "name_zh", "name_en", "kind", "seated", "match", "note_zh", "note_en"]


def _unit_rows(towns: pd.DataFrame, codes: list[str] | pd.Index) -> pd.DataFrame:
    rows = towns.loc[list(codes)]
    return rows.assign(seated=rows["lon"].notna() & rows["lat"].notna())[UNIT_COLUMNS]


def units_of_area(catalog: Catalog, area_id: str, year: int) -> pd.DataFrame:
    """Return the township units an area is made of, in gazetteer order.

    Parameters
    ----------
    catalog
        The validated data tables.
    area_id
        A district (its units that ``year``), or a zone built from units (the
        units its recipe names); any other area has none.
    year
        The year of the administrative divisions.

    Returns
    -------
    pandas.DataFrame
        :data:`UNIT_COLUMNS`, indexed by code; ``seated`` says whether the unit
        has a seat (and so a cell on the map).
    """
    towns = catalog.towns
    row = catalog.areas.loc[area_id]
    recipe = parse_recipe(row["geometry"])
    if recipe.method == "district":
        codes = towns.index[towns[f"district_{year}"] == recipe.refs[0]]
    elif recipe.method == "units":
        codes = pd.Index(unit_codes(recipe, towns))
    else:
        codes = pd.Index([])
    return _unit_rows(towns, codes)


def areas_of_unit(catalog: Catalog, code: str) -> tuple[str, ...]:
    """Return the zones whose recipe includes a unit (``units:`` recipes, ``@district`` expanded), in data order."""
    towns = catalog.towns
    found = []
    for area_id, text in catalog.areas["geometry"].items():
        recipe = parse_recipe(text)
        if recipe.method == "units" and code in unit_codes(recipe, towns):
            found.append(str(area_id))
    return tuple(found)


def district_of_unit(catalog: Catalog, code: str, year: int) -> str | None:
    """Return the area id of the district a unit belongs to in ``year`` (None if no area has that adcode)."""
    adcode = catalog.towns.loc[code, f"district_{year}"]
    hits = catalog.areas.index[catalog.areas["adcode"] == adcode]
    return str(hits[0]) if len(hits) else None
