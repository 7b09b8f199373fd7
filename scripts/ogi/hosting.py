"""Where a site built for GitHub Pages (`ogi build --downloads github`) links what it does not carry.

GitHub Pages publishes at most 1 GB a site. At national scale the data files alone are several times
the rest of the site, and the original reports (a PDF is hundreds of KB) many times more, so such a site
carries neither: each data version's files are attached to its GitHub Release (the workflow's release
job), and the originals are the files of the repository the site is built from, on its published branch.
A page links them and prints their size and SHA-256, so a reader can check that what they downloaded is
what was parsed. A local build (`--downloads site`, the default) copies both into the site instead.
"""

from __future__ import annotations

from urllib.parse import quote

from .history import REPOSITORY

BRANCH = "main"  # the branch the site is deployed from
REPORTS_FOLDER = "reports"  # the repository's folder of original reports


def asset_url(version: str, name: str) -> str:
    """A file of a data version, attached to its release."""
    return f"https://github.com/{REPOSITORY}/releases/download/data-{version}/{quote(name)}"


def original_url(path: str) -> str:
    """An original report (`path` relative to the reports folder) as the repository holds it."""
    return f"https://github.com/{REPOSITORY}/raw/{BRANCH}/{REPORTS_FOLDER}/{quote(path)}"
