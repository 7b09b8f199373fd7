"""Report metadata: title, body, region, admin level, report year, publication date, 索引号, URL."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from ..text import CHINESE_DATE, chinese_date, chinese_numeral, original
from .gazetteer import ZONE, Region, locate

_MIN_YEAR, _MAX_YEAR = 2007, 2100
_REPORT_WORDS = re.compile(r"(?:政府信息公开|政务公开|信息公开)[^\n]{0,12}(?:年度报告|工作报告|情况报告|年报)")
_TITLE_FIELD = re.compile(r"^(?:标题|文章标题|名称)\s*[:]\s*(.+)$", re.M)
_YEAR_IN_TITLE = re.compile(r"(20\d{2})\s*年度?")
_PERIOD = re.compile(r"统计(?:期限|周期|时限)?\s*(?:为|是|自|从)?\s*(20\d{2})\s*年\s*1\s*月\s*1\s*日")
_REPORTING = re.compile(r"(?:现将|现公布|发布)\s*(?:我\S{0,6})?(20\d{2})\s*年度?\s*(?:政府信息公开|政务公开)")
_TABLE_YEAR = re.compile(r"\(\s*(20\d{2})\s*年度?\s*\)")
_PUBLISHED_FIELD = re.compile(r"(?:发布|公开|发文|生成)(?:时间|日期)\s*[:]?\s*(20\d{2})\s*[-年./]\s*(\d{1,2})\s*[-月./]\s*(\d{1,2})")
_WRITTEN_FIELD = re.compile(r"成文日期\s*[:]?\s*\|?\s*(20\d{2})\s*[-年./]\s*(\d{1,2})\s*[-月./]\s*(\d{1,2})")
_DATE_IN_TEXT = re.compile(r"(20\d{2})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")
_INDEX_NUMBER = re.compile(r"索\s*引\s*号\s*[:]\s*\|?\s*([A-Za-z0-9][\w\-/.]{3,60})")
_URL_FIELD = re.compile(r"(?:原文链接|原文地址|来源网址|网页地址|URL)\s*[:]\s*(https?://[^\s|<>\"']+)", re.I)
_PUBLISHER_FIELD = re.compile(r"(?:发布机构|发布单位|来源)\s*[:]\s*\|?\s*([\u4e00-\u9fff()]{2,30})")
_TITLE_TAIL = re.compile(r"(?:\(?20\d{2}年度?\)?)|(?:关于)?(?:政府信息公开|政务公开|信息公开)\S*$")
_BODY_SUFFIX = re.compile(r"(?:人民政府|政府|管委会|管理委员会|委员会|办公厅|办公室|局|厅|委|署|院|中心|办)$")
_DEPARTMENT = re.compile(r"(?:局|厅|委员会|委|署|院|中心|办公室|办公厅|办|所|站|队|公司|馆|会)$")
_GOVERNMENT = re.compile(r"(?:人民政府|政府|管委会|管理委员会|办事处)$")
# Markdown marks and list numbering that open a line: never part of a title or a body's name.
_LINE_MARKUP = re.compile(r"^(?:#{1,6}\s*|[*>]+\s*|\*\*|(?:\d{1,2}|[一二三四五六七八九十]{1,3})\s*[.、]\s*(?!\d))+")


@dataclass
class Metadata:
    title: str = ""
    organization: str = ""
    year: int | None = None
    published: str = ""
    index_number: str = ""
    source_url: str = ""
    region: Region | None = None
    admin_level: str = "other"
    notes: list[str] = field(default_factory=list)


def read_metadata(text: str, display: str, html_title: str = "") -> Metadata:
    meta = Metadata()
    title_line = find_title(text, html_title)
    meta.title = original(title_line, text, display)
    meta.year = report_year(text, title_line)
    if not meta.title and meta.year:
        meta.title = _title_from_body(text, meta.year)
    organization = find_organization(text, title_line or meta.title)
    meta.organization = original(organization, text, display)
    place_hint = _title_prefix(title_line or meta.title) if (title_line or meta.title) else ""
    meta.published = publication_date(text, meta.notes)
    index = _INDEX_NUMBER.search(text[:3000])
    meta.index_number = index.group(1) if index else ""
    url = _URL_FIELD.search(text[:5000])
    meta.source_url = url.group(1) if url else ""
    meta.region = locate(_longer(place_hint, organization), text) if organization else Region()
    meta.admin_level = admin_level(organization, meta.region)
    return meta


def _longer(place_hint: str, organization: str) -> str:
    """Locate with the title's 「延安市安塞区河水镇」 as well as the body's own name."""
    if not place_hint or place_hint in organization:
        return organization
    for overlap in range(min(len(place_hint), len(organization)), 0, -1):
        if place_hint.endswith(organization[:overlap]):
            return place_hint + organization[overlap:]
    return place_hint + organization


def find_title(text: str, html_title: str = "") -> str:
    field = _TITLE_FIELD.search(text[:2000])
    if field and _REPORT_WORDS.search(field.group(1)):
        return field.group(1).strip()
    lines = [_unmarked(line) for line in text[:4000].split("\n") if _unmarked(line)]
    for i, line in enumerate(lines[:15]):
        # A title broken over two lines: 「…政府信息公开工作」 / 「年度报告」
        joined = line + lines[i + 1] if i + 1 < len(lines) and len(lines[i + 1]) <= 12 else line
        for candidate in (line, joined):
            if len(candidate) <= 60 and _REPORT_WORDS.search(candidate) and not re.search(r"根据|关于|现将", candidate):
                return _with_body_line(candidate, lines[i - 1] if i else "")
    head = _REPORT_WORDS.search(text[:300])
    if head and not re.search(r"根据|关于|现将", text[:head.start()]):  # single-line pages: the title opens the text
        line_start = text.rfind("\n", 0, head.start()) + 1
        start = max(text.rfind(" ", 0, head.start()) + 1, line_start, head.start() - 30)
        return text[start:head.end()].strip()
    if html_title and _REPORT_WORDS.search(html_title):
        return html_title.strip()
    return ""


def _unmarked(line: str) -> str:
    return _LINE_MARKUP.sub("", line.strip("| \t")).strip("| \t")


def _with_body_line(title: str, previous: str) -> str:
    """「2024年政府信息公开工作年度报告」 under a line naming the body: the body belongs to the title."""
    if re.match(r"\s*20\d{2}\s*年", title) and previous and len(previous) <= 30 and _BODY_SUFFIX.search(previous):
        return previous + title
    return title


def _title_from_body(text: str, year: int) -> str:
    """No title line: 「现将2017年政府信息公开工作情况报告如下」 gives the title, prefixed by the body."""
    match = re.search(rf"现将\s*({year}\s*年度?[\u4e00-\u9fff]{{0,20}}报告)", text)
    if not match:
        return ""
    publisher = _PUBLISHER_FIELD.search(text[:3000])
    prefix = publisher.group(1) if publisher else ""
    return prefix + match.group(1).replace(" ", "")


_YEAR_IN_WORDS = re.compile(r"([〇○零一二三四五六七八九]{4})\s*年")


def report_year(text: str, title: str) -> int | None:
    """The year the statistics cover, not the page's date."""
    for pattern, source in ((_YEAR_IN_TITLE, title), (_YEAR_IN_WORDS, title), (_PERIOD, text), (_REPORTING, text),
                            (_TABLE_YEAR, text)):
        for match in pattern.finditer(source or ""):
            year = int(match.group(1)) if match.group(1).isdigit() else chinese_numeral(match.group(1))
            if year is not None and _MIN_YEAR <= year <= _MAX_YEAR:
                return year
    return None


