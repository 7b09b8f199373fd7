"""The sitemap: every page a search engine should find, MkDocs' own and the streamed ones (report, body,
region and year-list pages, which MkDocs never sees).

A sitemap file holds at most 50,000 addresses (the protocol's limit), so `sitemap.xml` is an index of
files under sitemaps/; `robots.txt` names it. Addresses are absolute, so all of this needs the site's
address (`site_url`, given to the build by the Pages configuration); without it MkDocs' empty sitemap stays.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from lxml import etree

from .frames import FRAME_SLUG
from .templates import url_part

SITEMAP = "http://www.sitemaps.org/schemas/sitemap/0.9"
MAX_URLS = 50_000
FOLDER = "sitemaps"


def page_address(site_url: str, segments: Iterable[str]) -> str:
    return site_url + "".join(url_part(s) + "/" for s in segments)


def _mkdocs_pages(site: Path, frame_slugs: tuple[str, ...]) -> list[str]:
    """The addresses in MkDocs' sitemap, less the frames streamed pages were written from."""
    path = site / "sitemap.xml"
    if not path.exists():
        return []
    locs = etree.parse(str(path)).getroot().iterfind(f"{{{SITEMAP}}}url/{{{SITEMAP}}}loc")
    return [loc.text for loc in locs if loc.text and not any(slug in loc.text for slug in frame_slugs)]


def _urlset(addresses: list[str]) -> bytes:
    root = etree.Element(f"{{{SITEMAP}}}urlset", nsmap={None: SITEMAP})
    for address in addresses:
        etree.SubElement(etree.SubElement(root, f"{{{SITEMAP}}}url"), f"{{{SITEMAP}}}loc").text = address
    return etree.tostring(root, xml_declaration=True, encoding="utf-8")


def write_sitemap(site: Path, site_url: str, streamed: Iterable[str], report_frame_slug: str) -> int:
    """Replace MkDocs' sitemap by an index of sitemap files listing its pages and the `streamed` addresses;
    → addresses listed."""
    addresses = _mkdocs_pages(site, (FRAME_SLUG, report_frame_slug)) + list(streamed)
    (site / FOLDER).mkdir(exist_ok=True)
    index = etree.Element(f"{{{SITEMAP}}}sitemapindex", nsmap={None: SITEMAP})
    for number, start in enumerate(range(0, len(addresses), MAX_URLS), 1):
        (site / FOLDER / f"{number}.xml").write_bytes(_urlset(addresses[start:start + MAX_URLS]))
        entry = etree.SubElement(index, f"{{{SITEMAP}}}sitemap")
        etree.SubElement(entry, f"{{{SITEMAP}}}loc").text = f"{site_url}{FOLDER}/{number}.xml"
    (site / "sitemap.xml").write_bytes(etree.tostring(index, xml_declaration=True, encoding="utf-8"))
    (site / "sitemap.xml.gz").unlink(missing_ok=True)  # MkDocs' copy of its own list, now out of date
    (site / "robots.txt").write_text(f"User-agent: *\nAllow: /\nSitemap: {site_url}sitemap.xml\n", encoding="utf-8")
    return len(addresses)
