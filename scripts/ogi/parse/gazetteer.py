"""Where a body sits: province / prefecture / county / township from its name.

Place names come from the administrative-division codes shipped with the `cpca` package (province,
prefecture and county levels, GB/T 2260 codes). Townships are not in that list: they are read from the
name itself (…镇, …乡, …街道).
"""

from __future__ import annotations

import csv
import io
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


@dataclass(frozen=True)
class Place:
    code: str
    name: str

    @property
    def level(self) -> str:
        if self.code[2:] == "0000000000":
            return "province"
        if self.code[4:] == "00000000":
            return "prefecture"
        return "county"


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


@lru_cache(maxsize=1)
def _places() -> tuple[dict[str, Place], dict[str, list[Place]]]:
    text = resources.files("cpca").joinpath("resources/adcodes.csv").read_text(encoding="utf-8")
    by_code: dict[str, Place] = {}
    by_name: dict[str, list[Place]] = {}
    for row in csv.DictReader(io.StringIO(text)):
        place = Place(row["adcode"], row["name"])
        by_code[place.code] = place
        if place.name in _PLACEHOLDERS:
            continue
        for name in {place.name, short_name(place.name)}:
            if len(name) >= 2:
                by_name.setdefault(name, []).append(place)
    return by_code, by_name


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


def locate(name: str, context: str = "") -> Region:
    """The region of a body called `name`; `context` (the report text) breaks ties between same-named places.

    Full place names are preferred; a name without its suffix is used only when no full name is
    there (「平潭综合实验区」). Each further place must lie inside the one before it, so that a word
    inside a body's name (「自然资源局」 is not 资源县) cannot move the body to another province.
    """
    by_code, by_name = _places()
    matches = _names_in(name, short=False) or _names_in(name, short=True)
    chosen: list[Place] = []
    end_of_places = 0
    for _, end, found in matches:
        options = by_name[found]
        if chosen:
            options = [p for p in options if p.code.startswith(_prefix(chosen[-1])) and p.level != chosen[-1].level]
            if not options:
                continue
        if len(options) > 1:
            options = sorted(options, key=lambda p: -_mentions(p, by_code, context))
        chosen.append(options[0])
        end_of_places = end
    region = Region()
    if chosen:
        deepest = chosen[-1]
        province = by_code.get(deepest.code[:2] + "0" * 10)
        prefecture = by_code.get(deepest.code[:4] + "0" * 8)
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


def _prefix(place: Place) -> str:
    return {"province": place.code[:2], "prefecture": place.code[:4]}.get(place.level, place.code[:6])


def _mentions(place: Place, by_code: dict[str, Place], context: str) -> int:
    parents = [by_code.get(place.code[:2] + "0" * 10), by_code.get(place.code[:4] + "0" * 8)]
    return sum(context.count(short_name(p.name)) for p in parents if p and p.name not in _PLACEHOLDERS)


def _most_mentioned_province(context: str) -> str:
    by_code, _ = _places()
    provinces = [p for p in by_code.values() if p.level == "province"]
    counts = [(context.count(short_name(p.name)), p.name) for p in provinces]
    best = max(counts, default=(0, ""))
    return best[1] if best[0] else ""


def expand_zone(zone: str) -> str:
    for short, full in _ZONE_ABBREVIATIONS:
        if zone.endswith(short):
            return zone[: -len(short)] + full
    return zone


def counties() -> list[tuple[str, str, str]]:
    """(province, prefecture, county) for every county-level place under a named prefecture."""
    by_code, _ = _places()
    out = []
    for place in by_code.values():
        if place.level != "county" or place.name in _PLACEHOLDERS:
            continue
        province = by_code.get(place.code[:2] + "0" * 10)
        prefecture = by_code.get(place.code[:4] + "0" * 8)
        if province and prefecture and prefecture.name not in _PLACEHOLDERS:
            out.append((province.name, prefecture.name, place.name))
    return sorted(out)
