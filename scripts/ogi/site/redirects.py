"""Redirect pages: an id that had to change keeps its old URL working.

Entry point: `write_redirects(data_dir, files, body_path)`, run after the site's own pages are written. Every row
of the package's `redirects` resource becomes a small page at the old address (/reports/<old>/ or
/bodies/<old>/) that sends the browser on to the new one, says so in Chinese for anyone who lands there
without it, and tells search engines where the page now lives (canonical link, noindex).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from urllib.parse import quote

import pyarrow.parquet as pq
from jinja2 import Environment

from .store import SiteFiles

FOLDERS = {"report": "reports", "body": "bodies"}
_SEGMENT = re.compile(r"[\w\u4e00-\u9fff][\w\u4e00-\u9fff-]*")
_NOUNS = {"report": "报告", "body": "机关"}
_PAGE = Environment(autoescape=True).from_string("""<!doctype html>
<html lang="zh">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<meta http-equiv="refresh" content="0; url={{ target }}">
<link rel="canonical" href="{{ target }}">
<title>{{ noun }}编号已变更：{{ new_id }}</title>
</head>
<body>
<p>本{{ noun }}的编号已由 <code>{{ old_id }}</code> 变更为 <code>{{ new_id }}</code>（{{ reason }}）。</p>
<p>正在跳转到新地址：<a href="{{ target }}">{{ new_id }}</a></p>
</body>
</html>
""")


def write_redirects(data_dir: Path, files: SiteFiles, body_path: Callable[[str], str] | None = None) -> int:
    """One page per redirect, at the old id's address; → pages written. A page the site has (the old id is
    in use again) is never overwritten. `body_path`: where a body now stands, from the site's root
    (SiteData.body_path: a body of one year has its report's page, not one of its own)."""
    path = data_dir / "redirects.parquet"
    rows = pq.read_table(path).to_pylist() if path.exists() else []
    written = 0
    for row in rows:
        if not _SEGMENT.fullmatch(row["old_id"]) or row["kind"] not in FOLDERS:  # ids never hold / or ..
            continue
        page = f"{FOLDERS[row['kind']]}/{row['old_id']}/index.html"
        if page in files.placed:
            continue
        target = f"../{quote(row['new_id'], safe='')}/"
        if row["kind"] == "body" and body_path is not None:
            target = "../../" + body_path(row["new_id"])
        files.write(page, _PAGE.render(target=target, noun=_NOUNS[row["kind"]], old_id=row["old_id"],
                                       new_id=row["new_id"], reason=row["reason"] or "编号更正"))
        written += 1
    return written
