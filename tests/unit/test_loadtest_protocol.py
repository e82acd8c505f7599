"""The load test's protocol pieces: a click's rerun BackMsg as the app reads it, ForwardMsgs read back, capacity.

bench.stproto and bench.loadtest import no Locust (which would let gevent patch this test process).
"""

from __future__ import annotations

import json
import sys

import geopandas as gpd
import pytest
import shapely
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

from bench.loadtest import capacity, next_probe, passes, scaling
from bench.stproto import (
    MAP_COMPONENT,
    BrowserContext,
    PanelError,
    ProtocolError,
    RunReader,
    check_click,
    map_click_state,
    rerun_message,
)
from geo.basemaps import WGS84
from geo.events import state_from_map_event
from geo.select import AreaIndex
from geo.state import ViewState

WIDGET_ID = "$$ID-82564ef792b932a16313db2fcb0c7d00-cf37"


def frames(*messages: ForwardMsg) -> list[bytes]:
    return [m.SerializeToString() for m in messages]


def msg(**fields: object) -> ForwardMsg:
    out = ForwardMsg()
    for name, value in fields.items():
        if name == "query_string":
            out.page_info_changed.query_string = str(value)
        elif name == "finished":
            out.script_finished = int(value)  # type: ignore[assignment]
        elif name == "heading":
            out.delta.new_element.heading.tag, out.delta.new_element.heading.body = value  # type: ignore[misc]
        elif name == "component":
            out.delta.new_element.component_instance.component_name = MAP_COMPONENT
            out.delta.new_element.component_instance.id = str(value)
        elif name == "exception":
            out.delta.new_element.exception.type, out.delta.new_element.exception.message = value  # type: ignore[misc]
        elif name == "page":
            out.navigation.page_script_hash = str(value)
        elif name == "tab":
            out.delta.add_block.tab.label = str(value)
    return out


def test_a_click_is_a_rerun_carrying_the_map_components_json_value_and_the_session_state() -> None:
    click = map_click_state(WIDGET_ID, 29.28993, 106.25001, 9, (29.27573, 106.41503))
    sent = rerun_message(
        "layers=districts&area=hechuan", "eb0a", [click], ["h1", "h2"], BrowserContext(url="http://x/?a=1")
    )
    back = BackMsg()
    back.ParseFromString(sent.SerializeToString())  # what goes over the wire
    assert back.WhichOneof("type") == "rerun_script"
    state = back.rerun_script
    assert (state.query_string, state.page_script_hash) == ("layers=districts&area=hechuan", "eb0a")
    assert list(state.cached_message_hashes) == ["h1", "h2"]
    assert (state.context_info.timezone, state.context_info.locale, state.context_info.url) == (
        "Asia/Shanghai",
        "zh-CN",
        "http://x/?a=1",
    )
    [widget] = state.widget_states.widgets
    assert widget.id == WIDGET_ID and widget.WhichOneof("value") == "json_value"
    assert json.loads(widget.json_value) == {
        "last_clicked": {"lat": 29.28993, "lng": 106.25001},
        "zoom": 9,
        "center": {"lat": 29.27573, "lng": 106.41503},
    }


def test_the_click_value_is_what_the_app_applies_as_a_selection() -> None:
    areas = gpd.GeoDataFrame(
        {"layer": ["districts", "districts"], "area_km2": [3200.0, 2300.0]},
        geometry=[shapely.box(106.0, 29.0, 106.5, 29.5), shapely.box(106.0, 29.8, 106.6, 30.3)],
        index=["jiangjin", "hechuan"],
        crs="EPSG:4326",
    )
    click = map_click_state(WIDGET_ID, 29.28993, 106.25001, 9, (29.27573, 106.41503))
    event = json.loads(click.json_value)
    index = AreaIndex.from_areas(areas)
    outcome = state_from_map_event(ViewState(layers=("districts",)), event, datum=WGS84, index=index)
    assert outcome.clicked and outcome.state.area == "jiangjin"


