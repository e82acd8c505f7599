"""Hostile uploads (issue 14): no import reaches the network or a server file, bombs are refused cheaply,
text is never silently misread, and any bytes at all give a list of problems, never a traceback.

The static corpus (tests/fixtures/ingest, made by make_corpus.hostile_files) points at an unroutable URL;
the network test here makes the same files point at a local server that counts requests.
"""

from __future__ import annotations

import contextlib
import io
import threading
import time
import tracemalloc
import urllib.error
import urllib.request
import zipfile
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import geopandas as gpd
import pyogrio
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from geo.catalog import load_catalog
from geo.ingest import IngestError, ingest
from geo.ingest import readers as readers_module
from geo.ingest.archive import open_zip, read_member
from geo.ingest.readers import decode_text, read_upload
from geo.ingest.vector import GDAL_LOCKDOWN, extract_shapefile, gdal_locked_down
from geo.ingest.xlsx import may_have_unsaved_formulas, unsaved_formulas
from tests.fixtures.ingest.make_corpus import (
    AREA_PROPS,
    ENT,
    IND,
    SQUARE,
    crs_link,
    geojson_with_crs,
    gpkg_with_view,
    gpkg_with_virtual_ogr,
    indicator_rows,
    renamed_member_zip,
    shapefile_parts,
    shapefile_zip,
    sheet_replaced,
    vrt_shapefile_zip,
    xlsx,
    zip_members,
)
from tests.unit.test_ingest import CORPUS, fingerprint


@pytest.fixture
def http_hits() -> Iterator[tuple[str, list[str]]]:
    """A local HTTP server on a free port that records every request it gets: ``(base URL, requests)``."""
    hits: list[str] = []

    class Handler(BaseHTTPRequestHandler):
        def _count(self) -> None:
            hits.append(f"{self.command} {self.path}")
            self.send_response(404)
            self.end_headers()

        def do_GET(self) -> None:
            self._count()

        def do_HEAD(self) -> None:
            self._count()

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", hits
    finally:
        server.shutdown()
        server.server_close()


def hostile_uploads(url: str, tmp: Path) -> dict[str, bytes]:
    """Uploads that each made GDAL (or the reader) send a request to ``url`` or read a server file."""
    secret = tmp / "secrets.csv"
    secret.write_text("name_zh,id\nTOPSECRET,x\n", encoding="utf-8")
    pixel = f"gdal_get_pixel_value('/vsicurl/{url}/x.tif', 1, 'pixel', 0, 0)"
    return {
        "crs_link.geojson": geojson_with_crs(crs_link(f"{url}/crs.prj")),
        "feature_crs_link.geojson": geojson_with_crs(crs_link(f"{url}/crs.prj"), at="feature"),
        "geometry_crs_link.geojson": geojson_with_crs(crs_link(f"{url}/crs.prj"), at="geometry"),
        "crs_name_url.geojson": geojson_with_crs({"type": "name", "properties": {"name": f"{url}/crs.prj"}}),
        "vrt_vsicurl.zip": vrt_shapefile_zip(f"/vsicurl/{url}/zones.csv"),
        "vrt_server_file.zip": vrt_shapefile_zip(str(secret)),
        "vsicurl_member_names.zip": renamed_member_zip(f"/vsicurl/{url}"),
        "pixel_view.gpkg": gpkg_with_view(pixel),
        "virtual_ogr.gpkg": gpkg_with_virtual_ogr(f"/vsicurl/{url}/zones.csv"),
    }


# 1 and 8: no server file, no request


@pytest.mark.parametrize("dry_run", [True, False], ids=["dry-run", "real"])
def test_no_hostile_upload_sends_a_request_or_reads_a_server_file_and_each_is_refused(
    http_hits: tuple[str, list[str]], data_dir: Path, tmp_path: Path, dry_run: bool
) -> None:
    url, hits = http_hits
    with pytest.raises(urllib.error.HTTPError):  # the server answers and counts: a request would show
        urllib.request.urlopen(f"{url}/probe", timeout=5)
    assert hits == ["GET /probe"]
    hits.clear()
    before = fingerprint(data_dir)
    for name, raw in hostile_uploads(url, tmp_path).items():
        with pytest.raises(IngestError) as refused:
            ingest("areas", raw, name, data_dir, dry_run=dry_run)
        assert not any("TOPSECRET" in p for p in refused.value.problems), name
    assert hits == []
    assert fingerprint(data_dir) == before


