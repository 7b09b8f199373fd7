"""Site: the data package → a static mkdocs-material site with a Pagefind search index.

Entry point: `build_site(data_dir, site_dir, config_file)`. The site is built into a staging folder
and swapped in, so an interrupted build leaves the previous site whole.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path


def build_site(data_dir: Path, site_dir: Path, config_file: Path) -> None:
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    from ..build import swap_folder

    staging = site_dir.with_name(f".{site_dir.name}.tmp")
    shutil.rmtree(staging, ignore_errors=True)
    config = load_config(str(config_file), site_dir=str(staging.resolve()), strict=True)
    config.extra["ogi_data"] = str(data_dir.resolve())
    config.plugins.on_startup(command="build", dirty=False)  # as `mkdocs build` does
    try:
        build(config)
    finally:
        config.plugins.on_shutdown()
    index_search(staging)
    swap_folder(staging, site_dir)


def index_search(site: Path) -> None:
    """Pagefind: a chunked index, so the first search downloads a few KB whatever the corpus size."""
    subprocess.run([sys.executable, "-m", "pagefind", "--site", str(site), "--root-selector",
                    "article.md-content__inner", "--silent"], check=True)
