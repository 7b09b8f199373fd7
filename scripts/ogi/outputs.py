"""The output folder: one build at a time, and its folders (data/, site/) replaced whole.

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
import os
import shutil
import tempfile
from collections.abc import Callable, Iterator
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
