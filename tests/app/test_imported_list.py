"""Issue 14 through AppTest: an imported plain list is on the map, in its areas' panels and in Sources."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from geo.ingest import ingest
from tests.app.test_pages import folium_args, open_tab, run
from tests.conftest import app_data
from tests.unit.test_ingest import CORPUS

NAME = "重庆测试材料有限公司"  # row 2 of the list: 江津区 鼎山街道 (500116005)


@pytest.fixture
def imported(monkeypatch: pytest.MonkeyPatch, data_dir: Path) -> Iterator[str]:
    """A private data copy holding the plain GBK list; yields the id of its sources entry."""
    raw = (CORPUS / "good" / "enterprises_plain_gbk.csv").read_bytes()
    report = ingest("enterprises", raw, "江津企业名单.csv", data_dir, imported_by="admin page (10.0.0.7)")
    with app_data(data_dir, monkeypatch):
        yield str(report.source)


def test_the_points_reach_the_enterprise_layer(imported: str) -> None:
    """data/ has no enterprise with coordinates: only an import can put points on the layer."""
    from components.assets import IFRAME_STATIC_URL, STATIC_DIR

    script = folium_args(run({"layers": "districts,enterprises"}))["script"]
    found = re.search(r'cqPointCluster\(map_div, "([^"]+)"', script)
    assert found, "no enterprise point file on the map"
    served = json.loads((STATIC_DIR / found[1].removeprefix(IFRAME_STATIC_URL + "/")).read_text(encoding="utf-8"))
    points = {f["properties"]["name"]: f["geometry"]["coordinates"] for f in served["features"]}
    assert points[NAME] == [106.265, 29.29]  # the list's 106.2650, 29.2900 (WGS-84: no basemap)
    assert len(points) == 3


def test_a_points_name_reaches_the_browser_escaped(monkeypatch: pytest.MonkeyPatch, data_dir: Path) -> None:
    """The hover tooltip shows the name as HTML: the served file must hold it escaped."""
    from components.assets import IFRAME_STATIC_URL, STATIC_DIR
    from components.data import enterprise_points

    hostile = '<img src=x onerror="window.__pwned=1">&amp;企业'
    raw = f'企业名称,经度,纬度\n"{hostile.replace(chr(34), chr(34) * 2)}",106.2650,29.2900\n'.encode()
    ingest("enterprises", raw, "hostile.csv", data_dir)
    with app_data(data_dir, monkeypatch):
        url, count = enterprise_points()
    served = json.loads((STATIC_DIR / url.removeprefix(IFRAME_STATIC_URL + "/")).read_text(encoding="utf-8"))
    assert count == 1
    escaped = "&lt;img src=x onerror=&quot;window.__pwned=1&quot;&gt;&amp;amp;企业"
    assert served["features"][0]["properties"]["name"] == escaped


def test_district_and_cell_panels_list_the_enterprise_placed_in_the_cell(imported: str) -> None:
    tab = open_tab(run({"area": "jiangjin"}), "企业")
    assert any(NAME in m.value for m in tab.markdown)
    cell = run({"area": "500116005"})
    assert not cell.exception and any(NAME in m.value for m in cell.markdown)


def test_the_sources_page_lists_the_imported_file(imported: str) -> None:
    at = run(page="sources")
    assert not at.exception
    imports = next(d for d in at.dataframe if "SHA-256" in d.value.columns)
    row = imports.value.iloc[0]
    assert row.iloc[0] == "江津企业名单.csv" and row["导入者"] == "admin page (10.0.0.7)"
    assert len(row["SHA-256"]) == 64 and row["引用行数"] == 3
    assert any("《江津企业名单.csv》" in json.dumps(d.value.to_dict(), ensure_ascii=False) for d in at.dataframe)


def test_the_enterprise_directory_names_the_township_area(imported: str) -> None:
    at = run(page="enterprises")
    assert not at.exception
    table = next(d.value for d in at.dataframe if NAME in set(d.value.iloc[:, 0]))
    assert "鼎山街道" in set(table["区域"])


def test_a_panel_names_at_most_the_cap_and_says_the_export_holds_the_rest(
    imported: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A register of thousands must not become thousands of names in every rerun of the panel."""
    from components import units_view

    monkeypatch.setattr(units_view, "PANEL_ENTERPRISES", 2)
    tab = open_tab(run({"area": "jiangjin"}), "企业")
    total = int(re.search(r"\((\d+)\)", tab.label)[1])
    assert total > 2
    (listed,) = tab.markdown
    assert listed.value.count("、") + listed.value.count("\n\n") + 1 == 2  # two names, in one or two industry lines
    assert any(f"仅列出前 2 家(共 {total} 家)" in c.value for c in tab.caption)
