"""Binary point encoding."""

from __future__ import annotations

import numpy as np

from geo.points import content_name, decode_points, encode_points


def test_round_trip_within_a_metre() -> None:
    lon = np.array([106.25001, 108.123456, 105.3])
    lat = np.array([29.28993, 31.000004, 28.2])
    blob = encode_points(lon, lat)
    assert len(blob) == 8 * 3
    back_lon, back_lat = decode_points(blob)
    assert np.abs(back_lon - lon).max() <= 0.5e-5 and np.abs(back_lat - lat).max() <= 0.5e-5


def test_content_name_is_stable_and_distinct() -> None:
    a, b = encode_points(np.array([1.0]), np.array([2.0])), encode_points(np.array([1.0]), np.array([2.5]))
    assert content_name(a) == content_name(a) != content_name(b)
    assert content_name(a).startswith("points-") and content_name(a).endswith(".bin")
