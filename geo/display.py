"""What a run shows things in: the language, the map's datum and the year of the divisions.

A :class:`DisplayContext` is built once per run from the view state and the
chosen basemap (:func:`context_from_view`) and handed, keyword-only, to what
draws layers, labels and tables. :func:`localized` reads a bilingual field of
a data row (``x_zh`` / ``x_en``) in the context's language. Stored geometry is
always WGS-84; :func:`display_from_wgs84` and :func:`wgs84_from_display` move a
single point to and from the datum the map is drawn in.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from geo.basemaps import GCJ02, WGS84, Basemap, Datum
from geo.crs import gcj02_to_wgs84, wgs84_to_gcj02
from geo.state import YEARS, ViewState

DATUMS: tuple[Datum, ...] = (WGS84, GCJ02)


@dataclass(frozen=True)
class DisplayContext:
    """How one run displays data.

    Attributes
    ----------
    lang
        ``"zh"`` or ``"en"``: the language of labels, names and tables.
    datum
        ``"wgs84"`` or ``"gcj02"``: the datum of the basemap's tiles, which
        drawn geometry must be shifted to (clicks come back in it).
    asof
        The year of the administrative divisions (see :data:`geo.state.YEARS`).
    """

    lang: str = "zh"
    datum: Datum = WGS84
    asof: int = YEARS[-1]


def context_from_view(state: ViewState, basemap: Basemap) -> DisplayContext:
    """Return the display context of a view drawn over ``basemap`` (which knows its tiles' datum)."""
    return DisplayContext(lang=state.lang, datum=basemap.datum, asof=state.asof)


def localized_column(field: str, lang: str) -> str:
    """Return the name of the column holding ``field`` in ``lang``: ``field_en`` in English, else ``field_zh``."""
    return f"{field}_en" if lang == "en" else f"{field}_zh"


def _get(row: Any, column: str) -> Any:
    return row.get(column, "") if hasattr(row, "get") else getattr(row, column, "")


def localized(row: Any, field: str, lang: str, *, fallback: bool = False) -> Any:
    """Return a bilingual field of a row in ``lang``.

    Parameters
    ----------
    row
        A mapping (``pd.Series``, ``dict``), a ``pd.DataFrame`` (the whole
        column is returned) or an object with the fields as attributes.
    field
        The field's stem: ``"name"`` reads ``name_zh`` or ``name_en``.
    lang
        ``"zh"`` or ``"en"``.
    fallback
        For one row: give the Chinese value when the English one is empty.

    Returns
    -------
    object
        The value (or column) as stored; ``""`` when the row lacks the column.
    """
    value = _get(row, localized_column(field, lang))
    if fallback and lang == "en" and (value is None or (isinstance(value, str) and not value)):
        return _get(row, f"{field}_zh")
    return value


def display_from_wgs84(lat: float, lon: float, datum: Datum) -> tuple[float, float]:
    """Return a WGS-84 point as ``(lat, lon)`` in the map's datum (unchanged for a WGS-84 map)."""
    if datum != GCJ02:
        return lat, lon
    g_lon, g_lat = wgs84_to_gcj02(lon, lat)
    return float(g_lat), float(g_lon)


def wgs84_from_display(lat: float, lon: float, datum: Datum) -> tuple[float, float]:
    """Return a point the map reported in its datum as WGS-84 ``(lat, lon)`` (unchanged for a WGS-84 map)."""
    if datum != GCJ02:
        return lat, lon
    w_lon, w_lat = gcj02_to_wgs84(lon, lat)
    return float(w_lat), float(w_lon)
