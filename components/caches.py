"""Which Streamlit caches hold what the data folder gave: emptied together when an import changes it.

Every ``st.cache_data`` / ``st.cache_resource`` function of the app is listed
here, in exactly one of:

- :func:`data_caches`: filled from the data, emptied by
  :func:`components.data.refresh_if_data_changed` when the data's version changes;
- :func:`keyed_caches`: the costly geometry (township cells, areas, map
  layers), keyed on a digest of the tables it is built from, so an import
  that leaves those unchanged keeps it;
- :func:`kept_caches`: settings, basemaps, script bundles, QR codes: they do
  not depend on the data and survive an import.

``tests/unit/test_caches.py`` fails when a cached function is in none of them.

The functions that take the catalog as an argument also key their entries on
its version (``hash_funcs=``:data:`components.data.BY_DATA_VERSION`), so they
cannot hand out an earlier version's result even before they are emptied.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from geo.catalog import Catalog


def data_caches() -> tuple[Callable, ...]:
    """Return the cached functions whose results come from the data folder."""
    from components import (
        area_panel,
        data,
        enterprise_view,
        indicator_view,
        mini_map,
        search_box,
        seismic_view,
        sources_view,
        units_view,
    )

    return (
        data.catalog_of_version,
        data.get_stations,
        data.get_stations_by_area,
        data.get_enterprises_by_area,
        data.get_default_view,
        data.enterprise_points,
        data.stations_url,
        data.stations_geojson,
        data.area_geojson,
        data.get_assessments,
        area_panel._cached_table,
        area_panel._cached_cards,
        enterprise_view.areas_by_location,
        indicator_view.indicator_families,
        mini_map.area_feature,
        search_box.get_search_index,
        seismic_view.coverage_geojson,
        seismic_view.district_coverage,
        seismic_view.town_coverage,
        sources_view.get_schema,
        sources_view.get_citations,
        units_view._enterprise_lines,
        units_view._unit_lines,
    )


def keyed_caches() -> dict[Callable, tuple[str, ...]]:
    """Return the geometry caches keyed on a digest of the tables they are built from, with those tables.

    An import that leaves those tables unchanged (an enterprise list, targets)
    keeps them; one that changes them gives a new key, and
    :func:`components.data.refresh_if_data_changed` empties them so that the
    earlier geometry does not stay in memory.
    """
    from components import data

    base, areas = data.BASE_TABLES, data.AREA_TABLES
    return {
        data._base: base,
        data._display_base: base,
        data._areas: areas,
        data._display_areas: areas,
        data._area_index: areas,
        data._layer_frames: areas,
        data._layer_data: areas,
        data._district_count: areas,
    }


def kept_caches() -> tuple[Callable, ...]:
    """Return the cached functions that do not depend on the data (kept across imports)."""
    from components import data, share

    return (
        data.get_settings,
        data.get_storage,
        data.watch_store,
        data.get_basemaps,
        data.get_default_basemap,
        data.script_bundle,
        share.qr_data_uri,
    )


def clear_data_caches() -> None:
    """Empty every cache listed by :func:`data_caches`; the next call of each recomputes from the data."""
    for cached in data_caches():
        cached.clear()  # type: ignore[attr-defined]  # st.cache_data / st.cache_resource functions have clear()


def clear_changed_geometry(before: Catalog, after: Catalog) -> list[str]:
    """Empty the :func:`keyed_caches` whose tables differ between two versions; return their names.

    Their entries for ``before`` would never be asked for again; emptying them
    frees that memory at once instead of when newer entries push them out.
    """
    emptied = []
    for cached, tables in keyed_caches().items():
        if before.digest_of(tables) != after.digest_of(tables):
            cached.clear()  # type: ignore[attr-defined]
            emptied.append(cached.__name__)
    return emptied
