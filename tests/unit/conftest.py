"""Fixtures shared by the unit tests."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from geo.catalog import Catalog, load_catalog
from geo.monitoring import assessments_from_indicators

TODAY = dt.date(2026, 12, 1)  # the day the targets are judged on: 2025's are due, 2035's are not yet


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    """The real data folder's catalog."""
    return load_catalog()


@pytest.fixture(scope="module")
def assessments(catalog: Catalog) -> pd.DataFrame:
    """The monitoring status of every target of the real data on ``TODAY``."""
    return assessments_from_indicators(catalog.indicators, today=TODAY)
