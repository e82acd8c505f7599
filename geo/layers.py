"""The map's layers: which areas each one draws, its colour, and from which zoom it shows."""

from __future__ import annotations

from dataclasses import dataclass

TOWNS_MIN_ZOOM = 11  # township cells (and their names) show from here: below it a click opens the district


@dataclass(frozen=True)
class LayerSpec:
    """One toggleable map layer: which area kinds (or the stations) it draws, its colour, its first zoom."""

    id: str
    kinds: tuple[str, ...]
    color: str
    default_on: bool = True
    points: bool = False
    min_zoom: int | None = None


LAYERS: tuple[LayerSpec, ...] = (
    LayerSpec("districts", ("district",), "#4a5568"),
    LayerSpec("towns", ("town",), "#718096", min_zoom=TOWNS_MIN_ZOOM),
    LayerSpec(
        "science_city",
        ("science_city", "science_city_part", "high_tech_zone", "demo_zone", "cooperation_zone"),
        "#2b6cb0",
    ),
    LayerSpec("liangjiang", ("new_area", "zone"), "#c05621"),
    LayerSpec("parks", ("park",), "#2f855a"),
    LayerSpec("circles", ("circle",), "#6b46c1"),
    LayerSpec("stations", (), "#e53e3e", points=True),
    LayerSpec("enterprises", (), "#3182ce", points=True),
)
LAYER_IDS = tuple(spec.id for spec in LAYERS)
AREA_LAYERS = tuple(spec for spec in LAYERS if not spec.points)
_BY_ID = {spec.id: spec for spec in LAYERS}


def layer_of_kind(kind: str) -> str | None:
    """Return the id of the layer that draws areas of ``kind``."""
    return next((spec.id for spec in AREA_LAYERS if kind in spec.kinds), None)


def visible_layers(layers: tuple[str, ...], zoom: int | None) -> tuple[str, ...]:
    """Return the switched-on layers that are drawn at ``zoom`` (all of them when the zoom is unknown)."""
    return tuple(
        layer for layer in layers if layer in _BY_ID and (zoom is None or zoom >= (_BY_ID[layer].min_zoom or 0))
    )
