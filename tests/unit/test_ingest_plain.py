"""Issue 14: the enterprise lists people have import; multi-file writes are all or nothing; the CLI's data folder."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

import pytest

from geo.areas import areas_from_catalog
from geo.catalog import DATA_DIR, load_catalog
from geo.ingest import IngestError, ingest, restore, store, versions
from geo.ingest.sources import FileSource, clean_name
from geo.joins import assign_points_to_areas, located_points, members_by_area
from tests.conftest import ROOT
from tests.unit.test_ingest import CORPUS, fingerprint

PLAIN_GBK = (CORPUS / "good" / "enterprises_plain_gbk.csv").read_bytes()


@pytest.fixture(scope="module")
def areas():
    """The areas and township cells of 2026, as the app and the import place points in them."""
    return areas_from_catalog(load_catalog(DATA_DIR))


@pytest.mark.parametrize("name", ["enterprises_plain_gbk.csv", "enterprises_plain_bom.csv"])
def test_a_plain_list_imports_each_row_into_the_smallest_area_holding_its_point(name, data_dir, areas) -> None:
    """Only 企业名称, 行业, 经度, 纬度: every row gets the township cell its point lies in, and cites the file."""
    raw = (CORPUS / "good" / name).read_bytes()
    report = ingest("enterprises", raw, name, data_dir, imported_by="command line (test)")
    catalog = load_catalog(data_dir)
    new = catalog.enterprises.loc[report.added]
    assert len(new) == 3 and report.written
    expected = assign_points_to_areas(located_points(new), areas)
    assert list(new["area"]) == list(expected) and all(a in catalog.towns.index for a in new["area"])
    assert new.loc[new["name_zh"] == "重庆测试材料有限公司", "area"].item() == "500116005"  # 江津区 鼎山街道
    assert [p[2] for p in report.placed] == list(new["area"])  # shown to the user, row by row
    source = catalog.sources.loc[report.source]
    assert source["kind"] == "import" and source["file"] == name and source["rows"] == 3
    assert source["sha256"] == hashlib.sha256(raw).hexdigest() and source["imported_by"] == "command line (test)"
    assert source["imported_at"].endswith("Z")
    assert set(new["source"]) == {report.source} and list(new["section"]) == ["第2行", "第3行", "第4行"]


def test_an_enterprise_placed_in_a_cell_is_listed_by_its_district_and_zones_too(data_dir, areas) -> None:
    ingest("enterprises", PLAIN_GBK, "list.csv", data_dir)
    catalog = load_catalog(data_dir)
    placed = catalog.enterprises[catalog.enterprises["name_zh"] == "重庆测试材料有限公司"].index[0]
    members = members_by_area(catalog.enterprises, areas)
    assert placed in members["500116005"] and placed in members["jiangjin"]
    assert "cq_gearbox" in members["jiangjin"]  # named by its area, no point: still listed


def test_a_written_area_wins_over_the_point_with_a_warning(data_dir) -> None:
    body = "企业名称,所属区域,经度,纬度\n甲公司,永川区,106.2650,29.2900\n乙公司,江津区双福街道,,\n"
    report = ingest("enterprises", body.encode(), "mixed.csv", data_dir)
    rows = load_catalog(data_dir).enterprises.loc[report.added]
    assert list(rows["area"]) == ["yongchuan", "500116004"]  # 江津区双福街道: the district's name, then the unit's
    assert not report.placed
    assert any("row 2" in w and "not in the written area 'yongchuan'" in w for w in report.warnings)


def test_a_town_name_several_districts_share_asks_for_the_district(data_dir) -> None:
    """兴隆镇 is a town in four districts: the row is refused until it says which."""
    with pytest.raises(IngestError, match="row 2 column '所属区域': '兴隆镇' names units in more than one district"):
        ingest("enterprises", "企业名称,所属区域\n甲公司,兴隆镇\n".encode(), "list.csv", data_dir)


def test_rows_with_neither_area_nor_point_are_refused_with_their_row(data_dir) -> None:
    before = fingerprint(data_dir)
    body = "企业名称,行业,经度,纬度\n甲公司,新材料,106.2650,29.2900\n乙公司,新材料,,\n"
    with pytest.raises(IngestError) as refused:
        ingest("enterprises", body.encode(), "list.csv", data_dir)
    assert any(p.startswith("list.csv row 3") and "no area" in p for p in refused.value.problems)
    assert fingerprint(data_dir) == before


def test_the_same_file_twice_is_one_source_and_updates_its_rows(data_dir) -> None:
    first = ingest("enterprises", PLAIN_GBK, "list.csv", data_dir)
    second = ingest("enterprises", PLAIN_GBK, "list.csv", data_dir)
    catalog = load_catalog(data_dir)
    assert second.updated == first.added and not second.added
    assert (catalog.sources["kind"] == "import").sum() == 1


def test_indicators_still_need_a_printed_source(data_dir) -> None:
    """Only enterprise lists may cite the file: every indicator is a number a document prints."""
    with pytest.raises(IngestError, match="missing column 'source'"):
        ingest("indicators", (CORPUS / "bad" / "missing_source.csv").read_bytes(), "ind.csv", data_dir)


def test_an_indicator_import_carries_its_estimate_and_note_and_an_area_its_profile_sources(data_dir) -> None:
    body = (
        "指标编号,区域,指标名称,英文名称,指标族,单位,目标年份,目标值,目标原文,状态,来源,章节,预计,说明\n"
        "jj_test_est,江津区,测试指标,Test,test_family,%,2021,1.5,1.5,result,jj_s14_plan_2022,一、(一),value,预计值\n"
    )
    ingest("indicators", body.encode(), "est.csv", data_dir)
    row = load_catalog(data_dir).indicators.loc["jj_test_est"]
    assert (row["estimate"], row["note_zh"], row["note_en"]) == ("value", "预计值", "")
    areas = (
        "区域编号,名称,英文名称,类型,geometry,精度,来源,简介来源,简介章节\n"
        "t_zone,测试合作区,Test zone,cooperation_zone,none,not_mapped,jj_s14_plan_2022,{}\n"
    )
    with pytest.raises(IngestError, match=r"'nowhere' is not a known sources\.id"):
        ingest("areas", areas.format("jj_s14_plan_2022|nowhere,a|b").encode(), "a.csv", data_dir)
    ingest("areas", areas.format("jj_s14_plan_2022|cq_nidz_report_2021,十、(一)|5").encode(), "a.csv", data_dir)
    zone = load_catalog(data_dir).areas.loc["t_zone"]
    assert zone["profile_source"] == ("jj_s14_plan_2022", "cq_nidz_report_2021")
    assert zone["profile_section"] == ("十、(一)", "5")


def test_file_names_are_stored_without_folders_or_control_characters() -> None:
    assert clean_name("C:\\Users\\x\\名单\x1b[31m.csv") == "名单[31m.csv"
    assert len(clean_name("a" * 500)) == 120 and clean_name("\x00") == "upload"
    assert FileSource.of(b"x", "a.csv", "me").id == "import_" + hashlib.sha256(b"x").hexdigest()[:12]


def test_a_failed_write_of_the_second_file_puts_the_first_back(data_dir, monkeypatch) -> None:
    """enterprises.csv is written before sources.csv: a full disk at the second leaves data/ as it was."""
    before = fingerprint(data_dir)
    real = store.write_atomic
    calls = []

    def full_disk(path: Path, blob: bytes) -> None:
        calls.append(path.name)
        if path.name == "sources.csv" and calls.count("sources.csv") == 1:
            raise OSError(28, "No space left on device")
        real(path, blob)

    monkeypatch.setattr(store, "write_atomic", full_disk)
    with pytest.raises(IngestError, match="No space left on device"):
        ingest("enterprises", PLAIN_GBK, "list.csv", data_dir)
    assert calls[1:3] == ["enterprises.csv", "sources.csv"]  # the first file had been replaced
    assert fingerprint(data_dir) == before
    load_catalog(data_dir)


KILL_AFTER_FIRST_FILE = """
import os, sys
from pathlib import Path
from geo.ingest import ingest, store
real = store.write_atomic
def write(path, blob):
    real(path, blob)
    if path.name == "enterprises.csv":
        os._exit(9)  # killed between the two files
