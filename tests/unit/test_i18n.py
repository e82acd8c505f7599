"""Every string exists in Chinese and English, and every key the code asks for exists."""

from __future__ import annotations

import ast
import re

from components.i18n import NOTICES_SHOWN, STRINGS, notice_texts, t
from geo.basemaps import BASEMAP_IDS
from geo.catalog import load_catalog
from geo.layers import LAYERS
from geo.recipes import METHODS
from geo.state import PARAMS, YEARS, Notice
from tests.conftest import ROOT

FORMAT_FIELD = re.compile(r"{(\w+)")


def test_every_key_has_both_languages_with_the_same_fields() -> None:
    for key, entry in STRINGS.items():
        assert set(entry) == {"zh", "en"}, key
        assert entry["zh"].strip() and entry["en"].strip(), key
        assert set(FORMAT_FIELD.findall(entry["zh"])) == set(FORMAT_FIELD.findall(entry["en"])), key


def _literal_keys() -> set[str]:
    keys = set()
    for path in [*ROOT.glob("*.py"), *(ROOT / "components").glob("*.py"), *(ROOT / "pages").glob("*.py")]:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "t" and node.args:
                first = node.args[0]
                if isinstance(first, ast.Constant) and isinstance(first.value, str):
                    keys.add(first.value)
    return keys


def test_every_literal_key_used_in_code_exists() -> None:
    keys = _literal_keys()
    assert len(keys) > 50
    assert sorted(keys - set(STRINGS)) == []


def test_every_dynamic_key_family_is_complete() -> None:
    catalog = load_catalog()
    families = {
        "layer_": [spec.id for spec in LAYERS],
        "kind_": catalog.areas["kind"].unique(),
        "station_type_": catalog.stations["type_zh"].unique(),
        "station_status_": catalog.stations["status"].unique(),
        "basemap_": BASEMAP_IDS,
        "notice_": ["unknown_area", "unknown_layer", "unknown_basemap", "unknown_lang", "bad_center", "bad_zoom",
                    "bad_present", "bad_asof", "bad_circle_km"],
        "search_kind_": ["area", "enterprise", "station", "town"],
        "asof_": YEARS,
        "acc_": ["boundary", "partly_approximate", "approximate", "point", "schematic", "not_mapped"],
        "panel_area_": ["approximate", "partly_approximate", "schematic", "point"],
        "legend_": ["partly_approximate", "approximate", "point", "schematic"],
        "src_method_": METHODS,
        "unit_kind_": catalog.towns["kind"].unique(),
        "unit_seat_": ["full", "core", "pinyin", "fallback", "none"],
    }  # fmt: skip
    missing = [prefix + str(v) for prefix, values in families.items() for v in values if prefix + str(v) not in STRINGS]
    assert missing == []
    assert len(families["notice_"]) == len(PARAMS)


def test_unknown_key_shows_itself_instead_of_crashing() -> None:
    assert t("no_such_key", "en") == "no_such_key"


def test_notice_texts_show_a_few_values_cut_and_inert_then_count_the_rest() -> None:
    phishing = "[会话已过期，请点此重新登录](http://evil.example/login?next=" + "x" * 100 + ")"
    notices = [
        Notice("area", phishing, "unknown_area"),
        Notice("asof", "![](http://evil.example/p.png)", "bad_asof"),
        Notice("circle_km", "<b>9000</b>", "bad_circle_km"),
        *[Notice("layers", f"x{i}", "unknown_layer") for i in range(20)],
    ]
    texts = notice_texts(notices, "zh")
    assert len(texts) == NOTICES_SHOWN + 1
    assert texts[0] == "链接中的区域 `[会话已过期，请点此重新登录](http://evil.example/logi…` 不存在,已忽略。"
    assert texts[1] == "链接中的区划年份 `![](http://evil.example/p.png)` 无效(可用 2023 或 2026),已忽略。"
    assert texts[2] == "链接中的生态圈半径 `<b>9000</b>` 无效(0.5–20 km),已忽略。"
    assert texts[3] == "链接中另有 20 个值被忽略。"
    assert notice_texts(notices[:1], "en") == [
        "Unknown area `[会话已过期，请点此重新登录](http://evil.example/logi…` in the link was ignored."
    ]
    assert notice_texts([Notice("layers", "7969", "too_many_layers")], "en") == [
        "The link lists more than 32 layers; the other 7969 were not read."
    ]


def test_each_language_file_has_exactly_the_same_keys() -> None:
    """A string added to one locale file and forgotten in the other fails here, naming it."""
    import tomllib

    from components.i18n import LANGUAGES, LOCALES_DIR

    keys = {lang: set(tomllib.loads((LOCALES_DIR / f"{lang}.toml").read_text("utf-8"))) for lang in LANGUAGES}
    assert keys["zh"] ^ keys["en"] == set()
    assert len(keys["zh"]) > 300
