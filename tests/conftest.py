from __future__ import annotations

from pathlib import Path

import pytest

from ogi.pipeline import process_file

ROOT = Path(__file__).resolve().parent.parent
REPORTS = ROOT / "reports"
FIXTURES = Path(__file__).resolve().parent / "fixtures"


def parse_path(path: Path):
    return process_file(path, path.parent)


@pytest.fixture(scope="session")
def seed():
    cache = {}

    def get(prefix: str):
        if prefix not in cache:
            path = next(REPORTS.glob(f"{prefix}_*.txt"))
            cache[prefix] = parse_path(path)
        return cache[prefix]

    return get
