"""The output folder: one build at a time, and its folders (data/, site/) replaced whole — data/ built
anew and swapped in (`staging_folder`, `swap_folder`), site/ by bringing the previous spare up to date and
swapping it in (`Rotation`).

`lock` holds an exclusive lock on `<out>/.lock` for a whole build (the kernel drops it when the process
ends, however it ends, so a killed build never leaves a stale lock). `swap_folder` puts a freshly built
folder in place of the old one: on Linux the two are exchanged in one atomic step (renameat2 with
RENAME_EXCHANGE), so a reader never finds the folder missing; elsewhere the old folder is renamed to
`<name>.old` first, and a build that finds `<name>.old` without `<name>` (one that died between the
two renames) puts it back.
"""

from __future__ import annotations

import ctypes
import fcntl
import json
import os
import shutil
import tempfile
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


@contextmanager
def lock(out_dir: Path, on_wait: Callable[[str], None] | None = None) -> Iterator[None]:
    """Hold the output folder's lock; if another build holds it, call on_wait (with what the lock file
    says about that build) and wait for it to finish."""
    out_dir.mkdir(parents=True, exist_ok=True)
    descriptor = os.open(out_dir / ".lock", os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_CLOEXEC, 0o644)
    try:
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            if on_wait:
                on_wait(os.pread(descriptor, 200, 0).decode("utf-8", "replace").strip())
            fcntl.flock(descriptor, fcntl.LOCK_EX)
        os.ftruncate(descriptor, 0)
        os.pwrite(descriptor, f"process {os.getpid()}\n".encode(), 0)
        yield
    finally:
        os.close(descriptor)  # releases the lock


@contextmanager
def staging_folder(final: Path) -> Iterator[Path]:
    """A new empty folder beside `final` to build its replacement in; removed afterwards if still there.
    A leftover `<final>.old` from an interrupted swap is put back first."""
    recover(final)
    final.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{final.name}.", suffix=".tmp", dir=final.parent))
    try:
        yield staging
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def swap_folder(staging: Path, final: Path) -> None:
    """Replace `final` by `staging` so that an interrupted build leaves the previous output whole, and
    (where the system can exchange two folders atomically) `final` is never missing."""
    recover(final)
    if final.exists() and _exchange(staging, final):
        shutil.rmtree(staging, ignore_errors=True)  # it holds the previous content now
        return
    old = final.with_name(final.name + ".old")
    shutil.rmtree(old, ignore_errors=True)
    if final.exists():
        final.rename(old)
    staging.rename(final)
    shutil.rmtree(old, ignore_errors=True)


def recover(final: Path) -> None:
    """Put back `<final>.old` left by a build that died between the two renames of a swap."""
    old = final.with_name(final.name + ".old")
    if not final.exists() and not final.is_symlink() and old.is_dir() and not old.is_symlink():
        old.rename(final)


def _exchange(first: Path, second: Path) -> bool:
    """Swap two paths in one step (Linux renameat2); False where the system or file system cannot."""
    try:
        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    except (AttributeError, OSError):
        return False
    done = renameat2(_AT_FDCWD, os.fsencode(first), _AT_FDCWD, os.fsencode(second), _RENAME_EXCHANGE)
    return done == 0


class Rotation:
    """A folder built again and again (the site): each build brings the folder the one before last left
    (the spare) up to date instead of making every file anew, then swaps it in; the folder it replaces
    becomes the next spare. Making and deleting tens of thousands of files is most of a rebuild's cost;
    this way a build touches only the files that changed.

    The spare is used only with its manifest (`manifest`: relative path → (key, bytes), written by the
    build that made the folder) — without one (a first build, a build interrupted while updating it)
    it is removed and the build starts from an empty folder. The manifest is taken away before the
    folder is changed and put back only once the folder is what it describes, so a manifest never
    describes a folder that is not exactly it. The folder in use is never written to: a build that is
    interrupted leaves it whole.

    Files beside `final`: `.<name>.spare/` (the spare folder), `.<name>.json` (the manifest of `final`),
    `.<name>.spare.json` (that of the spare)."""

    FORMAT = 1

    def __init__(self, final: Path):
        self.final = final
        self.spare = final.with_name(f".{final.name}.spare")
        self._manifest = final.with_name(f".{final.name}.json")
        self._spare_manifest = final.with_name(f".{final.name}.spare.json")
        self._moving = final.with_name(f".{final.name}.moving.json")

    def open(self) -> tuple[Path, dict[str, tuple[str, int]]]:
        """The folder to build in (the spare, or a new empty one) and what it holds."""
        recover(self.final)
        self.final.parent.mkdir(parents=True, exist_ok=True)
        manifest = self._read(self._spare_manifest) if self.spare.is_dir() and not self.spare.is_symlink() else None
        self._spare_manifest.unlink(missing_ok=True)  # the folder is about to change
        self._moving.unlink(missing_ok=True)
        if manifest is None:
            if self.spare.is_symlink() or self.spare.is_file():
                self.spare.unlink()
            shutil.rmtree(self.spare, ignore_errors=True)
            self.spare.mkdir()
        return self.spare, manifest or {}

    def publish(self, manifest: dict[str, tuple[str, int]]) -> None:
        """Put the built folder in place of `final`; the folder it replaces becomes the spare — or, when
        there was none with a manifest (a first build), a copy of the new folder made of hard links, so
        that the next build too has a folder to bring up to date."""
        if self._manifest.exists():
            os.replace(self._manifest, self._moving)  # describes the folder that becomes the spare
        if not (self.final.exists() and _exchange(self.spare, self.final)):
            old = self.final.with_name(self.final.name + ".old")
            shutil.rmtree(old, ignore_errors=True)
            if self.final.exists():
                self.final.rename(old)
            self.spare.rename(self.final)
            if old.exists():
                old.rename(self.spare)
        if self.spare.is_dir() and self._moving.exists():
            os.replace(self._moving, self._spare_manifest)
        else:
            shutil.rmtree(self.spare, ignore_errors=True)
            if not self.spare.exists():  # else (it could not be removed) the next build tries again
                _link_copy(self.final, self.spare, manifest)
                _write_json(self._spare_manifest, {"format": self.FORMAT, "files": manifest})
        _write_json(self._manifest, {"format": self.FORMAT, "files": manifest})

    def _read(self, path: Path) -> dict[str, tuple[str, int]] | None:
        try:
            record = json.loads(path.read_text(encoding="utf-8"))
            if record.get("format") != self.FORMAT or not isinstance(record.get("files"), dict):
                return None
            return {str(k): (str(v[0]), int(v[1])) for k, v in record["files"].items()}
        except (OSError, ValueError, AttributeError, TypeError, IndexError):
            return None


def write_atomically(path: Path, data: bytes) -> None:
    """Write a file whole or not at all: into a new temporary file beside it (never through a link that
    is there), renamed over it."""
    descriptor, temporary = tempfile.mkstemp(dir=path.parent, prefix=".", suffix=".tmp")
    try:
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(data)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _write_json(path: Path, value) -> None:
    write_atomically(path, json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8"))


def _link_copy(source: Path, copy: Path, files: Iterable[str]) -> None:
    """`copy` holds the given files of `source` as hard links (copies where links cannot be made)."""
    for relative in files:
        target = copy / relative
        try:
            os.link(source / relative, target)
        except FileNotFoundError:
            target.parent.mkdir(parents=True, exist_ok=True)
            os.link(source / relative, target)
        except OSError:
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source / relative, target)
