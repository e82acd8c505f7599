"""What st_folium sends the browser, read from the component's arguments (public: AppTest's element tree)."""

from __future__ import annotations

from tests.app.test_pages import bundle_text, folium_args, run


def test_a_rerun_of_the_same_view_sends_the_same_map() -> None:
    """Identical arguments keep the map mounted in the browser: a rerun must not rebuild it.

    Only the selection layer (``feature_group``, which streamlit-folium swaps
    without rebuilding the map) may change: a link frames its area once.
    """
    at = run({"area": "jiangjin"})
    first = folium_args(at)
    assert not at.exception and first["script"] and first["js_links"]
    assert '"fit": "fit"' in first["feature_group"]
    at.run()
    again = folium_args(at)
    assert {k: v for k, v in again.items() if k != "feature_group"} == {
        k: v for k, v in first.items() if k != "feature_group"
    }
    assert again["feature_group"] == first["feature_group"].replace('"fit": "fit"', '"fit": null')
    assert "map_div" in first["script"]  # streamlit-folium's own name for the map: the script it sent is ours


def test_the_overview_maps_bundle_holds_the_measure_tool_in_the_pages_language() -> None:
    """Issue 16: leaflet-measure travels in the map's one content-addressed bundle, its build in the page's language."""
    for lang, wanted, other in (("zh", "路径长度", "Path distance"), ("en", "Path distance", "路径长度")):
        args = folium_args(run({"lang": lang}))
        text = bundle_text(args)
        assert "L.Control.Measure" in text and wanted in text and other not in text
        assert text.index("Leaflet 1.9.3") < text.index("L.Control.Measure") < text.index("window.cqMeasure")
        assert "cqMeasure(" in args["script"]
        assert any(u.endswith("leaflet-measure-3.1.0/leaflet-measure.css") for u in args["css_links"])
