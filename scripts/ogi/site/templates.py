"""The site's Jinja2 environment: one template per page kind in `templates/`, every value autoescaped.

Report text is untrusted. Autoescaping turns markup in it into text; template syntax in it is never
parsed, since data only ever fills a template and never becomes one.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from urllib.parse import quote

from jinja2 import Environment, FileSystemLoader, StrictUndefined

TEMPLATES = Path(__file__).parent / "templates"


def number(value) -> str:
    """1234 → 「1,234」; 万元 amounts keep every decimal the report printed; None → ""."""
    if value is None:
        return ""
    value = float(value)
    return f"{value:,.0f}" if value.is_integer() else f"{value:,.6f}".rstrip("0")


def percent(share) -> str:
    return "" if share is None else f"{share:.1%}"


def url_part(text) -> str:
    """One path segment of a link (report ids hold Chinese characters)."""
    return quote(str(text), safe="")


_PATH_SAFE = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")


def path_part(text) -> str:
    """One path segment of a link with its non-ASCII characters as they are (a browser encodes them; a
    Chinese character is 3 bytes written so, 9 percent-encoded): only ASCII that is not a plain path
    character is percent-encoded."""
    return "".join(ch if ord(ch) > 127 or ch in _PATH_SAFE else quote(ch, safe="") for ch in str(text))


@lru_cache(maxsize=1)
def environment() -> Environment:
    env = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=True, undefined=StrictUndefined,
                      trim_blocks=True, lstrip_blocks=True, auto_reload=False)  # no stat() per page
    env.filters.update(number=number, percent=percent, url_part=url_part, path_part=path_part)
    return env


def render(name: str, /, **context) -> str:
    return environment().get_template(name).render(**context)
