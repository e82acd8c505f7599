"""What a map event does to the view: the map's new view, and a new click's selection (pure, no session).

The map reports its centre, zoom and last click in the datum it is drawn in
(GCJ-02 over Amap tiles); the view state and the hit-test are WGS-84. A click
selects the smallest area under it among the layers visible at the map's zoom
(:meth:`geo.select.AreaIndex.hits`), or clears the selection when there is
none; a click already handled (the map repeats its last click with every
report) and a pan or zoom leave the selection alone. The result is always a
state the URL can carry (:mod:`geo.state`): a view outside the link's bounds
is not recorded, the last one that fits stays.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

from geo.display import Datum, wgs84_from_display
from geo.layers import visible_layers
from geo.select import AreaIndex
from geo.state import CENTER_BOUNDS, ZOOM_RANGE, ViewState

CENTER_DECIMALS = 5  # as the URL writes the centre (``geo.state.state_to_query``)


@dataclass(frozen=True)
class MapOutcome:
    """The view after a map event.

    Attributes
    ----------
    state
        The view with the map's centre and zoom and, after a new click, the
        area under it (None when the click hit nothing).
    clicked
        True when the event carried a click not handled before: the caller
        remembers it, so the map's next report does not apply it again.
    also_here
        The other areas under a new click, smallest first (empty otherwise).
    """

    state: ViewState
    clicked: bool = False
    also_here: tuple[str, ...] = ()

    @property
    def fit(self) -> str | None:
        """Return the area a new click selected, which the map should frame (None otherwise)."""
        return self.state.area if self.clicked else None


def _view(center: Mapping, zoom: float, datum: Datum) -> tuple[tuple[float, float], int] | None:
    """Return the map's view as the URL records it (WGS-84, rounded), or None when the URL cannot carry it."""
    lat, lon = wgs84_from_display(float(center["lat"]), float(center["lng"]), datum)
    lat, lon = round(lat, CENTER_DECIMALS), round(lon, CENTER_DECIMALS)
    (lat_min, lon_min), (lat_max, lon_max) = CENTER_BOUNDS
    inside = math.isfinite(lat) and math.isfinite(lon) and lat_min <= lat <= lat_max and lon_min <= lon <= lon_max
    return ((lat, lon), int(zoom)) if inside and ZOOM_RANGE[0] <= int(zoom) <= ZOOM_RANGE[1] else None


def state_from_map_event(
    state: ViewState,
    event: Mapping,
    *,
    datum: Datum,
    index: AreaIndex,
    handled_click: Mapping | None = None,
) -> MapOutcome:
    """Apply one report of the map to the view.

    Parameters
    ----------
    state
        The view before the event (from the URL).
    event
        What the map reported: ``center`` (``{"lat", "lng"}``), ``zoom`` and
        ``last_clicked`` (``{"lat", "lng"}``), each possibly missing or None;
        coordinates in ``datum``.
    datum
        The datum the map is drawn in (the basemap's).
    index
        The areas and township cells of the view's year and circle radius.
    handled_click
        The last click already applied, which the map keeps reporting.

    Returns
    -------
    MapOutcome
        The new view, whether a new click was applied, and the other areas under it.
    """
    center, zoom = event.get("center"), event.get("zoom")
    if center and zoom:
        view = _view(center, zoom, datum)
        if view is not None:
            state = state.with_(center=view[0], zoom=view[1])
    click = event.get("last_clicked")
    if not click or click == handled_click:
        return MapOutcome(state)
    lat, lon = wgs84_from_display(float(click["lat"]), float(click["lng"]), datum)
    zoom_now = int(zoom) if zoom else state.zoom
    hits = index.hits(lon, lat, layers=visible_layers(state.layers, zoom_now), zoom=zoom_now)
    return MapOutcome(state.with_(area=hits[0] if hits else None), clicked=True, also_here=tuple(hits[1:]))
