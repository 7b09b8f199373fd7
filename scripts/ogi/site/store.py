"""Site files: each made once under a key, then kept, linked or written only when it changed.

Every file the build streams into the site rather than having MkDocs render it — a report's page, its
data file, its original, a body, region or year page, a part of the search index — goes through
`SiteFiles.place(path, key, make)`. The key is a digest of everything the file is made from (`key()`:
the data it shows, the code and templates, the frame around it). The site is built in the folder the
build before last left (outputs.Rotation), whose manifest says which key each of its files has: a file
already there under its key is left alone; else, if the store holds a file of that key, it is
hard-linked in — nothing is rendered or written — else `make()` renders it and the store keeps it.
`place_group` does the same for a set of files made together (a part of the search index); `write`
places a file made in every build (the pages MkDocs renders, lists, feeds) by its content's digest.
The store is a folder of the build's cache (build/cache/site/, which CI restores with the parse cache:
a CI build has no earlier site folder, and links); a build removes what it did not use (`finish`), so
the store holds no more than one site. (A file kept in place is not copied into the store; a group of
files — a search index part — always is, with its listing.)

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
    file is made). `previous`: what `site` already holds, as the manifest a build made of it (relative
    path → (key, bytes)), when the folder is an earlier site being brought up to date
    (outputs.Rotation): a file already there under the same key is left as it is, another is replaced
    (a new directory entry: a linked file is never written through), and `finish` removes what was not
    placed again. `placed` is the manifest of the site built."""

    def __init__(self, site: Path, store: Path | None, previous: dict[str, tuple[str, int]] | None = None):
        self.site, self.store = site, store
        self.previous = previous or {}
        self.placed: dict[str, tuple[str, int]] = {}
        self.used: set[str] = set()
        self.made = self.linked = self.kept = 0

    def has(self, file_key: str) -> bool:
        """Whether the store holds a file of this key (so placing it will not call `make`)."""
        return self.store is not None and self._path(file_key).exists()

    def current(self, relative: str, file_key: str) -> bool:
        """Whether the site already holds this file under this key (placing it changes nothing): so the
        manifest of the folder says, and this build has not placed another file there."""
        return relative not in self.placed and self.previous.get(relative, ("",))[0] == file_key

    def place(self, relative: str, file_key: str, make: Callable[[], bytes | str]) -> None:
        if self.store is not None:
            self.used.add(file_key)
        if self.current(relative, file_key):
            self.placed[relative] = self.previous[relative]
            self.kept += 1
            return
        target = self.site / relative
        if self.store is None:
            data = _bytes(make())
            _write_new(target, data)
            self.made += 1
            self.placed[relative] = (file_key, len(data))
            return
        kept = self._path(file_key)
        try:
            size = kept.stat().st_size
            self.linked += 1
        except FileNotFoundError:
            data = _bytes(make())
            _write_new(kept, data)
            size = len(data)
            self.made += 1
        _link(kept, target)
        self.placed[relative] = (file_key, size)

    def place_stored(self, relative: str, file_key: str) -> None:
        """Place a file the site or the store holds (`current` or `has`)."""
        self.place(relative, file_key, _never)

    def write(self, relative: str, data: bytes | str) -> None:
        """A file made in every build (a portal page, a feed, a page MkDocs rendered): written unless the
        site already holds these very bytes there."""
        data = _bytes(data)
        file_key = "content " + hashlib.sha256(data).hexdigest()
        if self.current(relative, file_key):
            self.kept += 1
        else:
            _write_new(self.site / relative, data)
            self.made += 1
        self.placed[relative] = (file_key, len(data))

    def group(self, folder: str, group_key: str) -> dict[str, str] | None:
        """The files of a group placed before (path under `folder` → key), if every one of them is in the
        site already or in the store — placing the group then makes nothing — else None."""
        listing = self._path(group_key) if self.store is not None else None
        if listing is None or not listing.exists():
            return None
        files = json.loads(listing.read_text(encoding="utf-8"))
        if all(self.current(f"{folder}/{relative}", k) or self._path(k).exists() for relative, k in files.items()):
            return files
        return None

    def place_group(self, folder: str, group_key: str, make: Callable[[], dict[str, bytes]]) -> list[str]:
        """Files made together, by their paths under `folder`: all kept or linked (see `group`), or all
        made — and then all kept in the store, beside the group's listing; → their paths."""
        files = self.group(folder, group_key)
        if files is None:
            made = make()
            if self.store is None:
                for relative, data in made.items():
                    self.write(f"{folder}/{relative}", data)
                return list(made)
            files = {relative: hashlib.sha256(data).hexdigest() for relative, data in made.items()}
            for relative, data in made.items():
                path, file_key = f"{folder}/{relative}", files[relative]
                if self.current(path, file_key) and not self._path(file_key).exists():
                    _write_new(self._path(file_key), data)  # kept in the site, and in the store with its listing
                self.place(path, file_key, lambda data=data: data)
            _write_new(self._path(group_key), json.dumps(files, ensure_ascii=False).encode("utf-8"))
        else:
            for relative, file_key in files.items():
                self.place_stored(f"{folder}/{relative}", file_key)
        self.used.add(group_key)
        return list(files)

    def merge(self, other: "SiteFiles") -> None:
        """Take in what another process placed into the same site (its share of the files)."""
        self.placed.update(other.placed)
        self.used.update(other.used)
        self.made, self.linked, self.kept = self.made + other.made, self.linked + other.linked, self.kept + other.kept

    def finish(self) -> None:
        """Remove from the site what an earlier build placed and this one did not (and the folders that
        leaves empty), and from the store what this build did not use."""
        for relative in sorted(self.previous.keys() - self.placed.keys()):
            path = self.site / relative
            path.unlink(missing_ok=True)
            for folder in path.parents:
                if folder == self.site or not folder.is_relative_to(self.site):
                    break
                try:
                    folder.rmdir()
                except OSError:  # not empty (or already gone)
                    break
        if self.store is None or not self.store.exists():
            return
        for shard in self.store.iterdir():
            for path in shard.iterdir():
                if path.name not in self.used:
                    path.unlink()

    def _path(self, file_key: str) -> Path:
        return self.store / file_key[:2] / file_key


def _never() -> bytes:
    raise AssertionError("a file of the store was expected to be there")


def _bytes(data: bytes | str) -> bytes:
    return data.encode("utf-8") if isinstance(data, str) else data


def _write_new(path: Path, data: bytes) -> None:
    """Atomically, as a new directory entry: an interrupted build never leaves half a file, and a file
    that was a link to the store is replaced, never written through."""
    temporary = path.with_name(path.name + f".{os.getpid()}.tmp")
    temporary.unlink(missing_ok=True)  # one an interrupted build left may be a link: never written through
    try:
        temporary.write_bytes(data)
    except FileNotFoundError:  # its folder is new
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary.write_bytes(data)
    os.replace(temporary, path)


def _link(kept: Path, target: Path) -> None:
    """`target` becomes a link to the store's file (or a copy, where links cannot be made), replacing
    what was there."""
    try:
        os.link(kept, target)
        return
    except FileNotFoundError:  # its folder is new
        target.parent.mkdir(parents=True, exist_ok=True)
    except OSError:  # the target exists (replaced below through a new entry), or links cannot be made
        pass
    temporary = target.with_name(target.name + f".{os.getpid()}.tmp")
    temporary.unlink(missing_ok=True)
    try:
        os.link(kept, temporary)
    except OSError:  # another file system, or links not allowed: a copy does the same
        shutil.copyfile(kept, temporary)
    os.replace(temporary, target)
