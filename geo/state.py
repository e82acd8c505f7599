"""The view state carried by the URL: parse never raises, unknown values are reported.

Query parameters (all optional; see the README for the stable contract):

``area``      id of the selected area (``data/areas.csv``)
``layers``    comma-separated layer ids that are switched on
``basemap``   basemap id
``lang``      ``zh`` or ``en``
``center``    ``"lat,lon"`` in WGS-84 degrees
``zoom``      integer zoom level
"""

from __future__ import annotations

import math
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field, replace

LANGS = ("zh", "en")
ZOOM_RANGE = (5, 18)
# Generous box around Chongqing (105.2-110.3 E, 28.1-32.3 N): a view centred
# outside it is surely a typo, not a wish.
CENTER_BOUNDS = ((26.0, 103.0), (34.5, 112.5))
DEFAULT_CENTER = (29.9, 107.75)
DEFAULT_ZOOM = 7
PARAMS = ("area", "layers", "basemap", "lang", "center", "zoom")


@dataclass(frozen=True)
class ViewState:
    """What the user is looking at, as restorable from a link."""

    area: str | None = None
    layers: tuple[str, ...] = ()
    basemap: str = "none"
    lang: str = "zh"
    center: tuple[float, float] | None = None
    zoom: int | None = None

    def with_(self, **changes: object) -> ViewState:
        """Return a copy with some fields changed."""
        return replace(self, **changes)


@dataclass(frozen=True)
class Notice:
    """A query parameter that was ignored, and why (a message key for i18n)."""

    param: str
    value: str
    reason: str


@dataclass(frozen=True)
class Vocabulary:
    """The values the state may take, as known to this app and its data."""

    areas: Collection[str]
    layers: tuple[str, ...]
    basemaps: tuple[str, ...]
    default_layers: tuple[str, ...] = ()
    default_basemap: str = "none"


@dataclass(frozen=True)
class ParsedState:
    """The result of :func:`state_from_query`: the state and what was ignored."""

    state: ViewState
    notices: list[Notice] = field(default_factory=list)


def _first(value: str | list[str] | None) -> str | None:
    if isinstance(value, list):
        return value[-1] if value else None
    return value


def _parse_center(raw: str) -> tuple[float, float] | None:
    parts = raw.split(",")
    if len(parts) != 2:
        return None
    try:
        lat, lon = (float(p) for p in parts)
    except ValueError:
        return None
    (lat_min, lon_min), (lat_max, lon_max) = CENTER_BOUNDS
    if not (math.isfinite(lat) and math.isfinite(lon)):
        return None
    if not (lat_min <= lat <= lat_max and lon_min <= lon <= lon_max):
        return None
    return (round(lat, 5), round(lon, 5))


def _parse_zoom(raw: str) -> int | None:
    try:
        zoom = int(raw)
    except ValueError:
        return None
    return zoom if ZOOM_RANGE[0] <= zoom <= ZOOM_RANGE[1] else None


def state_from_query(query: Mapping[str, str | list[str]], vocab: Vocabulary) -> ParsedState:
    """Parse URL query parameters into a :class:`ViewState`.

    Never raises: each unknown or malformed value is dropped, the default is
    used instead, and a :class:`Notice` says what was ignored.

    Parameters
    ----------
    query
        The query parameters (a value may be a list when repeated; the last wins).
    vocab
        Known areas, layers and basemaps.

    Returns
    -------
    ParsedState
        The state and the notices.
    """
    notices: list[Notice] = []
    get = {k: _first(query.get(k)) for k in PARAMS}

    area = get["area"] or None
    if area is not None and area not in vocab.areas:
        notices.append(Notice("area", area, "unknown_area"))
        area = None

    layers = vocab.default_layers
    if get["layers"] is not None:
        wanted = [part.strip() for part in get["layers"].split(",") if part.strip()]
        for bad in [w for w in wanted if w not in vocab.layers]:
            notices.append(Notice("layers", bad, "unknown_layer"))
        layers = tuple(dict.fromkeys(w for w in wanted if w in vocab.layers))

    basemap = vocab.default_basemap
    if get["basemap"] is not None:
        if get["basemap"] in vocab.basemaps:
            basemap = get["basemap"]
        else:
            notices.append(Notice("basemap", get["basemap"], "unknown_basemap"))

    lang = "zh"
    if get["lang"] is not None:
        if get["lang"] in LANGS:
            lang = get["lang"]
        else:
            notices.append(Notice("lang", get["lang"], "unknown_lang"))

    center = None
    if get["center"] is not None:
        center = _parse_center(get["center"])
        if center is None:
            notices.append(Notice("center", get["center"], "bad_center"))

    zoom = None
    if get["zoom"] is not None:
        zoom = _parse_zoom(get["zoom"])
        if zoom is None:
            notices.append(Notice("zoom", get["zoom"], "bad_zoom"))

    state = ViewState(area=area, layers=layers, basemap=basemap, lang=lang, center=center, zoom=zoom)
    return ParsedState(state, notices)


def state_to_query(state: ViewState) -> dict[str, str]:
    """Serialise a state to query parameters (the full state, so links survive default changes).

    Parameters
    ----------
    state
        The view to encode.

    Returns
    -------
    dict
        Parameter name -> value; unset optional fields are left out.
    """
    query = {"layers": ",".join(state.layers), "basemap": state.basemap, "lang": state.lang}
    if state.area:
        query["area"] = state.area
    if state.center is not None:
        query["center"] = f"{state.center[0]:.5f},{state.center[1]:.5f}"
    if state.zoom is not None:
        query["zoom"] = str(state.zoom)
    return query
