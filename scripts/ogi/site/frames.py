"""Streamed pages: tens of thousands of body, region and list pages, written without MkDocs.

MkDocs renders one frame per kind of streamed page (the hook adds it as a generated page at the same
depth as the pages it stands for): the site's header, navigation, stylesheets and scripts around
placeholders. Each page of that kind is the frame with its own title, description, address (the frame's
folder names, which appear only in its canonical link, replaced by the page's) and content, so time and
memory grow with one page, not with the number of pages.
"""

from __future__ import annotations

import hashlib
import shutil
from collections.abc import Callable
from pathlib import Path

from markupsafe import escape

from .store import SiteFiles, key
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


def take_frame(rendered: Path, uri: str) -> str:
    """A frame's HTML, compacted, from the pages MkDocs rendered (and removed from them: it is not a page)."""
    page = rendered / uri.replace("index.md", "index.html")
    html = compact(page.read_text(encoding="utf-8"))
    shutil.rmtree(page.parent)
    return html


class Frame:
    """One kind's frame (`take_frame`), each page of the kind placed into the site through `files`."""

    def __init__(self, rendered: Path, kind: str, files: SiteFiles):
        folder, depth = FRAMES[kind]
        self.files, self.folder, self.depth = files, folder, depth
        html = take_frame(rendered, frame_uri(kind))
        self._before, self._after = html.split(PAGE_BODY)
        self._frame_key = hashlib.sha256(html.encode("utf-8")).hexdigest()
        self._slug_path = "/".join([FRAME_SLUG] * depth)

    def place(self, segments: tuple[str, ...], made_of: tuple, title: str, description: str,
              content: Callable[[], str]) -> str:
        """Place the page at <section>/<segments…>/index.html (→ that path); `segments` are folder names as
        they are (Chinese characters and all), encoded where they appear in a link. `made_of`: all the page
        is made from besides its title, description and the code (store.py) — its content is rendered only
        when neither the site nor the store holds the page made of them."""
        if len(segments) != self.depth or not all(map(safe_segment, segments)):
            raise ValueError(f"not a page address: {segments!r}")

        def fill(part: str) -> str:
            return (part.replace(PAGE_TITLE, str(escape(title))).replace(PAGE_DESCRIPTION, str(escape(description)))
                    .replace(self._slug_path, "/".join(url_part(s) for s in segments)))

        path = "/".join((self.folder, *segments, "index.html"))
        file_key = key("streamed page", self._frame_key, path, title, description, *made_of)
        self.files.place(path, file_key, lambda: fill(self._before) + content() + fill(self._after))
        return path
