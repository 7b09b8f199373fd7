"""The portal's streamed pages and files, written after MkDocs and the report pages: body pages, region
pages, the year lists, the reports list's data and the feeds (see each module). Each kind has its own
writer, so a change in how report pages are written leaves these alone.
"""

from __future__ import annotations

from pathlib import Path

from .bodies import write_bodies
from .data import SiteData
from .feeds import write_feeds
from .frames import Frame
from .listing import write_list_data
from .regions import region_tree, write_regions
from .store import SiteFiles
from .years import write_year_provinces


def write_portal(data: SiteData, rendered: Path, files: SiteFiles, site_url: str | None) -> list[tuple[str, ...]]:
    """Write the pages into the site through `files`, each kind in its frame from the pages MkDocs
    `rendered`; → the address of every page written, as folder names (("bodies", body_id), …), for the
    sitemap."""
    pages: list[tuple[str, ...]] = [("bodies", body_id) for body_id in write_bodies(data, Frame(rendered, "body", files))]
    pages += [("regions", code) for code in write_regions(data, Frame(rendered, "region", files), region_tree(data))]
    pages += [("years", *segments)
              for segments in write_year_provinces(data, Frame(rendered, "year-province", files))]
    write_list_data(data, files)
    write_feeds(data, files, site_url)
    return pages
