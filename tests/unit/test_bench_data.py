"""The benchmark's data folder: synthetic enterprises imported into a copy of data/, never into the app."""

from __future__ import annotations

import numpy as np
import shapely

from bench.data import synthetic_points, write_data_dir
from geo.catalog import DATA_DIR, load_catalog


def test_synthetic_points_are_reproducible_and_inside_the_region() -> None:
    region = shapely.box(106.0, 29.0, 106.5, 29.5).union(shapely.box(107.0, 30.0, 107.2, 30.2))
    lon, lat = synthetic_points(5000, seed=3, region=region)
    assert lon.shape == (5000,)
    assert shapely.contains_xy(region, lon, lat).all()
    again = synthetic_points(5000, seed=3, region=region)
    np.testing.assert_array_equal(lon, again[0])
    assert not np.array_equal(lon, synthetic_points(5000, seed=4, region=region)[0])


def test_the_copy_holds_the_synthetic_enterprises_with_coordinates_and_data_is_untouched(tmp_path) -> None:
    before = (DATA_DIR / "enterprises.csv").read_bytes()
    data = write_data_dir(tmp_path, 300)
    ents = load_catalog(data).enterprises
    located = ents[ents["lon"].notna()]
    assert len(located) == 300 and len(ents) == 300 + len(load_catalog(DATA_DIR).enterprises)
    assert located["area"].astype(bool).all()  # each placed in the area holding its point
    assert located["name_zh"].str.startswith("合成企业").all()
    assert (DATA_DIR / "enterprises.csv").read_bytes() == before
    assert not (data / "history").exists()
