"""URL state: parsing never raises, unknown values are reported, round trips are exact."""

from __future__ import annotations

import pytest

from geo.state import Notice, ViewState, Vocabulary, state_from_query, state_to_query

VOCAB = Vocabulary(
    areas={"jiangjin", "liangjiang"},
    layers=("districts", "parks", "circles"),
    basemaps=("none", "osm"),
    default_layers=("districts", "parks"),
)


def test_empty_query_gives_defaults() -> None:
    parsed = state_from_query({}, VOCAB)
    assert parsed.state == ViewState(layers=("districts", "parks"))
    assert parsed.notices == []


def test_full_query_round_trips() -> None:
    state = ViewState(
        area="jiangjin", layers=("circles", "districts"), basemap="osm", lang="en", center=(29.3, 106.25), zoom=10
    )
    query = state_to_query(state)
    assert query == {
        "area": "jiangjin",
        "layers": "circles,districts",
        "basemap": "osm",
        "lang": "en",
        "center": "29.30000,106.25000",
        "zoom": "10",
        "asof": "2026",
    }
    parsed = state_from_query(query, VOCAB)
    assert parsed.state == state and parsed.notices == []
    older = state.with_(asof=2023, circle_km=4.5)
    assert state_from_query(state_to_query(older), VOCAB).state == older


@pytest.mark.parametrize(
    ("raw", "year"), [("2023", 2023), ("2026", 2026), (" 2023", 2023), ("2024", None), ("x", None), ("", None)]
)
def test_asof_takes_only_the_years_with_divisions(raw: str, year: int | None) -> None:
    parsed = state_from_query({"asof": raw}, VOCAB)
    assert parsed.state.asof == (year or 2026)
    assert [n.reason for n in parsed.notices] == ([] if year or raw == "" else ["bad_asof"])


@pytest.mark.parametrize(("raw", "km"), [("3", 3.0), ("4.56", 4.6), ("0.1", None), ("25", None), ("nan", None)])
def test_circle_radius_is_bounded_and_rounded(raw: str, km: float | None) -> None:
    parsed = state_from_query({"circle_km": raw}, VOCAB)
    assert parsed.state.circle_km == km
    assert [n.reason for n in parsed.notices] == ([] if km else ["bad_circle_km"])


def test_empty_layers_means_all_off() -> None:
    assert state_from_query({"layers": ""}, VOCAB).state.layers == ()


@pytest.mark.parametrize(
    ("param", "value", "reason"),
    [
        ("area", "atlantis", "unknown_area"),
        ("layers", "districts,lava", "unknown_layer"),
        ("basemap", "google", "unknown_basemap"),
        ("lang", "fr", "unknown_lang"),
        ("center", "29.3", "bad_center"),
        ("center", "abc,def", "bad_center"),
        ("center", "48.85,2.35", "bad_center"),
        ("center", "nan,106", "bad_center"),
        ("zoom", "99", "bad_zoom"),
        ("zoom", "7.5", "bad_zoom"),
    ],
)
def test_bad_values_are_dropped_with_a_notice(param: str, value: str, reason: str) -> None:
    parsed = state_from_query({param: value}, VOCAB)
    assert [(n.param, n.value, n.reason) for n in parsed.notices] == [
        (param, value.split(",")[-1] if param == "layers" else value, reason)
    ]
    defaults = state_from_query({}, VOCAB).state
    if param == "layers":
        assert parsed.state.layers == ("districts",)
    else:
        assert getattr(parsed.state, param) == getattr(defaults, param)


@pytest.mark.parametrize("junk", ["", " ", "\x00", "'\"<script>", "1e999", "-0", "🙂", "a" * 5000, ",,,"])
def test_parse_never_raises(junk: str) -> None:
    parsed = state_from_query({p: junk for p in ("area", "layers", "basemap", "lang", "center", "zoom")}, VOCAB)
    assert isinstance(parsed.state, ViewState)


def test_repeated_parameter_takes_the_last_value() -> None:
    assert state_from_query({"lang": ["zh", "en"]}, VOCAB).state.lang == "en"


def test_a_long_layers_list_is_read_only_up_to_its_cap_and_each_unknown_id_is_reported_once() -> None:
    from geo.state import MAX_LIST_VALUES

    parsed = state_from_query(
        {"layers": ",".join(["districts", *["lava"] * 10, *[f"x{i}" for i in range(8000)]])}, VOCAB
    )
    assert parsed.state.layers == ("districts",)
    assert parsed.notices[0] == Notice("layers", str(8011 - MAX_LIST_VALUES), "too_many_layers")
    unknown = [n.value for n in parsed.notices[1:]]
    assert unknown == ["lava", *[f"x{i}" for i in range(MAX_LIST_VALUES - 11)]]
