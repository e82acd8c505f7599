"""AppTest smoke tests: every page runs; URL state drives the panel; bad links never crash."""

from __future__ import annotations

import json
import re

import pytest
from streamlit.testing.v1 import AppTest

from tests.conftest import ROOT

APP = str(ROOT / "app.py")
PAGES = ["map", "indicators", "monitoring", "enterprises", "seismic", "sources", "admin"]


def run(query: dict[str, str] | None = None, page: str | None = None) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    for key, value in (query or {}).items():
        at.query_params[key] = value
    if page:
        at.switch_page(f"pages/{page}.py")
    return at.run()


def url(at: AppTest) -> dict[str, str]:
    """Return the app's query parameters as plain strings."""
    return {k: v[-1] if isinstance(v, list) else v for k, v in at.query_params.items()}


def open_tab(at: AppTest, prefix: str | tuple[str, ...]):
    """Open the panel tab whose label starts with ``prefix`` (only the open tab runs) and return it."""
    (label,) = [tab.label for tab in at.tabs if tab.label.startswith(prefix)]
    if not next(tab for tab in at.tabs if tab.label == label).children:
        at.session_state["panel_tabs"] = label
        at.run()
        assert not at.exception
    return next(tab for tab in at.tabs if tab.label == label)


def folium_args(at: AppTest) -> dict:
    """Return the JSON args of the st_folium component."""
    for node in at.get("component_instance") or []:
        proto = node.proto
        if "st_folium" in proto.component_name:
            return json.loads(proto.json_args)
    raise AssertionError("no st_folium component on the page")


def bundle_text(args: dict) -> str:
    """Return the map's one served script bundle (components.assets.bundle_scripts), checking its URL."""
    (bundle,) = args["js_links"]
    assert re.fullmatch(r"\.\./\.\./app/static/generated/map-[0-9a-f]{16}\.js", bundle)
    return (ROOT / "static" / bundle.removeprefix("../../app/static/")).read_text(encoding="utf-8")


@pytest.mark.parametrize("page", PAGES)
def test_every_page_runs_without_exception(page: str) -> None:
    at = run(page=page)
    assert not at.exception


def test_default_view_shows_hint_and_normalised_url() -> None:
    at = run()
    assert not at.exception
    assert any("点击地图" in i.value for i in at.info)
    assert url(at)["layers"] == "districts,towns,science_city,liangjiang,parks,circles,stations,enterprises"
    assert url(at)["lang"] == "zh" and url(at)["asof"] == "2026"


def test_map_component_loads_no_outside_asset() -> None:
    args = folium_args(run())
    urls = [u for u in json.dumps(args).split('"') if u.startswith(("http://", "https://", "//"))]
    assert urls == []
    # one served bundle: local Leaflet first, then the app's scripts (components.assets.bundle_scripts)
    text = bundle_text(args)
    assert text.index("Leaflet 1.9.3") < text.index("topojson") < text.index("window.cqLayer")


def test_area_in_url_opens_its_panel() -> None:
    at = run({"area": "jiangjin"})
    assert [s.value for s in at.subheader] == ["江津区"]
    tables = [t.value for t in at.table]
    assert any("3,2" in str(v) for t in tables for v in t.values.ravel())
    assert url(at)["area"] == "jiangjin"


def test_english_panel() -> None:
    at = run({"area": "jiangjin", "lang": "en"})
    assert [s.value for s in at.subheader] == ["Jiangjin District"]
    assert any("Computed area" in str(t.value) for t in at.table)


def test_clear_selection_empties_panel_and_url() -> None:
    at = run({"area": "jiangjin"})
    at.button(key="clear_selection").click().run()
    assert not at.exception
    assert at.subheader.len == 0
    assert "area" not in url(at)


def test_bad_link_values_are_ignored_with_visible_notices() -> None:
    at = run({"area": "atlantis", "zoom": "99", "center": "x,y", "lang": "fr", "basemap": "google"})
    assert not at.exception
    warnings = [w.value for w in at.warning]
    # three notices (in the parameters' order: area, basemap, lang) and a count of the other two (center, zoom)
    assert warnings == [
        "链接中的区域 `atlantis` 不存在,已忽略。",
        "链接中的底图 `google` 不可用,已改用默认底图。",
        "链接中的语言 `fr` 不受支持,已忽略。",
        "链接中另有 2 个值被忽略。",
    ]
    assert "area" not in url(at) and "zoom" not in url(at)


def _outside_code_spans(markdown: str) -> str:
    """Return the Markdown with every inline code span (whose content is shown verbatim) removed."""
    return re.sub(r"(`+)(?!`).*?(?<!`)\1(?!`)", "", markdown)


@pytest.mark.parametrize(
    "value",
    [
        "[会话已过期，请点此重新登录](http://evil.example/login)",
        "![](http://evil.example/pixel.png)",
        "<img src=http://evil.example/x.png>",
        "http://evil.example/bare",
        "`x` [a](http://evil.example) ``y``",
    ],
)
@pytest.mark.parametrize("param", ["area", "asof", "circle_km", "layers", "basemap"])
def test_a_links_value_is_shown_back_inert(param: str, value: str) -> None:
    at = run({param: value})
    assert not at.exception
    (warning,) = at.warning
    rest = _outside_code_spans(warning.value)
    assert "http" not in rest and "](" not in rest and "![" not in rest and "<" not in rest, warning.value


def test_a_56_kb_layers_value_gives_a_few_notices() -> None:
    value = ",".join(f"x{i:05d}" for i in range(8001))
    assert len(value) > 56_000
    at = run({"layers": value})
    assert not at.exception
    assert len(at.warning) <= 4
    assert at.warning[0].value == "链接中的图层超过 32 项,其余 7969 项未读取。"
    assert at.warning[-1].value == "链接中另有 30 个值被忽略。"


def test_language_switch_updates_url() -> None:
    at = run({"area": "jiangjin"})
    at.button_group(key="w_lang").set_value("en").run()
    assert url(at)["lang"] == "en"
    assert [s.value for s in at.subheader] == ["Jiangjin District"]


def test_layer_toggle_updates_url_and_map() -> None:
    at = run({"layers": "districts,parks"})
    at.button_group(key="w_layers").set_value(["districts"]).run()
    assert url(at)["layers"] == "districts"
