"""The caches follow the data: each cached function is a data cache or a kept one; data caches key on the version."""

from __future__ import annotations

import ast
import dataclasses
import datetime as dt
import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from components import caches, data
from geo.catalog import DATA_DIR, data_version, load_catalog
from geo.display import DisplayContext
from tests.conftest import ROOT, app_data
from web import heap

CACHES = ("cache_data", "cache_resource")
TODAY = dt.date(2026, 12, 1)


def cached_functions_in_source() -> set[tuple[str, str]]:
    """Return (module, name) of every function decorated with st.cache_data / st.cache_resource in the app."""
    found = set()
    for path in [ROOT / "app.py", *(ROOT / "components").glob("*.py"), *(ROOT / "pages").glob("*.py")]:
        module = ".".join(path.relative_to(ROOT).with_suffix("").parts)
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.FunctionDef):
                for deco in node.decorator_list:
                    target = deco.func if isinstance(deco, ast.Call) else deco
                    if isinstance(target, ast.Attribute) and target.attr in CACHES:
                        found.add((module, node.name))
    return found


def named(functions: tuple) -> set[tuple[str, str]]:
    return {(f.__module__, f.__name__) for f in functions}


def test_every_cached_function_is_a_data_cache_a_keyed_one_or_a_kept_one() -> None:
    in_source = cached_functions_in_source()
    data_side, keyed = named(caches.data_caches()), named(caches.keyed_caches())
    kept = named(caches.kept_caches())
    assert not data_side & kept and not data_side & keyed and not keyed & kept
    assert data_side | keyed | kept | {("components.data", "_data_seen")} == in_source
    assert ("components.data", "get_settings") in kept and ("components.data", "catalog_of_version") in data_side


def test_a_catalog_argument_keys_the_cache_by_its_version() -> None:
    from components.area_panel import _cached_table
    from components.units_view import _enterprise_lines

    catalog = load_catalog()
    assert catalog.version == data_version(DATA_DIR) and len(catalog.version) == 16
    before = _cached_table("jiangjin", "target", "zh", catalog, TODAY)
    indicators = catalog.indicators.copy()
    indicators.loc[indicators["area"] == "jiangjin", "name_zh"] = "改过的指标"
    changed = dataclasses.replace(catalog, indicators=indicators, version="an-import-later")
    after = _cached_table("jiangjin", "target", "zh", changed, TODAY)
    assert set(after.iloc[:, 0]) == {"改过的指标"} and "改过的指标" not in set(before.iloc[:, 0])
    assert _cached_table("jiangjin", "target", "zh", catalog, TODAY) is before  # the same version: the same entry
    ids = tuple(catalog.enterprises.index[:2])
    enterprises = catalog.enterprises.copy()
    enterprises.loc[list(ids), "name_zh"] = "改过的企业"
    renamed = dataclasses.replace(catalog, enterprises=enterprises, version="an-import-later")
    assert "改过的企业" not in "".join(_enterprise_lines(ids, "zh", catalog))
    assert "改过的企业" in "".join(_enterprise_lines(ids, "zh", renamed))


def _touch(path: Path) -> None:
    """Move a file's modification time a second on, as a later write would."""
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))


def _rewrite(path: Path) -> None:
    """Change a data file as an import would, without changing what it holds: one more line end, a later time."""
    path.write_bytes(path.read_bytes() + b"\n")
    _touch(path)


@pytest.fixture
def private_data(data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """The app's caches on a private data copy, emptied before and after."""
    with app_data(data_dir, monkeypatch):
        yield data_dir
    heap.unfreeze()


def test_an_import_empties_the_data_caches_only_and_thaws_the_heap(private_data: Path) -> None:
    assert data.refresh_if_data_changed() is False  # the first run only notes the version
    catalog, settings, basemaps = data.get_catalog(), data.get_settings(), data.get_basemaps()
    stations = data.get_stations()
    assert data.get_catalog() is catalog and data.get_stations() is stations
    heap.freeze_once()
    assert data.refresh_if_data_changed() is False  # nothing changed: nothing emptied
    assert data.get_catalog() is catalog

    _rewrite(private_data / "sources.csv")
    assert data.refresh_if_data_changed() is True
    assert data.refresh_if_data_changed() is False  # once per change, whichever session sees it first
    assert heap.freeze_once() is True  # the heap was thawed: the end of the run freezes the new version
    fresh = data.get_catalog()
    assert fresh is not catalog and fresh.version == data_version(private_data) != catalog.version
    assert data.get_stations() is not stations
    assert data.get_settings() is settings and data.get_basemaps() is basemaps  # not data: kept


def test_the_map_geometry_survives_an_import_that_leaves_its_tables_unchanged(private_data: Path) -> None:
    """Cutting township cells and encoding the map's layers are the costliest loads: an enterprise list keeps them.

    A change to the areas table redoes the areas and layers but keeps the cells;
    one to the township table redoes the cells too. Entries of the earlier
    geometry are emptied at once, not kept until newer ones push them out.
    """
    data.refresh_if_data_changed()
    ctx = DisplayContext()
    base, display, areas = data.get_base(), data.get_display_base(), data.get_areas()
    layers, index = data.layer_data(ctx=ctx, served=False), data.get_area_index()
    by_area = data.get_enterprises_by_area()

    _rewrite(private_data / "enterprises.csv")
    assert data.refresh_if_data_changed() is True
    assert data.get_base() is base and data.get_display_base() is display
    assert data.get_areas() is areas and data.get_area_index() is index
    assert data.layer_data(ctx=ctx, served=False) is layers
    assert data.get_enterprises_by_area() is not by_area  # built from the enterprises: recomputed

    before = data.get_catalog()
    _rewrite(private_data / "areas.csv")
    assert data.refresh_if_data_changed() is True
    assert data.get_base() is base and data.get_display_base() is display
    assert data.get_areas() is not areas and data.layer_data(ctx=ctx, served=False) is not layers
    # what the refresh emptied: every cache built from the areas table, not the township cells
    assert set(caches.clear_changed_geometry(before, data.get_catalog())) == {
        "_areas", "_display_areas", "_area_index", "_layer_frames", "_layer_data", "_district_count"
    }  # fmt: skip
    assert caches.clear_changed_geometry(before, before) == []

    towns = private_data / "towns.csv"
    lines = towns.read_text(encoding="utf-8").split("\n")
    (seated,) = [i for i, line in enumerate(lines) if line.startswith("500101017,太白街道,")]  # a unit with a seat
    towns.write_text("\n".join(lines[:seated] + lines[seated + 1 :]), encoding="utf-8")
    _touch(towns)
    before = data.get_catalog()
    assert data.refresh_if_data_changed() is True
    fresh = data.get_base()
    assert "500101017" in base.atoms.geoms and "500101017" not in fresh.atoms.geoms
    assert set(caches.clear_changed_geometry(before, data.get_catalog())) == {
        f.__name__ for f in caches.keyed_caches()
    }  # a township change touches every geometry cache