def test_gdal_lockdown_refuses_network_paths_even_when_the_environment_allows_external_access(
    http_hits: tuple[str, list[str]], tmp_path: Path
) -> None:
    url, hits = http_hits
    view = tmp_path / "view.gpkg"
    view.write_bytes(gpkg_with_view(f"gdal_get_pixel_value('/vsicurl/{url}/x.tif', 1, 'pixel', 0, 0)"))
    pyogrio.set_gdal_config_options({"OGR_SQLITE_ALLOW_EXTERNAL_ACCESS": "YES"})  # as an environment variable could
    try:
        pyogrio.read_dataframe(f"GPKG:{view}", layer=0)  # control: without the lockdown the view does reach the server
        assert hits
        hits.clear()
        with gdal_locked_down():
            pyogrio.read_dataframe(f"GPKG:{view}", layer=0)
            for path in (f"/vsicurl/{url}/x.geojson", f"{url}/x.geojson", f"/vsis3/{url[7:]}/x.geojson"):
                with pytest.raises(pyogrio.errors.DataSourceError):
                    pyogrio.read_dataframe(path)
        assert hits == []
        # the previous values are back once the upload is read
        assert pyogrio.get_gdal_config_option("OGR_SQLITE_ALLOW_EXTERNAL_ACCESS") == "YES"
        assert pyogrio.get_gdal_config_option("CPL_VSIL_CURL_ALLOWED_FILENAME") is None
    finally:
        pyogrio.set_gdal_config_options({"OGR_SQLITE_ALLOW_EXTERNAL_ACCESS": None})


def test_importing_the_readers_sets_no_gdal_option() -> None:
    import subprocess
    import sys

    keys = list(GDAL_LOCKDOWN)
    code = (
        "import pyogrio, geo.ingest, geo.ingest.vector, geo.ingest.readers; "
        f"print([pyogrio.get_gdal_config_option(k) for k in {keys!r}])"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=CORPUS.parents[2], capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == str([None] * len(keys))


def test_a_vrt_posing_as_a_shp_is_refused_before_gdal_opens_it(tmp_path: Path) -> None:
    secret = tmp_path / "secrets.csv"
    secret.write_text("name_zh,id\nTOPSECRET,x\n", encoding="utf-8")
    with pytest.raises(IngestError) as refused:
        read_upload(vrt_shapefile_zip(str(secret)), "zones.zip")
    assert refused.value.problems == [
        "zones.zip: 'zones.shp' is not a Shapefile .shp (it lacks the Shapefile file code)"
    ]


def test_only_the_shapefiles_own_parts_are_unpacked_under_fixed_names(tmp_path: Path) -> None:
    parts = shapefile_parts()
    extra = {"zones.shp.xml": b"<x/>", "zones.qix": b"q", "readme.txt": b"r", "zones.exe": b"MZ"}
    source = extract_shapefile(zip_members({**parts, **extra}), "zones.zip", tmp_path)
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        f"upload{ext}" for ext in (".cpg", ".dbf", ".prj", ".shp", ".shx")
    ]
    assert source.driver == "ESRI Shapefile" and source.path == str(tmp_path / "upload.shp")


def test_a_shapefile_zipped_on_a_mac_imports_without_its_resource_forks() -> None:
    """macOS Finder adds __MACOSX/._zones.shp and ._zones.dbf: metadata, not a second Shapefile."""
    forks = {"__MACOSX/._zones.shp": b"\x00\x05\x16\x07", "__MACOSX/._zones.dbf": b"\x00\x05\x16\x07"}
    table = read_upload(zip_members({**shapefile_parts(), **forks, "._zones.shp": b"x"}), "zones.zip")
    assert len(table.rows) == 1 and table.rows[0]["name_zh"] == "测试园区"


@pytest.mark.parametrize("entry", ["../zones.shp", "/etc/zones.shp", "a/../../zones.shp", "vsizip/zones.shp"])
def test_path_tricks_in_archive_entry_names_are_refused(entry: str) -> None:
    parts = {n: b for n, b in shapefile_parts().items() if not n.endswith(".shp")}
    with pytest.raises(IngestError, match="archive entry"):
        read_upload(zip_members({**parts, entry: shapefile_parts()["zones.shp"]}), "zones.zip")


def test_plain_names_and_a_null_or_named_crs_still_import() -> None:
    renamed = {name.replace("zones", "vsize_zones"): blob for name, blob in shapefile_parts().items()}
    assert read_upload(zip_members(renamed), "vsize.zip").rows[0]["id"] == "test_zone"
    for crs in (None, {"type": "name", "properties": {"name": "urn:ogc:def:crs:OGC:1.3:CRS84"}}):
        assert read_upload(geojson_with_crs(crs), "named.geojson").rows[0]["id"] == "test_zone"