store.write_atomic = write
ingest("enterprises", Path(sys.argv[2]).read_bytes(), "list.csv", Path(sys.argv[1]))
"""


def test_an_import_killed_between_two_files_is_rolled_back_before_anyone_reads(data_dir) -> None:
    before = fingerprint(data_dir)
    upload = data_dir.parent / "list.csv"
    upload.write_bytes(PLAIN_GBK)
    killed = subprocess.run(
        [sys.executable, "-c", KILL_AFTER_FIRST_FILE, str(data_dir), str(upload)], cwd=ROOT, capture_output=True
    )
    assert killed.returncode == 9
    assert store.interrupted(data_dir)
    with pytest.raises(Exception, match="import_"):
        load_catalog(data_dir)  # half-written: enterprises cite a source sources.csv lacks
    assert store.recover_if_interrupted(data_dir)  # what the app runs before loading
    assert fingerprint(data_dir) == before and not store.interrupted(data_dir)
    load_catalog(data_dir)


def test_restoring_a_restore_does_not_grow_the_version_name(data_dir) -> None:
    ingest("enterprises", PLAIN_GBK, "list.csv", data_dir)
    for _ in range(4):
        restore(data_dir, versions(data_dir)[0].name)
    names = [v.name for v in versions(data_dir)]
    assert len({len(n) for n in names[:-1]}) == 1 and all(len(n) < 60 for n in names), names


def test_the_command_line_uses_the_data_folder_of_the_environment(data_dir, tmp_path) -> None:
    upload = tmp_path / "list.csv"
    upload.write_bytes(PLAIN_GBK)
    env = {**os.environ, "CQ_DASH_DATA_DIR": str(data_dir)}
    before = fingerprint(DATA_DIR)
    done = subprocess.run(
        [sys.executable, "-m", "geo.ingest", "enterprises", str(upload)], cwd=ROOT, env=env, capture_output=True
    )
    assert done.returncode == 0, done.stderr.decode()
    assert "placed: row 2 重庆测试材料有限公司 -> 鼎山街道 (500116005)" in done.stdout.decode()
    assert (load_catalog(data_dir).enterprises["name_zh"] == "重庆测试材料有限公司").any()
    assert fingerprint(DATA_DIR) == before


def test_an_error_no_check_foresaw_is_a_problem_of_the_file_not_a_traceback(data_dir, monkeypatch) -> None:
    from geo.ingest import rows

    def surprise(self: rows.Batch) -> list:
        raise KeyError("a library's surprise")

    monkeypatch.setattr(rows.Batch, "rows", surprise)
    before = fingerprint(data_dir)
    with pytest.raises(IngestError) as refused:
        ingest("enterprises", PLAIN_GBK, "list.csv", data_dir)
    assert refused.value.problems == [
        'list.csv: cannot be imported: unexpected KeyError ("a library\'s surprise"); nothing was changed'
    ]
    assert fingerprint(data_dir) == before
