"""geo.ingest: every malformed file is refused with a located reason and data/ untouched; good files import."""

from __future__ import annotations

import csv
import hashlib
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from geo.areas import areas_from_catalog
from geo.catalog import DATA_DIR, load_catalog
from geo.ingest import IngestError, LockTimeoutError, ingest, restore, versions
from geo.ingest.checks import coordinate_problem, guess_crs
from geo.ingest.columns import header_key
from geo.ingest.readers import decode_text, sniff_format, text_of
from geo.ingest.store import data_lock, replace_files
from tests.conftest import ROOT

CORPUS = ROOT / "tests" / "fixtures" / "ingest"
MANIFEST = list(csv.DictReader((CORPUS / "manifest.csv").open(encoding="utf-8")))


def fingerprint(folder: Path) -> dict[str, str]:
    """Every file under ``folder`` (relative name -> sha256)."""
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest() for p in folder.rglob("*") if p.is_file()
    }


@pytest.fixture(scope="module")
def shared_data(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One copy for all refusals: each must leave it exactly as it was."""
    target = tmp_path_factory.mktemp("corpus") / "data"
    shutil.copytree(DATA_DIR, target, ignore=shutil.ignore_patterns("history"))
    return target


def test_the_corpus_has_at_least_50_malformed_files() -> None:
    assert len(MANIFEST) >= 50
    assert {row["file"] for row in MANIFEST} == {p.name for p in (CORPUS / "bad").iterdir()}


@pytest.mark.parametrize("case", MANIFEST, ids=[row["file"] for row in MANIFEST])
def test_malformed_file_is_refused_with_a_located_reason_and_data_unchanged(case: dict, shared_data: Path) -> None:
    before = fingerprint(shared_data)
    with pytest.raises(IngestError) as refused:
        ingest(case["kind"], (CORPUS / "bad" / case["file"]).read_bytes(), case["file"], shared_data)
    problems = refused.value.problems
    assert all(p.startswith((case["file"], "after the import")) for p in problems), problems
    located = [p for p in problems if case["expect"] in p]
    assert located, f"expected {case['expect']!r} in {problems}"
    if case["where"] != "file":
        assert any(f" {case['where']}" in p for p in located), f"expected it at {case['where']}: {located}"
    assert fingerprint(shared_data) == before


def test_gbk_csv_imports_with_chinese_headers_and_names(data_dir: Path) -> None:
    raw = (CORPUS / "good" / "enterprises_gbk.csv").read_bytes()
    report = ingest("enterprises", raw, "enterprises_gbk.csv", data_dir)
    assert report.written and report.added == ["jiangjin_chong_qing_ce_shi_ke_ji_you_xian_gong_si"]
    assert "read as GBK/GB18030" in report.notes
    row = load_catalog(data_dir).enterprises.loc[report.added[0]]
    assert (row["name_zh"], row["area"], row["lon"], row["lat"]) == ("重庆测试科技有限公司", "jiangjin", 106.26, 29.29)
    # the previous version is kept, and restoring it puts the old bytes back
    (kept,) = versions(data_dir)
    assert (
        kept == report.history
        and (kept / "enterprises.csv").read_bytes() == (DATA_DIR / "enterprises.csv").read_bytes()
    )
    restore(data_dir, kept)
    assert (data_dir / "enterprises.csv").read_bytes() == (DATA_DIR / "enterprises.csv").read_bytes()


def test_xlsx_indicator_imports_typed_and_reimport_updates_in_place(data_dir: Path) -> None:
    raw = (CORPUS / "good" / "indicators.xlsx").read_bytes()
    first = ingest("indicators", raw, "indicators.xlsx", data_dir)
    assert first.added == ["jj_test_patents"]
    row = load_catalog(data_dir).indicators.loc["jj_test_patents"]
    assert (row["target_year"], row["target_value"], row["unit_zh"]) == (2025, 400.0, "件")
    again = ingest("indicators", raw, "indicators.xlsx", data_dir)
    assert (again.added, again.updated) == ([], ["jj_test_patents"])
    assert len(load_catalog(data_dir).indicators) == len(load_catalog(DATA_DIR).indicators) + 1


@pytest.mark.parametrize("name", ["areas.geojson", "areas.gpkg", "areas_cgcs2000.zip", "areas_bowtie.geojson"])
def test_gis_areas_import_as_stored_schematic_shapes(name: str, data_dir: Path) -> None:
    report = ingest("areas", (CORPUS / "good" / name).read_bytes(), name, data_dir)
    assert report.added == ["test_zone"]
    if name == "areas_cgcs2000.zip":
        assert report.notes == ["reprojected from EPSG:4545 to WGS-84"]
    if name == "areas_bowtie.geojson":
        assert "repaired with make_valid" in report.warnings[0] and "feature 1" in report.warnings[0]
    catalog = load_catalog(data_dir)
    assert catalog.areas.loc["test_zone", "geometry"] == "shape:test_zone"
    assert catalog.areas.loc["test_zone", "accuracy"] == "schematic"
    area = areas_from_catalog(catalog).loc["test_zone"]
    assert area["layer"] == "parks"
    west, south, east, north = area.geometry.bounds
    assert (west, south, east, north) == pytest.approx((106.20, 29.25, 106.30, 29.32), abs=1e-5)


def test_gis_points_become_enterprise_coordinates(data_dir: Path) -> None:
    raw = (CORPUS / "good" / "enterprises_points.geojson").read_bytes()
    (new,) = ingest("enterprises", raw, "points.geojson", data_dir).added
    row = load_catalog(data_dir).enterprises.loc[new]
    assert (row["lon"], row["lat"]) == (106.26, 29.29)


def test_dry_run_writes_nothing(data_dir: Path) -> None:
    before = fingerprint(data_dir)
    report = ingest("indicators", (CORPUS / "good" / "indicators.xlsx").read_bytes(), "i.xlsx", data_dir, dry_run=True)
    assert report.added == ["jj_test_patents"] and not report.written
    assert fingerprint(data_dir) == before


def test_an_import_waits_for_another_and_gives_up_after_its_timeout(data_dir: Path) -> None:
    raw = (CORPUS / "good" / "indicators.xlsx").read_bytes()
    with data_lock(data_dir), pytest.raises(LockTimeoutError):
        ingest("indicators", raw, "i.xlsx", data_dir, lock_timeout_s=0.3)


def test_the_lock_excludes_another_process_and_its_file_lies_outside_the_data(data_dir: Path) -> None:
    from geo.ingest.store import lock_path

    before = fingerprint(data_dir)
    holder = (
        "import sys; from pathlib import Path; from geo.ingest.store import data_lock\n"
        "with data_lock(Path(sys.argv[1])):\n    print('held', flush=True); sys.stdin.read()\n"  # until told
    )
    pipes = {"stdin": subprocess.PIPE, "stdout": subprocess.PIPE, "text": True}
    proc = subprocess.Popen([sys.executable, "-c", holder, str(data_dir)], cwd=ROOT, **pipes)
    try:
        assert proc.stdout.readline() == "held\n"
        with pytest.raises(LockTimeoutError), data_lock(data_dir, timeout_s=0.3):
            pass
    finally:
        proc.kill()
        proc.wait()
    with data_lock(data_dir, timeout_s=5):  # a holder that died released the lock with its process
        pass
    assert lock_path(data_dir).parent == data_dir.parent and lock_path(data_dir).is_file()
    assert fingerprint(data_dir) == before


def test_concurrent_imports_do_not_lose_each_others_rows(data_dir: Path) -> None:
    header = "企业名称,所属区域,行业,企业类型,来源,出处\n"
    files = {
        f"e{i}.csv": (header + f"并发公司{i},江津区,装备制造,龙头企业,jj_s14_plan_2022,x\n").encode() for i in range(4)
    }
    errors: list[BaseException] = []

    def run(name: str, raw: bytes) -> None:
        try:
            ingest("enterprises", raw, name, data_dir)
        except BaseException as exc:  # reported below
            errors.append(exc)

    threads = [threading.Thread(target=run, args=item) for item in files.items()]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    names = set(load_catalog(data_dir).enterprises["name_zh"])
    assert {f"并发公司{i}" for i in range(4)} <= names
    assert len(versions(data_dir)) == 4


def test_the_history_keeps_only_the_newest_versions(data_dir: Path) -> None:
    made = [replace_files(data_dir, {"note.txt": f"v{i}".encode()}, f"step{i}", keep=3) for i in range(5)]
    assert versions(data_dir) == made[:1:-1]  # the newest three, newest first
    assert (made[-1] / "note.txt").read_bytes() == b"v3"  # each keeps what the next step replaced


def test_a_restore_that_would_break_the_data_is_refused(data_dir: Path) -> None:
    # a kept areas.csv without 江津区, while enterprises and indicators still name it
    rows = (data_dir / "areas.csv").read_text(encoding="utf-8").splitlines(keepends=True)
    kept = data_dir / "history" / "20200101T000000.000000Z-areas"
    kept.mkdir(parents=True)
    (kept / "areas.csv").write_text("".join(r for r in rows if not r.startswith("jiangjin,")), encoding="utf-8")
    before = fingerprint(data_dir)
    with pytest.raises(IngestError) as refused:
        restore(data_dir, kept.name)
    assert refused.value.problems and all("after the restore" in p for p in refused.value.problems)
    assert any("jiangjin" in p for p in refused.value.problems)
    assert fingerprint(data_dir) == before
    with pytest.raises(IngestError, match="no such kept version"):
        restore(data_dir, "../../etc")


def test_command_line_exit_codes(data_dir: Path) -> None:
    def cli(*args: str) -> subprocess.CompletedProcess:
        cmd = [sys.executable, "-m", "geo.ingest", *args, "--data-dir", str(data_dir)]
        return subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, check=False)

    before = fingerprint(data_dir)
    bad = cli("enterprises", str(CORPUS / "bad" / "swapped_lonlat.csv"))
    assert bad.returncode == 1 and "row 2 column '经度'" in bad.stderr and "nothing was written" in bad.stderr
    assert cli("enterprises", str(CORPUS / "good" / "enterprises_gbk.csv"), "--dry-run").returncode == 0
    assert fingerprint(data_dir) == before
    assert cli("enterprises", "/no/such/file.csv").returncode == 2
    ok = cli("enterprises", str(CORPUS / "good" / "enterprises_gbk.csv"))
    assert ok.returncode == 0 and "1 new" in ok.stdout
    listed = cli("--history")
    assert listed.returncode == 0 and "enterprises.csv" in listed.stdout
    assert cli("--restore", "no-such-version").returncode == 2
    back = cli("--restore", listed.stdout.split()[0])
    assert back.returncode == 0 and back.stdout.startswith("restored enterprises.csv from ")
    assert (data_dir / "enterprises.csv").read_bytes() == (DATA_DIR / "enterprises.csv").read_bytes()


@pytest.mark.parametrize(
    ("value", "text"),
    [(None, ""), (2025, "2025"), (2025.0, "2025"), (2.4, "2.4"), (float("nan"), ""), (True, "true"), (" x ", "x")],
)
def test_cells_become_the_text_a_person_typed(value: object, text: str) -> None:
    assert text_of(value) == text


def test_format_comes_from_the_bytes_not_the_name() -> None:
    assert sniff_format((CORPUS / "good" / "indicators.xlsx").read_bytes()) == "xlsx"
    assert sniff_format((CORPUS / "good" / "areas.gpkg").read_bytes()) == "gpkg"
    assert sniff_format((CORPUS / "good" / "areas_cgcs2000.zip").read_bytes()) == "zip"
    assert sniff_format(b'\xef\xbb\xbf{"type": "FeatureCollection"}') == "geojson"
    assert sniff_format("企业名称\n".encode("gbk")) == "text"


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk", "gb18030", "utf-16"])
def test_text_encodings_chinese_excel_writes(encoding: str) -> None:
    text, _ = decode_text("企业名称,所属区域\n江津米花糖,江津区\n".encode(encoding), "x.csv")
    assert text.lstrip("\ufeff").startswith("企业名称")


def test_header_variants_compare_equal() -> None:
    assert header_key("经度(°)") == header_key(" 经度 ") == "经度"
    assert header_key("Lon") == "lon"


def test_coordinates_inside_swapped_or_elsewhere() -> None:
    assert coordinate_problem(106.26, 29.29) is None
    assert "swapped" in coordinate_problem(29.29, 106.26)
    assert "outside Chongqing" in coordinate_problem(116.4, 39.9)


def test_a_projection_is_guessed_from_where_it_puts_the_data() -> None:
    from pyproj import Transformer

    x, y = Transformer.from_crs(4326, 3857, always_xy=True).transform(106.5, 29.5)
    assert any(g.startswith("EPSG:3857 ") for g in guess_crs(x, y))
    assert guess_crs(1.0, 1.0) == []