def publication_date(text: str, notes: list[str] | None = None) -> str:
    """The page's publication field, else the date the report is signed with, else the page's 成文日期
    (which is often the date the page was made, years later: it never overrides a printed date). A date
    that is not in the calendar (2023-02-30) is no date: noted, and the next source is tried."""
    head = text[:3000]
    for pattern, source in ((_PUBLISHED_FIELD, head), (None, text), (_WRITTEN_FIELD, head)):
        match = _signature_date(source) if pattern is None else pattern.search(source)
        parts = _date_parts(match) if match else None
        if parts is None:
            continue
        try:
            return dt.date(*parts).isoformat()
        except ValueError:
            if notes is not None:
                notes.append(f"impossible date «{match.group().strip()}» ignored")
    return ""


def _date_parts(match: re.Match) -> tuple[int, int, int] | None:
    if match.re is CHINESE_DATE or match.re is _CHINESE_DATE_LINE:
        return chinese_date(match)
    return tuple(int(g) for g in match.groups())


_DATE_LINE = re.compile(r"^\s*\|?\s*(20\d{2})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日\s*\|?\s*$")
_CHINESE_DATE_LINE = re.compile(r"^\s*\|?\s*" + CHINESE_DATE.pattern + r"\s*\|?\s*$")


def _signature(text: str) -> tuple[str, re.Match | None]:
    """The signing body and date: a line holding only a date (in figures or in words: 二〇一八年一月八日)
    under a line naming a body (the last such)."""
    lines = text.split("\n")
    for i in range(len(lines) - 1, 0, -1):
        date = _DATE_LINE.match(lines[i]) or _CHINESE_DATE_LINE.match(lines[i])
        if not date:
            continue
        for previous in reversed(lines[max(0, i - 3):i]):
            name = _unmarked(previous).replace(" ", "")
            if 2 <= len(name) <= 30 and _BODY_SUFFIX.search(name):
                return name, date
    tail = max(0, len(text) - 300)
    tail_dates = list(_DATE_IN_TEXT.finditer(text, tail)) or list(CHINESE_DATE.finditer(text, tail))
    return "", (tail_dates[-1] if tail_dates else None)