def test_a_gpkg_layer_is_opened_by_the_gpkg_driver_only(tmp_path: Path) -> None:
    table = read_upload((CORPUS / "good" / "areas.gpkg").read_bytes(), "areas.gpkg")
    assert table.fmt == "gpkg" and table.rows[0]["id"] == "test_zone"
    # a SQLite file GDAL's GPKG driver does not take is refused, not handed to another driver
    import sqlite3

    plain = tmp_path / "plain.sqlite"
    with sqlite3.connect(plain) as db:
        db.execute("CREATE TABLE zones (id TEXT)")
    with pytest.raises(IngestError, match="cannot read the gpkg file"):
        read_upload(plain.read_bytes(), "plain.gpkg")


# 2: decompression bombs


@pytest.mark.parametrize(
    "name",
    [
        "zip_bomb_ratio.zip",
        "zip_bomb_extra_member.zip",
        "zip_directory_says_huge.zip",
        "zip_directory_says_tiny.zip",
        "xlsx_bomb_ratio.xlsx",
    ],
)
def test_a_decompression_bomb_is_refused_within_a_second_and_a_few_megabytes(name: str) -> None:
    raw = (CORPUS / "bad" / name).read_bytes()
    tracemalloc.start()
    started = time.perf_counter()
    with pytest.raises(IngestError):
        read_upload(raw, name)
    elapsed = time.perf_counter() - started
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert elapsed < 1.0 and peak < 8 * 2**20, (elapsed, peak)


def test_a_member_is_never_unpacked_past_its_budget() -> None:
    import os

    archive = open_zip(zip_members({"zones.dbf": os.urandom(3 * 2**20)}), "z.zip")
    with pytest.raises(IngestError, match="expands past"):
        read_member(archive, archive.getinfo("zones.dbf"), "z.zip", budget=2**20)


