"""Fixtures shared by the unit tests."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from geo.catalog import DATA_DIR


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    """A private copy of the real data folder (without its kept versions), for a test to change."""
    target = tmp_path / "data"
    shutil.copytree(DATA_DIR, target, ignore=shutil.ignore_patterns("history"))
    return target
