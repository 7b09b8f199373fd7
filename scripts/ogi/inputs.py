"""What is in the reports folder: every entry becomes an input to parse, a refused entry with its reason
(a row of the ledger, never read), or an entry left out by one of the documented rules below; and
the sources table (`sources.csv`), read without ever stopping the build.

Rules that leave an entry out (printed in the build summary, with how many each left out):
- hidden files and folders (a name starting with "."), such as .git/ or .DS_Store;
- the sources table `sources.csv` at the top of the reports folder (it is read as the sources table).

Refused, with a ledger row: symbolic links (never followed, whatever they point to, even nothing),
pipes, devices and sockets, names that are not valid UTF-8, folders that cannot be read (their
files cannot even be listed), files that cannot be read, files over the size limit, and a
`sources.csv` inside a subfolder (only the top one is read).
"""

from __future__ import annotations

import csv
import errno
import hashlib
import io
import json
import os
import stat
import time
from dataclasses import dataclass, field
from pathlib import Path

from .ingest import UnreadableInput, open_input
from .outputs import write_atomically

SOURCES_FILE = "sources.csv"
HIDDEN_RULE = "隐藏文件和文件夹（名称以 . 开头，如 .git/）不是报告，不读取"
SOURCES_RULE = "报告文件夹顶层的 sources.csv 是来源表，作为来源读取，不是报告"
MAX_SOURCES_BYTES = 16 * 1024 * 1024
MAX_URL_CHARS = 2000


@dataclass
class Entry:
    """One entry of the reports folder: to parse (`refusal` empty) or refused without being read."""

    relative: str  # POSIX path relative to the reports folder, as shown (a folder ends with "/")
    refusal: str = ""
    sha256: str = ""
    size: int = 0


@dataclass
class Listing:
    entries: list[Entry] = field(default_factory=list)  # in path order
    skipped: dict[str, list[str]] = field(default_factory=dict)  # rule → entries it left out
    hashes: dict[str, list[int | str]] = field(default_factory=dict)  # see list_inputs


# A file is read again to hash it when it changed less than this long before it was last hashed: its
# times may not tell a change in that moment apart (as git's "racily clean" entries).
_RACY_NS = 2_000_000_000


class OutputInsideReports(ValueError):
    """The output folder is inside the reports folder: a build would read its own output as reports."""


def check_output_folder(reports_dir: Path, out_dir: Path) -> None:
    reports, out = reports_dir.resolve(), out_dir.resolve()
    if out == reports or reports in out.parents:
        raise OutputInsideReports(f"the output folder {out_dir} is inside the reports folder {reports_dir}: "
                                  "its files would be read as reports; choose an output folder outside it")


def list_inputs(reports_dir: Path, hashes_file: Path | None = None) -> Listing:
    """Every entry under the reports folder, hashed where it is a file to parse (symbolic links are
    never followed; nothing but regular files is opened). OSError if the folder itself cannot be read.

    `hashes_file` (in the build's cache) keeps each file's hashes from one listing to the next — path →
    [size, mtime, ctime (ns), inode, sha256, when it was hashed (ns)]: a file whose size, times and
    inode are those it was hashed with is not read again (a write changes its ctime, which no program
    can set back)."""
    listing = Listing()
    known = _read_hashes(hashes_file) if hashes_file else {}
    folders = [""]
    while folders:
        folder = folders.pop()
        try:
            with os.scandir(reports_dir / folder) as scan:
                children = sorted(scan, key=lambda e: e.name)
        except OSError as error:
            if not folder:
                raise
            listing.entries.append(Entry(folder, _folder_failure(error)))
            continue
        for child in children:
            relative, kind = folder + child.name, _kind(child)
            shown = relative + ("/" if kind == "folder" else "")
            if not _is_utf8(child.name):
                listing.entries.append(Entry(_shown_name(shown), "文件名不是有效的 UTF-8 编码，未读取；请重命名文件"))
            elif child.name.startswith("."):
                listing.skipped.setdefault(HIDDEN_RULE, []).append(shown)
            elif kind == "folder":
                folders.append(shown)
            elif relative == SOURCES_FILE and kind == "file":
                listing.skipped.setdefault(SOURCES_RULE, []).append(relative)
            elif kind == "file":
                listing.entries.append(_file_entry(reports_dir, relative, child.stat(follow_symlinks=False),
                                                   known.get(relative), listing.hashes))
            else:
                listing.entries.append(Entry(relative, kind))
    listing.entries.sort(key=lambda e: e.relative)
    if hashes_file and listing.hashes != known:
        try:
            hashes_file.parent.mkdir(parents=True, exist_ok=True)
            write_atomically(hashes_file, json.dumps(listing.hashes, separators=(",", ":")).encode("utf-8"))
        except OSError:  # a cache that cannot be written is no reason to stop a build
            pass
    return listing


def _read_hashes(path: Path) -> dict[str, list]:
    try:
        hashes = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return hashes if isinstance(hashes, dict) else {}