def test_reading_a_run_finds_the_component_id_the_panel_and_the_new_url_and_ends_at_script_finished() -> None:
    reader = RunReader({})
    run = frames(
        msg(query_string="layers=districts&area=jiangjin"),
        msg(page="eb0a"),
        msg(heading=("h1", "重庆创新布局看板")),
        msg(component=WIDGET_ID),
        msg(heading=("h3", "江津区")),
        msg(tab="目标 (21)"),
        msg(tab="企业 (33)"),
        msg(finished=ForwardMsg.FINISHED_SUCCESSFULLY),
    )
    done = [reader.feed(frame) for frame in run]
    assert done == [False] * 7 + [True]
    result = reader.result
    assert result.ok and result.finished and result.messages == 8 and result.bytes == sum(map(len, run))
    assert result.tabs == ["目标 (21)", "企业 (33)"]  # the panel's tab labels carry its counts
    assert result.components == {MAP_COMPONENT: WIDGET_ID}
    assert (result.query_string, result.page_script_hash) == ("layers=districts&area=jiangjin", "eb0a")
    check_click(result, "江津区")
    with pytest.raises(PanelError, match="not 合川区"):
        check_click(result, "合川区")


def test_a_cached_message_sent_again_as_a_reference_is_read_as_the_original() -> None:
    cache: dict[str, ForwardMsg] = {}
    heading = msg(heading=("h3", "江津区"))
    heading.hash, heading.metadata.cacheable = "abc", True
    RunReader(cache).feed(heading.SerializeToString())
    assert set(cache) == {"abc"}
    again = RunReader(cache)
    ref = ForwardMsg()
    ref.ref_hash = "abc"
    again.feed(ref.SerializeToString())
    assert again.result.headings == [("h3", "江津区")]
    unknown = ForwardMsg()
    unknown.ref_hash = "nope"
    with pytest.raises(ProtocolError):
        again.feed(unknown.SerializeToString())


def test_an_exception_or_an_unfinished_run_fails_the_click() -> None:
    reader = RunReader({})
    for frame in frames(msg(heading=("h3", "江津区")), msg(exception=("KeyError", "'jiangjin'")), msg(finished=0)):
        reader.feed(frame)
    assert not reader.result.ok
    with pytest.raises(PanelError, match="KeyError"):
        check_click(reader.result, "江津区")
    early = RunReader({})
    early.feed(msg(heading=("h3", "江津区"), finished=ForwardMsg.FINISHED_EARLY_FOR_RERUN).SerializeToString())
    with pytest.raises(PanelError, match="status"):
        check_click(early.result, "江津区")


def level(sessions: int, p95: float | None, errors: int = 0, clicks: int = 10) -> dict:
    return {"sessions": sessions, "p95_s": p95, "errors": errors, "clicks": clicks, "server_cores": 1.0}


def test_capacity_is_the_last_level_that_held_before_the_first_that_did_not() -> None:
    assert passes(level(20, 1.0)) and not passes(level(20, 1.01)) and not passes(level(20, 0.1, errors=1))
    assert not passes(level(20, None, clicks=0))
    run = [level(20, 0.2), level(50, 0.6), level(100, 1.4), level(150, 0.9)]
    assert capacity(run) == {"held": 50, "failed_at": 100, "limit_s": 1.0}
    assert capacity([level(20, 0.2, errors=2)])["held"] == 0
    assert capacity([level(20, 0.2), level(50, 0.3)])["failed_at"] is None


def test_scaling_compares_the_same_session_counts() -> None:
    out = scaling([level(20, 0.4), level(50, 2.0)], [level(20, 0.2), level(100, 0.5)])
    assert [(s["sessions"], s["p95_ratio_1_over_2"]) for s in out] == [(20, 2.0)]


def test_the_protocol_modules_leave_the_test_process_unpatched() -> None:
    assert "locust" not in sys.modules and "bench.locustfile" not in sys.modules


def test_the_search_halves_the_bracket_between_held_and_failed_levels_until_it_is_narrow() -> None:
    assert next_probe([level(20, 0.5), level(50, 4.0), level(100, 9.0)]) == 35
    assert next_probe([level(20, 0.5), level(35, 1.5), level(50, 4.0)]) == 25
    assert next_probe([level(20, 0.5), level(25, 0.9), level(35, 1.5)]) == 30
    assert next_probe([level(20, 0.5), level(25, 1.2)]) is None  # 5 apart: as narrow as it gets
    assert next_probe([level(20, 0.5), level(50, 0.9)]) is None  # nothing failed: step up instead
    assert next_probe([level(20, 3.0), level(50, 4.0)]) == 10  # even the first level failed
