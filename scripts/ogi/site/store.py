"""Content-addressed site files: a streamed file is made once under its key, then linked into each build.

Every file the build streams into the site rather than having MkDocs render it — a report's page, its
data file, its original, a part of the search index, any page kind written the same way — goes through
`SiteFiles.place(path, key, make)`. The key is a digest of everything the file is made from (`key()`:
the data it shows, the code and templates, the frame around it); if the store already holds a file of
that key, it is hard-linked into the new site — nothing is rendered or written — else `make()` renders
it and the store keeps it. `place_group` does the same for a set of files made together (a part of the
search index). The store is a folder of the build's cache (build/cache/site/, which CI restores with
the parse cache); a build removes what it did not use (`finish`), so the store holds one site.

A key must cover all a file is made from: a page whose template reads something new must put it in its
key, or it would not be made again when that changes.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path

_CODE = Path(__file__).resolve().parent.parent  # the ogi package: parser, package, site, templates


@lru_cache(maxsize=1)
def code_version() -> str:
    """Hash of all of ogi's code, templates and reference data: any change makes every file again."""
    sha = hashlib.sha256()
    for path in sorted(p for p in _CODE.rglob("*") if p.is_file() and "__pycache__" not in p.parts):
        sha.update(path.relative_to(_CODE).as_posix().encode() + b"\0" + path.read_bytes())
    return sha.hexdigest()


def key(*parts) -> str:
    """The key of a file made from `parts` (anything JSON can hold; other values by their str()) by this
    version of the code."""
    text = json.dumps([code_version(), *parts], ensure_ascii=False, sort_keys=True, default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class SiteFiles:
    """Files placed into the site being built (`site`) from the store (`store`; None: no store, every
    file is made)."""

    def __init__(self, site: Path, store: Path | None):
        self.site, self.store = site, store
        self.used: set[str] = set()
        self.made = self.linked = 0

    def has(self, file_key: str) -> bool:
        """Whether the store holds a file of this key (so placing it will not call `make`)."""
        return self.store is not None and self._path(file_key).exists()

    def place(self, relative: str, file_key: str, make: Callable[[], bytes | str]) -> None:
        target = self.site / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        if self.store is None:
            _write(target, make())
            self.made += 1
            return
        kept = self._path(file_key)
        self.used.add(file_key)
        if kept.exists():
            self.linked += 1
        else:
            _write_new(kept, make())
            self.made += 1
        _link(kept, target)

    def place_group(self, folder: str, group_key: str, make: Callable[[], dict[str, bytes]]) -> list[str]:
        """Files made together, by their paths under `folder`: all linked from the store, or all made;
        → their paths."""
        listing = self._path(group_key) if self.store is not None else None
        files = None
        if listing is not None and listing.exists():
            files = json.loads(listing.read_text(encoding="utf-8"))
            if not all(self._path(k).exists() for k in files.values()):
                files = None
        if files is None:
            made = make()
            self.made += len(made)
            if listing is None:
                for relative, data in made.items():
                    (self.site / folder / relative).parent.mkdir(parents=True, exist_ok=True)
                    _write(self.site / folder / relative, data)
                return list(made)
            files = {relative: hashlib.sha256(data).hexdigest() for relative, data in made.items()}
            for relative, data in made.items():
                if not self._path(files[relative]).exists():
                    _write_new(self._path(files[relative]), data)
            _write_new(listing, json.dumps(files, ensure_ascii=False).encode("utf-8"))
        else:
            self.linked += len(files)
        self.used.add(group_key)
        self.used.update(files.values())
        for relative, file_key in files.items():
            target = self.site / folder / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            _link(self._path(file_key), target)
        return list(files)

    def finish(self) -> None:
        """Remove from the store what this build did not use."""
        if self.store is None or not self.store.exists():
            return
        for shard in self.store.iterdir():
            for path in shard.iterdir():
                if path.name not in self.used:
                    path.unlink()

    def _path(self, file_key: str) -> Path:
        return self.store / file_key[:2] / file_key


def _write(path: Path, data: bytes | str) -> None:
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)


def _write_new(path: Path, data: bytes | str) -> None:
    """Into the store, atomically: an interrupted build never leaves half a file under a key."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(path.name + f".{os.getpid()}.tmp")
    _write(temporary, data)
    os.replace(temporary, path)


def _link(kept: Path, target: Path) -> None:
    try:
        os.link(kept, target)
    except OSError:  # another file system, or links not allowed: a copy does the same
        shutil.copyfile(kept, target)
