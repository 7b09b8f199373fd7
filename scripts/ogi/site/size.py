"""The site's size as GitHub Pages counts it, against a budget.

GitHub Pages publishes a site of at most 1 GB. What is published is the site's files: their bytes
(`SiteSize.published`) are what the budget holds to. The upload is larger than that: actions/
upload-pages-artifact runs GNU tar over the site folder — every file and folder gets a 512-byte header,
a file's bytes are padded to 512, a path longer than 100 bytes (a report id in Chinese is 3 bytes a
character) takes two more blocks — and upload-artifact then compresses that archive, whose compressed
size is what actions/deploy-pages warns about above 1 GB. `artifact_bytes` adds up both the files and
the tar exactly as tar writes it (`SiteSize.archive`): with tens of thousands of small files the headers
are a tenth of the archive, so the tar is an upper bound of what is uploaded.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from collections.abc import Iterable
from pathlib import Path

PAGES_LIMIT = 1_000_000_000  # bytes: GitHub Pages' published-site limit (1 GB)
_BLOCK, _RECORD = 512, 10_240
_NAME_FIELD = 100  # a longer path goes in a GNU long-name entry of its own
_EXCLUDED = {".git", ".github"}  # left out by upload-pages-artifact


def megabytes(size: int) -> str:
    return f"{size / 1e6:,.0f}" if size >= 10e6 else f"{size / 1e6:.1f}"


def _blocks(size: int) -> int:
    return -(-size // _BLOCK) * _BLOCK


def _entry(name: str, size: int) -> int:
    """Bytes one member takes in a GNU tar archive: header, long name if any, data padded to a block."""
    length = len(name.encode("utf-8", "surrogateescape"))
    long_name = _BLOCK + _blocks(length + 1) if length >= _NAME_FIELD else 0
    return _BLOCK + long_name + _blocks(size)


@dataclass
class SiteSize:
    published: int = 0  # the files' bytes: what GitHub Pages publishes, held to the budget
    archive: int = 0  # the tar upload-pages-artifact makes of the site (headers and padding included)
    parts: dict[str, int] = field(default_factory=dict)  # top-level file or folder → its files' bytes
    files: int = 0

    def shown(self, budget: int) -> str:
        biggest = sorted(self.parts.items(), key=lambda item: -item[1])[:6]
        parts = ", ".join(f"{name} {size / 1e6:,.1f} MB" for name, size in biggest)
        return (f"site: {self.published / 1e6:,.1f} MB of files of a {megabytes(budget)} MB budget "
                f"({self.published / budget:.0%}), {self.archive / 1e6:,.1f} MB as the Pages artifact (tar); "
                f"{self.files:,} files; largest parts: {parts}")


    @classmethod
    def of(cls, files: Iterable[tuple[str, int]]) -> "SiteSize":
        """The size of a site holding these files ((path relative to the site, bytes)), as GitHub Pages
        counts it and as `tar -cf - .` in the site writes it (GNU format, as upload-pages-artifact makes
        it): what the build placed (store.SiteFiles.placed), without reading the folder again."""
        out = cls()
        archive, folders = _entry("./", 0), set()
        for relative, size in files:
            top, slash, _ = relative.partition("/")
            if top in _EXCLUDED:
                continue
            folder = relative.rpartition("/")[0]
            while folder and folder not in folders:  # its folders, each counted once
                folders.add(folder)
                archive += _entry(f"./{folder}/", 0)
                folder = folder.rpartition("/")[0]
            archive += _entry(f"./{relative}", size)
            part = top + slash
            out.parts[part] = out.parts.get(part, 0) + size
            out.published += size
            out.files += 1
        out.archive = -(-(archive + 2 * _BLOCK) // _RECORD) * _RECORD  # two zero blocks, then whole records
        return out


def artifact_bytes(site: Path) -> SiteSize:
    """The size of the site in the folder `site` (links followed, as upload-pages-artifact does)."""
    files = []
    for folder, _, names in os.walk(site, followlinks=True):
        relative = Path(folder).relative_to(site)
        files += [((relative / name).as_posix(), os.stat(os.path.join(folder, name)).st_size) for name in names]
    return SiteSize.of(files)


class SiteTooLarge(Exception):
    """The site would not fit its budget (GitHub Pages' limit by default)."""

    def __init__(self, size: SiteSize, budget: int):
        self.size, self.budget = size, budget
        super().__init__(f"网站超出大小预算：网站文件共 {size.published / 1e6:,.1f} MB（打包成 Pages 制品 tar 为 "
                         f"{size.archive / 1e6:,.1f} MB），预算 "
                         f"{megabytes(budget)} MB（GitHub Pages 上限 1 GB），不能部署。最大的部分："
                         + "、".join(f"{name} {bytes_ / 1e6:,.1f} MB" for name, bytes_ in
                                    sorted(size.parts.items(), key=lambda item: -item[1])[:5])
                         + "。请用 --downloads github 把数据文件和原始报告放到 GitHub Release 和仓库，"
                           "或按省份分站构建（--only province=…，见 docs/scaling.md）。")
