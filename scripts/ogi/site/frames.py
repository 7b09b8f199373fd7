"""Streamed pages: tens of thousands of body, region and list pages, written without MkDocs.

MkDocs renders one frame per kind of streamed page (the hook adds it as a generated page at the same
depth as the pages it stands for): the site's header, navigation, stylesheets and scripts around
placeholders. Each page of that kind is the frame with its own title, description, address (the frame's
folder names, which appear only in its canonical link, replaced by the page's) and content, so time and
memory grow with one page, not with the number of pages.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from markupsafe import escape

from .templates import url_part

FRAME_SLUG = "ogi-page-frame"
PAGE_TITLE = "OGIPAGETITLE"
PAGE_DESCRIPTION = "OGIPAGEDESCRIPTION"
PAGE_BODY = "<!--ogi-page-body-->"

FRAMES = {  # kind → (section folder, depth below it)
    "body": ("bodies", 1),
    "region": ("regions", 1),
    "year-province": ("years", 2),
}


def frame_uri(kind: str) -> str:
    folder, depth = FRAMES[kind]
    return "/".join([folder] + [FRAME_SLUG] * depth + ["index.md"])


def compact(html: str) -> str:
    """A page without its template indentation and blank lines (the frames have no <pre> or <textarea>)."""
    return "\n".join(line.strip() for line in html.splitlines() if line.strip())


def safe_segment(name: str) -> bool:
    """A folder name that stays one folder inside the site (ids come from report text)."""
    return bool(name) and name not in (".", "..") and not any(c in name for c in "/\\\0")


class Frame:
    """One kind's frame, read from the site MkDocs built (and removed from it: it is not a page)."""

    def __init__(self, site: Path, kind: str):
        folder, depth = FRAMES[kind]
        self.site, self.folder, self.depth = site, folder, depth
        page = site / frame_uri(kind).replace("index.md", "index.html")
        html = compact(page.read_text(encoding="utf-8"))
        shutil.rmtree(site / folder / FRAME_SLUG)
        self._before, self._after = html.split(PAGE_BODY)
        self._slug_path = "/".join([FRAME_SLUG] * depth)

    def write(self, segments: tuple[str, ...], title: str, description: str, content: str) -> Path:
        """Write the page at <section>/<segments…>/index.html; `segments` are folder names as they are
        (Chinese characters and all), encoded where they appear in a link."""
        if len(segments) != self.depth or not all(map(safe_segment, segments)):
            raise ValueError(f"not a page address: {segments!r}")

        def fill(part: str) -> str:
            return (part.replace(PAGE_TITLE, str(escape(title))).replace(PAGE_DESCRIPTION, str(escape(description)))
                    .replace(self._slug_path, "/".join(url_part(s) for s in segments)))

        folder = self.site.joinpath(self.folder, *segments)
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / "index.html"
        path.write_text(fill(self._before) + content + fill(self._after), encoding="utf-8")
        return path