def _kind(entry: os.DirEntry) -> str:
    """"file", "folder", or the reason an entry of another kind is refused."""
    try:
        mode = entry.stat(follow_symlinks=False).st_mode
    except OSError as error:
        return f"无法读取文件信息：{error.strerror}"
    if stat.S_ISLNK(mode):
        return "符号链接：不跟随链接，也不读取它指向的内容"
    if stat.S_ISDIR(mode):
        return "folder"
    if stat.S_ISREG(mode):
        return "file"
    what = "命名管道" if stat.S_ISFIFO(mode) else "套接字" if stat.S_ISSOCK(mode) else "设备文件"
    return f"不是普通文件（{what}），未读取"


def _file_entry(reports_dir: Path, relative: str, status: os.stat_result, before: list | None,
                hashes: dict[str, list]) -> Entry:
    if relative.rsplit("/", 1)[-1] == SOURCES_FILE:
        return Entry(relative, "子文件夹中的 sources.csv 不会被读取：来源表只能放在报告文件夹的顶层")
    signature = [status.st_size, status.st_mtime_ns, status.st_ctime_ns, status.st_ino]
    if (isinstance(before, list) and len(before) == 6 and before[:4] == signature and isinstance(before[4], str)
            and isinstance(before[5], int) and before[5] - max(status.st_mtime_ns, status.st_ctime_ns) > _RACY_NS):
        hashes[relative] = before
        return Entry(relative, "", before[4], status.st_size)
    hashed_at = time.time_ns()
    try:
        sha256, size = _hash(reports_dir / relative)
    except UnreadableInput as error:
        return Entry(relative, str(error))
    hashes[relative] = [*signature, sha256, hashed_at]
    return Entry(relative, "", sha256, size)


def _hash(path: Path) -> tuple[str, int]:
    """sha256 and size, read in chunks (a file is never held whole here)."""
    with os.fdopen(open_input(path), "rb") as handle:
        try:
            digest = hashlib.file_digest(handle, "sha256")
        except OSError as error:
            raise UnreadableInput(f"读取失败：{error.strerror}") from None
        return digest.hexdigest(), handle.tell()


def _folder_failure(error: OSError) -> str:
    if error.errno in (errno.EACCES, errno.EPERM):
        return "无法读取文件夹（没有权限），其中的文件未能列出"
    return f"无法读取文件夹：{error.strerror}，其中的文件未能列出"


def _is_utf8(name: str) -> bool:
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:  # undecodable bytes of the name are surrogates in the str
        return False
    return True


def _shown_name(relative: str) -> str:
    """A name that is not UTF-8, written with its undecodable bytes as \\xNN."""
    return os.fsencode(relative).decode("utf-8", "backslashreplace")


# --- sources.csv -------------------------------------------------------------------------------------

def read_sources(reports_dir: Path) -> tuple[dict[str, dict], list[str]]:
    """file → row of sources.csv, and warnings about what could not be used (the build goes on)."""
    path = reports_dir / SOURCES_FILE
    if not os.path.lexists(path):
        return {}, []
    try:
        data = _read_sources_file(path)
        text = data.decode("utf-8-sig")
    except UnreadableInput as error:
        return {}, [f"{SOURCES_FILE} 未读取：{error}"]
    except UnicodeDecodeError as error:
        return {}, [f"{SOURCES_FILE} 未读取：不是 UTF-8 编码（第 {error.start} 字节）；请另存为 UTF-8"]
    csv.field_size_limit(MAX_SOURCES_BYTES)  # the file's own size bounds a field; the default (128 KB) is arbitrary
    rows, warnings = {}, []
    try:
        for row in csv.DictReader(io.StringIO(text, newline="")):
            name = (row.get("file") or "").strip()
            if name:
                rows[name] = row | {"url": _checked_url(row.get("url"), name, warnings)}
    except csv.Error as error:
        warnings.append(f"{SOURCES_FILE} 第 {len(rows) + 2} 行起未读取：{error}")
    return rows, warnings


def _read_sources_file(path: Path) -> bytes:
    try:
        with os.fdopen(open_input(path), "rb") as handle:
            data = handle.read(MAX_SOURCES_BYTES + 1)
    except OSError as error:
        raise UnreadableInput(error.strerror) from None
    if len(data) > MAX_SOURCES_BYTES:
        raise UnreadableInput(f"文件过大（上限 {MAX_SOURCES_BYTES:,} 字节）")
    return data


def _checked_url(url, name: str, warnings: list[str]) -> str:
    """A web address (http or https, no spaces or control characters, of sane length), else blank."""
    url = (url or "").strip() if isinstance(url, str) else ""
    if not url:
        return ""
    if (url.lower().startswith(("http://", "https://")) and len(url) <= MAX_URL_CHARS
            and not any(ch.isspace() or ord(ch) < 32 or ord(ch) == 127 for ch in url)):
        return url
    warnings.append(f"{SOURCES_FILE}：{name} 的网址不是以http或https开头的网址，或者过长，已忽略")
    return ""
