"""The view state carried by the URL: parse never raises, unknown values are reported.

Query parameters (all optional; see the README for the stable contract):

``area``      id of the selected area (``data/areas.csv``) or a township unit's code (``data/towns.csv``)
``layers``    comma-separated layer ids that are switched on (the first 32 are read)
``basemap``   basemap id
``lang``      ``zh`` or ``en``
``center``    ``"lat,lon"`` in WGS-84 degrees
``zoom``      integer zoom level
``present``   ``1`` for presentation mode (no sidebar, larger map and type)
``asof``      ``2026`` (today's 37 districts, the default) or ``2023`` (the 38 when the plans were written)
``circle_km`` the assumed radius of the innovation-ecology circles, in km (the data's value when absent)
"""

from __future__ import annotations

import math
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field, replace
from typing import Any

LANGS = ("zh", "en")
ZOOM_RANGE = (5, 18)
# Generous box around Chongqing (105.2-110.3 E, 28.1-32.3 N): a view centred
# outside it is surely a typo, not a wish.
CENTER_BOUNDS = ((26.0, 103.0), (34.5, 112.5))
DEFAULT_CENTER = (29.9, 107.75)  # all of Chongqing; the app opens on its layers' extent instead (see geo.extent)
DEFAULT_ZOOM = 7
YEARS = (2023, 2026)  # administrative divisions: when the plans were written, and today
CIRCLE_KM_RANGE = (0.5, 20.0)
PARAMS = ("area", "layers", "basemap", "lang", "center", "zoom", "present", "asof", "circle_km")
_TRUE, _FALSE = ("1", "true", "yes", "on"), ("0", "false", "no", "off")
MAX_LIST_VALUES = 32  # layer ids read from one link at most; the app has far fewer layers


@dataclass(frozen=True)
class ViewState:
    """What the user is looking at, as restorable from a link."""

    area: str | None = None
    layers: tuple[str, ...] = ()
    basemap: str = "none"
    lang: str = "zh"
    center: tuple[float, float] | None = None
    zoom: int | None = None
    present: bool = False
    asof: int = YEARS[-1]
    circle_km: float | None = None

    def with_(self, **changes: Any) -> ViewState:
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


def _parse_year(raw: str) -> int | None:
    return int(raw) if raw.strip() in {str(y) for y in YEARS} else None


def _parse_km(raw: str) -> float | None:
    try:
        km = round(float(raw), 1)
    except ValueError:
        return None
    return km if math.isfinite(km) and CIRCLE_KM_RANGE[0] <= km <= CIRCLE_KM_RANGE[1] else None


def _parse_layers(raw: str, vocab: Vocabulary, notices: list[Notice]) -> tuple[str, ...]:
    """Parse the first :data:`MAX_LIST_VALUES` layer ids; one notice per distinct unknown id, one for the rest."""
    parts = raw.split(",", MAX_LIST_VALUES)
    if len(parts) > MAX_LIST_VALUES:
        notices.append(Notice("layers", str(parts.pop().count(",") + 1), "too_many_layers"))
    wanted = [part.strip() for part in parts if part.strip()]
    notices += [Notice("layers", bad, "unknown_layer") for bad in dict.fromkeys(wanted) if bad not in vocab.layers]
    return tuple(dict.fromkeys(w for w in wanted if w in vocab.layers))


def _parse_field(param: str, raw: str | None, vocab: Vocabulary, notices: list[Notice]) -> object:
    """Parse one parameter; return None (and record a notice) when it is unusable."""
    if raw is None:
        return None
    if param == "layers":
        return _parse_layers(raw, vocab, notices)
    checks: dict[str, tuple[object, str]] = {
        "area": (raw if raw in vocab.areas else None, "unknown_area"),
        "basemap": (raw if raw in vocab.basemaps else None, "unknown_basemap"),
        "lang": (raw if raw in LANGS else None, "unknown_lang"),
        "center": (_parse_center(raw), "bad_center"),
        "zoom": (_parse_zoom(raw), "bad_zoom"),
        "present": (True if raw.lower() in _TRUE else False if raw.lower() in _FALSE else None, "bad_present"),
        "asof": (_parse_year(raw), "bad_asof"),
        "circle_km": (_parse_km(raw), "bad_circle_km"),
    }
    value, reason = checks[param]
    if value is None and raw != "":
        notices.append(Notice(param, raw, reason))
    return value


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
    parsed = {p: _parse_field(p, _first(query.get(p)), vocab, notices) for p in PARAMS}
    defaults = {
        "layers": vocab.default_layers,
        "basemap": vocab.default_basemap,
        "lang": "zh",
        "present": False,
        "asof": YEARS[-1],
    }
    values: dict[str, Any] = {p: defaults.get(p) if v is None else v for p, v in parsed.items()}
    return ParsedState(ViewState(**values), notices)


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
    query = {"layers": ",".join(state.layers), "basemap": state.basemap, "lang": state.lang, "asof": str(state.asof)}
    if state.area:
        query["area"] = state.area
    if state.center is not None:
        query["center"] = f"{state.center[0]:.5f},{state.center[1]:.5f}"
    if state.zoom is not None:
        query["zoom"] = str(state.zoom)
    if state.present:
        query["present"] = "1"
    if state.circle_km is not None:
        query["circle_km"] = f"{state.circle_km:g}"
    return query
