"""Shared fixtures: the repository root and a small, self-contained data folder."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.fixture
def mini_data(tmp_path: Path) -> Path:
    """A data folder with the real schema and a few hand-made rows (see tests/fixtures/mini)."""
    target = tmp_path / "data"
    shutil.copytree(FIXTURES / "mini", target)
    shutil.copy(DATA / "schema.toml", target / "schema.toml")
    return target


# Deterministic default basemap for every test and the servers they start:
# never probe tile hosts from the test suite.
os.environ.setdefault("CQ_DASH_BASEMAP", "none")
