"""Large point sets for the browser: a compact binary encoding.

Tens of thousands of points do not belong inside the map's script, which
Streamlit resends on every rerun: they are encoded once as little-endian int32
pairs (degrees × 1e5, about 1 m) into a file the browser fetches and caches.
"""

from __future__ import annotations

import hashlib

import numpy as np
from numpy.typing import NDArray

SCALE = 100_000  # 1e-5 degree ≈ 1.1 m


def encode_points(lon: NDArray[np.float64], lat: NDArray[np.float64]) -> bytes:
    """Encode points as interleaved little-endian int32 ``lon, lat`` scaled by :data:`SCALE`.

    Parameters
    ----------
    lon, lat
        WGS-84 (or display-datum) degrees, equal length.

    Returns
    -------
    bytes
        ``8 * len(lon)`` bytes.
    """
    pairs = np.column_stack([np.rint(np.asarray(lon) * SCALE), np.rint(np.asarray(lat) * SCALE)])
    return pairs.astype("<i4").tobytes()


def decode_points(blob: bytes) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """Invert :func:`encode_points`."""
    pairs = np.frombuffer(blob, dtype="<i4").reshape(-1, 2) / SCALE
    return pairs[:, 0], pairs[:, 1]


def content_name(blob: bytes, prefix: str = "points") -> str:
    """Return a content-addressed file name, so browsers may cache it forever."""
    return f"{prefix}-{hashlib.sha256(blob).hexdigest()[:16]}.bin"
