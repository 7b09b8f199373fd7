"""HTML building blocks. Report text is untrusted: every string from the data goes through `esc`.

Pages are written as raw HTML blocks inside MkDocs markdown, so neither Markdown syntax nor template
syntax in a report is ever interpreted: escaped text is only text.
"""

from __future__ import annotations

import html
from urllib.parse import quote

_STATUS_TITLES = {"recovered": "由连写数字拆分或由勾稽关系推算", "approximate": "约数(正文所述)", "blank": "空白",
                  "dash": "报告填写为「—」「/」或「无」", "invalid": "报告所填不是有效数字"}


def esc(value) -> str:
    """The one escaping helper: text → HTML-safe text (quotes included, for attributes)."""
    if value is None:
        return ""
    return html.escape(str(value), quote=True).replace("{", "&#123;").replace("}", "&#125;")


def url(*parts: str) -> str:
    return "/".join(quote(p, safe="") for p in parts)


def number(value) -> str:
    if value is None:
        return ""
    value = float(value)
    return f"{value:,.0f}" if value.is_integer() else f"{value:,.6f}".rstrip("0")  # 万元 amounts keep every decimal


def cell(value, status: str | None) -> str:
    """A table cell as the report printed it: blanks stay blank, dashes are shown as dashes."""
    if status in (None, "blank"):
        return '<td class="ogi-blank" title="空白"></td>'
    if status == "dash":
        return '<td class="ogi-dash" title="' + _STATUS_TITLES["dash"] + '">—</td>'
    if status == "invalid":
        return '<td class="ogi-invalid" title="' + _STATUS_TITLES["invalid"] + '">✗</td>'
    text = number(value)
    if status == "approximate":
        return f'<td class="ogi-num ogi-approximate" title="{_STATUS_TITLES["approximate"]}">{text}余</td>'
    if status == "recovered":
        return f'<td class="ogi-num ogi-recovered" title="{_STATUS_TITLES["recovered"]}">{text}*</td>'
    return f'<td class="ogi-num">{text}</td>'


def table(headers: list[str], rows: list[list[str]], css: str = "") -> str:
    """A plain table; `rows` are lists of already-rendered <td> strings."""
    head = "".join(f"<th>{esc(h)}</th>" for h in headers)
    body = "".join("<tr>" + "".join(r) + "</tr>" for r in rows)
    return f'<table class="ogi-table {css}"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'


def td(text) -> str:
    return f"<td>{esc(text)}</td>"


def td_number(value) -> str:
    return f'<td class="ogi-num">{number(value)}</td>'


def paragraphs(text: str) -> str:
    return "".join(f"<p>{esc(line)}</p>" for line in (text or "").split("\n") if line.strip())


def badge(passed) -> str:
    if passed is None:
        return '<span class="ogi-badge ogi-skip">未评估</span>'
    return '<span class="ogi-badge ogi-pass">通过</span>' if passed else '<span class="ogi-badge ogi-fail">未通过</span>'


def page(title: str, body: str, extra_meta: dict | None = None) -> str:
    """A MkDocs page: front matter (JSON strings are valid YAML) and one raw HTML block. The title is
    stripped of markup characters because themes print it in places that are not escaped."""
    import json

    meta = {"title": safe_title(title), **(extra_meta or {})}
    front = "\n".join(f"{key}: {json.dumps(value, ensure_ascii=False)}" for key, value in meta.items())
    return f"---\n{front}\n---\n\n{raw_block(body)}\n"


def safe_title(title: str) -> str:
    """A page title without markup characters: themes print it in places that are not escaped."""
    return "".join(ch for ch in title if ch not in "<>&\"'{}`\\")


def raw_block(body: str) -> str:
    """Page content as one block with no blank lines, so Markdown treats it as raw HTML and leaves it alone."""
    return f'<div class="ogi">{body.replace(chr(10), " ")}</div>'