def _signature_date(text: str):
    return _signature(text)[1]


def find_organization(text: str, title: str) -> str:
    """The reporting body: from the title (「淮安市洪泽区人民政府2024年…」), completed from the text
    (「米易县」 → 「米易县人民政府」), else the signature, else the publisher field."""
    prefix = _title_prefix(title) if title else ""
    if prefix:
        return _complete_body(prefix, text)
    signature = _signature_body(text)
    if signature:
        return signature
    publisher = _PUBLISHER_FIELD.search(text[:3000])
    return publisher.group(1) if publisher else ""


def _title_prefix(title: str) -> str:
    title = _unmarked(re.sub(r"\s+", "", title))
    match = re.search(r"20\d{2}\s*年度?|\(20\d{2}年度?\)|(?:关于)?(?:政府信息公开|政务公开)", title)
    prefix = title[:match.start()] if match else ""
    if not prefix and match:  # 「2024年上海市科委政府信息公开…」
        rest = title[match.end():]
        tail = re.search(r"(?:关于)?(?:政府信息公开|政务公开)", rest)
        prefix = rest[:tail.start()] if tail else ""
    return prefix.strip("《》\"“”()")


def _complete_body(prefix: str, text: str) -> str:
    """The longest tail of the title's prefix that the text names as a government body."""
    if _BODY_SUFFIX.search(prefix):
        return prefix
    for start in range(len(prefix) - 1):
        tail = prefix[start:]
        for suffix in ("人民政府", "管委会", "管理委员会"):
            if tail + suffix in text:
                return tail + suffix
    return prefix


def _signature_body(text: str) -> str:
    return _signature(text)[0]


def admin_level(organization: str, region: Region) -> str:
    name = organization.replace(" ", "")
    if not name:
        return "other"
    if _GOVERNMENT.search(name) and "办公" not in name[-4:]:
        return _level_of_government(name, region)
    if name.endswith(("人民政府办公室", "人民政府办公厅", "政府办公室")):
        return _level_of_government(name, region)
    if _DEPARTMENT.search(name):
        return "department"
    return _level_of_government(name, region)


def _level_of_government(name: str, region: Region) -> str:
    if region.township:
        return "township"
    if region.county or ZONE.search(name):
        return "county"
    if region.prefecture:
        return "prefecture"
    if region.province:
        return "province"
    return "other"


__all__ = ["Metadata", "read_metadata", "report_year", "find_title", "find_organization"]