def test_a_sheet_is_read_only_up_to_the_row_cap(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(readers_module, "MAX_ROWS", 5)
    header, row = indicator_rows()
    with pytest.raises(IngestError) as refused:
        read_upload(xlsx([header] + [row] * 50), "many.xlsx")
    assert refused.value.problems == ["many.xlsx row 7: more than the 5 rows an import takes"]


def test_an_oversized_xlsx_cell_is_refused_with_its_row_and_column() -> None:
    header, row = indicator_rows()
    row[8] = "LONG"  # openpyxl cuts what it writes at 32,767 characters; Excel's XML need not be
    raw = sheet_replaced(xlsx([header, row]), lambda xml: xml.replace(b"LONG", b"x" * 40_000))
    with pytest.raises(IngestError) as refused:
        read_upload(raw, "big.xlsx")
    assert refused.value.problems == [
        "big.xlsx row 2 column '目标原文': a cell of 40,000 characters: more than the 32,767 a cell may hold"
    ]


# 3 and 4: XLSX read whole, formulas by their saved values


def test_a_stale_dimension_does_not_cut_rows_or_columns(data_dir: Path) -> None:
    raw = (CORPUS / "good" / "enterprises_stale_dimension.xlsx").read_bytes()
    assert b'<dimension ref="A1:B3"' in zipfile.ZipFile(io.BytesIO(raw)).read("xl/worksheets/sheet1.xml")
    report = ingest("enterprises", raw, "stale.xlsx", data_dir)
    assert len(report.added) == 10
    rows = load_catalog(data_dir).enterprises.loc[report.added]
    assert rows["lon"].notna().all() and rows["lat"].eq(29.3).all()
    assert sorted(rows["lon"]) == pytest.approx([106.2 + n / 100 for n in range(10)])


def test_formulas_with_saved_values_read_as_those_values() -> None:
    header, row = indicator_rows()
    formula = [*row, '=IF(1=1,"","≈")']
    formula[7] = "=200*2"

    def saved(xml: bytes) -> bytes:
        xml = xml.replace(b"<f>200*2</f><v />", b"<f>200*2</f><v>400</v>")
        return xml.replace(b'<c r="M2"><f>', b'<c r="M2" t="str"><f>').replace(b"</f><v />", b"</f><v></v>")

    table = read_upload(sheet_replaced(xlsx([[*header, "比较"], formula]), saved), "saved.xlsx")
    assert (table.rows[0]["目标值"], table.rows[0]["比较"]) == ("400", "")


SHEET = '<x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><x:sheetData>{}</x:sheetData></x:worksheet>'


@pytest.mark.parametrize(
    ("cells", "scan", "unsaved"),
    [
        ('<x:c r="B2"><x:f>1+1</x:f><x:v>2</x:v></x:c>', False, []),
        ('<x:c r="B2" t="str"><x:f>IF(1,"","x")</x:f><x:v></x:v></x:c>', True, []),
        ('<x:c r="B2"><x:f>1+1</x:f><x:v/></x:c>', True, [(2, 2)]),
        ('<x:c r="C2"><x:f>1+1</x:f></x:c>', True, [(2, 3)]),
        ('<x:c r="D2"><x:f t="shared" si="0"/></x:c>', True, [(2, 4)]),
    ],
    ids=["saved", "saved-empty-text", "empty-v", "no-v", "shared"],
)
def test_the_cheap_scan_flags_every_unsaved_formula_and_the_parse_locates_it(
    cells: str, scan: bool, unsaved: list[tuple[int, int]]
) -> None:
    xml = SHEET.format(f'<x:row r="2">{cells}</x:row>').encode()
    assert may_have_unsaved_formulas(io.BytesIO(xml)) is scan
    assert list(unsaved_formulas(io.BytesIO(xml))) == unsaved


# 5: Shapefile text encodings


def test_a_gbk_shapefile_without_cpg_imports_its_chinese(data_dir: Path, tmp_path: Path) -> None:
    raw = (CORPUS / "good" / "areas_gbk_no_cpg.zip").read_bytes()
    with zipfile.ZipFile(io.BytesIO(raw)) as archive:
        archive.extractall(tmp_path)
        assert "zones.cpg" not in archive.namelist() and archive.read("zones.dbf")[29] == 0
    assert pyogrio.read_dataframe(tmp_path / "zones.shp")["name_zh"][0] != "测试园区"  # GDAL alone: mojibake
    report = ingest("areas", raw, "gbk.zip", data_dir)
    assert "the .dbf has no .cpg and names no code page: read as GBK/GB18030" in report.notes
    assert load_catalog(data_dir).areas.loc["test_zone", "name_zh"] == "测试园区"


@pytest.mark.parametrize(("keep_cpg", "ldid"), [(True, 0), (False, 0x4D)], ids=["cpg", "ldid-936"])
def test_a_shapefile_that_names_its_code_page_is_read_with_it(keep_cpg: bool, ldid: int) -> None:
    gdf = gpd.GeoDataFrame([AREA_PROPS], geometry=[SQUARE], crs=4326)
    keep = (".shp", ".shx", ".dbf", ".prj", ".cpg") if keep_cpg else (".shp", ".shx", ".dbf", ".prj")
    table = read_upload(shapefile_zip(gdf, keep=keep, encoding="gbk", ldid=ldid), "named.zip")
    assert table.rows[0]["name_zh"] == "测试园区" and table.notes == []


# 6: mixed encodings are refused, not guessed


def test_utf8_with_one_stray_byte_is_refused_where_the_byte_is() -> None:
    raw = (CORPUS / "bad" / "csv_utf8_with_stray_byte.csv").read_bytes()
    assert raw.decode("gb18030")  # what the old reader did: the whole file as GBK, mojibake and all
    with pytest.raises(IngestError) as refused:
        decode_text(raw, "mixed.csv")
    (problem,) = refused.value.problems
    assert problem.startswith("mixed.csv row 2 column 'area': byte 0xA0 at offset 96 is not UTF-8")


@pytest.mark.parametrize("text", ["name_zh,area\n江津,江津区\n", ENT + "\n", IND + "\n"])
def test_short_gbk_text_still_reads_as_gbk(text: str) -> None:
    assert decode_text(text.encode("gbk"), "x.csv") == (text, "GBK/GB18030")


# 7: any bytes give problems, never a traceback

CORPUS_FILES = [p for p in sorted((CORPUS / "good").iterdir()) + sorted((CORPUS / "bad").iterdir()) if p.stat().st_size]
MAGIC = [
    b"",
    b"PK\x03\x04",
    b"SQLite format 3\x00",
    b'{"type": "FeatureCollection", "features": [',
    b"\xd0\xcf\x11\xe0",
]


def _read_or_refuse(raw: bytes, name: str) -> None:
    """Read the bytes; an IngestError is the one acceptable failure (anything else fails the test)."""
    with contextlib.suppress(IngestError):
        read_upload(raw, name)


@settings(max_examples=150, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(MAGIC), st.binary(max_size=2048))
def test_any_bytes_give_problems_never_a_traceback(magic: bytes, blob: bytes) -> None:
    _read_or_refuse(magic + blob, "fuzz.bin")


@settings(max_examples=150, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(CORPUS_FILES), st.data())
def test_cut_or_damaged_corpus_files_give_problems_never_a_traceback(path: Path, data: st.DataObject) -> None:
    raw = bytearray(path.read_bytes())
    raw = raw[: data.draw(st.integers(1, len(raw)), label="cut")]
    for _ in range(data.draw(st.integers(0, 4), label="flips")):
        raw[data.draw(st.integers(0, len(raw) - 1))] = data.draw(st.integers(0, 255))
    _read_or_refuse(bytes(raw), path.name)
