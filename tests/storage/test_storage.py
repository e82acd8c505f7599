"""Issue 17: the same tests against both stores, the data folder and PostgreSQL + PostGIS."""

from __future__ import annotations

from pathlib import Path

import psycopg
import pytest

from geo.catalog import DATA_DIR, load_catalog
from geo.ingest import IngestError, ingest, restore
from geo.storage import Storage
from geo.storage.files import FilesStorage
from geo.storage.postgis import PostgisStorage
from tests.conftest import FIXTURES
from web.cluster import wait_until

PLAIN_GBK = (FIXTURES / "ingest" / "good" / "enterprises_plain_gbk.csv").read_bytes()  # 3 rows with lon/lat
UNKNOWN_AREA = "id,name_zh,area\nbad_one,不存在区域的企业,no_such_area\n".encode()
ORIGINAL = {p.name: p.read_bytes() for p in DATA_DIR.iterdir() if p.suffix in (".csv", ".toml", ".geojson")}


def second_process(storage: Storage) -> Storage:
    """Another store object on the same data: another process's view (its own connection for a database)."""
    if isinstance(storage, PostgisStorage):
        return PostgisStorage(storage.url)
    assert isinstance(storage, FilesStorage)
    return FilesStorage(storage.folder)


def test_a_fresh_store_holds_data_byte_for_byte(storage: Storage) -> None:
    version, files = storage.read_files()
    assert files == ORIGINAL and version == storage.current_version()
    assert len(storage.load().enterprises) == len(load_catalog(DATA_DIR).enterprises)


def test_a_written_version_reads_back_byte_identical(storage: Storage) -> None:
    before = storage.current_version()
    shorter = ORIGINAL["enterprises.csv"].rstrip(b"\n").rsplit(b"\n", 1)[0] + b"\n"  # the last enterprise dropped
    with storage.writing() as writer:
        writer.write({"enterprises.csv": shorter}, "test", "tests")
    version, files = storage.read_files()
    assert version != before and version == storage.current_version()
    assert files == {**ORIGINAL, "enterprises.csv": shorter}
    assert len(storage.load().enterprises) == len(load_catalog(DATA_DIR).enterprises) - 1


def test_an_import_makes_a_new_version_and_a_restore_puts_the_old_one_back(storage: Storage, areas) -> None:
    before = storage.current_version()
    report = ingest("enterprises", PLAIN_GBK, "plain.csv", storage, imported_by="tests", areas=areas)
    assert report.written and len(report.added) == 3
    assert storage.current_version() != before
    catalog = storage.load()
    assert set(report.added) <= set(catalog.enterprises.index)
    assert catalog.enterprises.loc[report.added, "name_zh"].str.startswith("重庆测试").all()
    kept = storage.versions()[0]
    assert "enterprises.csv" in kept.files
    restore(storage, kept.name)
    assert storage.read_files()[1] == ORIGINAL
    assert not set(report.added) & set(storage.load().enterprises.index)


def test_an_import_that_fails_validation_changes_nothing(storage: Storage) -> None:
    before, kept = storage.current_version(), storage.versions()
    with pytest.raises(IngestError) as refused:
        ingest("enterprises", UNKNOWN_AREA, "bad.csv", storage, imported_by="tests")
    assert any("no_such_area" in p for p in refused.value.problems)
    assert storage.current_version() == before and storage.versions() == kept
    assert storage.read_files()[1] == ORIGINAL


def test_another_process_sees_the_new_version_within_5_s(storage: Storage, areas) -> None:
    other = second_process(storage)
    seen = other.current_version()
    ingest("enterprises", PLAIN_GBK, "plain.csv", storage, imported_by="tests", areas=areas)
    wait_until(lambda: other.current_version() != seen, 5.0, "the other process seeing the new version", 0.05)
    assert other.current_version() == storage.current_version()
    assert set(other.load().enterprises.index) == set(storage.load().enterprises.index)
    other.close()


def test_an_unknown_kept_version_is_refused(storage: Storage) -> None:
    for name in ("no-such-version", "../../etc", "999999"):
        with pytest.raises(IngestError, match="no such kept version"):
            restore(storage, name)
    assert storage.read_files()[1] == ORIGINAL


def test_the_geometry_tables_hold_the_imported_points_in_4326_with_gist_indexes(database_url: str, areas) -> None:
    storage = PostgisStorage(database_url)
    report = ingest("enterprises", PLAIN_GBK, "plain.csv", storage, imported_by="tests", areas=areas)
    with psycopg.connect(database_url) as conn:
        rows = conn.execute("SELECT id, ST_SRID(geom), ST_X(geom), ST_Y(geom) FROM enterprise_point").fetchall()
        assert {r[0] for r in rows} == set(report.added) and {r[1] for r in rows} == {4326}
        assert all(105.2 < r[2] < 110.3 and 28.1 < r[3] < 32.3 for r in rows)  # lon/lat, not swapped
        typmods = conn.execute("SELECT f_table_name, type, srid FROM geometry_columns ORDER BY f_table_name").fetchall()
        assert typmods == [("area_shape", "MULTIPOLYGON", 4326), ("enterprise_point", "POINT", 4326)]
        gist = conn.execute("SELECT tablename FROM pg_indexes WHERE indexdef ILIKE '%USING gist (geom)%'").fetchall()
        assert {g[0] for g in gist} == {"area_shape", "enterprise_point"}
    storage.close()


def test_imported_shapes_fill_area_shape(database_url: str) -> None:
    storage = PostgisStorage(database_url)
    raw = (FIXTURES / "ingest" / "good" / "areas.geojson").read_bytes()
    ingest("areas", raw, "areas.geojson", storage, imported_by="tests")
    shapes = storage.load().shapes
    with psycopg.connect(database_url) as conn:
        rows = conn.execute("SELECT id, ST_SRID(geom), ST_Area(geom) FROM area_shape").fetchall()
    assert shapes and {r[0] for r in rows} == set(shapes) and {r[1] for r in rows} == {4326}
    assert all(abs(area - shapes[i].area) < 1e-9 for i, _, area in rows)
    storage.close()


def test_load_refuses_a_database_that_holds_data(database_url: str, tmp_path: Path) -> None:
    from geo.storage.__main__ import main

    assert main(["--database-url", database_url, "load", str(DATA_DIR)]) == 1
    assert PostgisStorage(database_url).versions() == []
    assert main(["--database-url", database_url, "load", str(DATA_DIR), "--replace"]) == 0
    assert len(PostgisStorage(database_url).versions()) == 1
