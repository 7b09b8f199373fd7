"""The parse cache: what each input parsed to, as JSON data, so that a rebuild parses only new files.

`build/cache/<code version>/<sha256 of the input>.json` holds one outcome (a Report or a Rejection).
An entry is used only when it is a well-formed entry of this format, for this code version and this
content hash, and decodes to the record types (codec.py): anything else — damaged, planted, written
by other code — is ignored and the file parsed again. Nothing in the cache is ever executed, so a
shared or writable cache (a CI cache, an output folder others can write) cannot run code in a build.
Entries are written one by one as files finish (atomically: a temporary file renamed into place), so
an interrupted build keeps what it had parsed.

Beside each entry, `<sha256>.summary` holds what the build needs before writing the package (a
records.ReportSummary, or the Rejection itself) and the size and sha256 of the entry's bytes: a rebuild
reads only the small summaries (and the entries' sizes: a damaged or replaced entry is parsed again), and
reads a whole entry only for a report whose rows it writes again — checking then that its bytes are
those its summary was made with. An entry that no longer matches is not used (the file is parsed again). The summaries a build used are
also kept together in one file (`all.summary`, `save_summaries`), so that a rebuild of tens of
thousands of reports reads one file, not one per report; each summary in it is checked as a summary file
would be.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from pathlib import Path
from typing import Any

from .codec import CodecError, from_data, to_data
from .ingest import MAX_INPUT_BYTES
from .outputs import write_atomically
from .records import Rejection, Report, ReportSummary

FORMAT = 1
# An entry is tens of KB, that of a 64 MB text (the largest input) about its size: 8× that is not ours.
MAX_ENTRY_BYTES = 8 * MAX_INPUT_BYTES
_PACKAGE_DIR = Path(__file__).resolve().parent
# The code that could change what a file parses to: every module but the site's, and the reference data
# (region tables). Listing modules one by one went stale as modules were added; a change to a writer
# that does not affect parsing costs one re-parse, a stale cache would cost wrong data.
_PARSE_CODE = ("*.py", "ingest/*.py", "parse/*.py", "reference/*")
_SHA256 = re.compile(r"^[0-9a-f]{64}$")
OUTCOME_TYPES = {"Report": Report, "Rejection": Rejection}
SUMMARY_TYPES = {"ReportSummary": ReportSummary, "Rejection": Rejection}
MAX_SUMMARY_BYTES = 1 << 20
SUMMARIES_FILE = "all.summary"  # every summary a build used, beside the <sha256>.summary files
MAX_SUMMARIES_BYTES = 4 << 30  # a million summaries of about 1 KB each, with room


def code_version() -> str:
    """Hash of the parsing code, so that cached parses never outlive the code that made them."""
    digest = hashlib.sha256()
    for pattern in _PARSE_CODE:
        for path in sorted(_PACKAGE_DIR.glob(pattern)):
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def outcome_data(outcome: Report | Rejection) -> dict[str, Any]:
    """An outcome as plain data, tagged with its type (what workers send and the cache stores)."""
    return {"type": type(outcome).__name__, "value": to_data(outcome)}


def outcome_from_data(data: Any) -> Report | Rejection:
    """The inverse of outcome_data; CodecError when the data is not an outcome."""
    return _tagged(OUTCOME_TYPES, data)


def summary_data(outcome: ReportSummary | Rejection) -> dict[str, Any]:
    """A report's summary (identity.summarize) or a rejection, as plain data tagged with its type."""
    return {"type": type(outcome).__name__, "value": to_data(outcome)}


def summary_from_data(data: Any) -> ReportSummary | Rejection:
    return _tagged(SUMMARY_TYPES, data)


def _tagged(types: dict[str, type], data: Any):
    if not isinstance(data, dict) or data.keys() != {"type", "value"} or data["type"] not in types:
        raise CodecError("not tagged with one of " + ", ".join(types))
    return from_data(types[data["type"]], data["value"])


class ParseCache:
    def __init__(self, folder: Path):
        self.version = code_version()
        self.folder = folder / self.version
        self._entries: dict[str, str] = {}  # sha256 of an input → that of its entry, as its summary says
        self._records: dict[str, dict] | None = None  # the summaries file's records, once read
        self._summaries_read = False  # whether the summaries file was there and well-formed

    @classmethod
    def at(cls, folder: Path, version: str) -> "ParseCache":
        """The cache of code `version` in its `folder` (a parse worker's view of the build's cache)."""
        cache = cls.__new__(cls)
        cache.version, cache.folder, cache._entries, cache._records, cache._summaries_read = version, folder, {}, {}, False
        return cache

    def get(self, sha: str) -> Report | Rejection | None:
        """The cached outcome for this content hash, or None (never cached, or an entry not to be trusted)."""
        if not _SHA256.match(sha):
            return None
        try:
            data = _read_small(self.folder / f"{sha}.json", MAX_ENTRY_BYTES)
            if sha in self._entries and hashlib.sha256(data).hexdigest() != self._entries[sha]:
                return None  # not the entry the summary the build used was made with
            entry = json.loads(data)
            if not isinstance(entry, dict) or (entry.get("format"), entry.get("code"), entry.get("sha256")) != (
                    FORMAT, self.version, sha):
                return None
            outcome = outcome_from_data(entry.get("outcome"))
        except (OSError, ValueError, RecursionError):  # missing, unreadable, not JSON, not an outcome
            return None
        if outcome.source is not None and outcome.source.sha256 != sha:
            return None
        return outcome

    def get_summary(self, sha: str) -> ReportSummary | Rejection | None:
        """The cached summary for this content hash — from the summaries file, else from its own file;
        its entry, when `get` reads it, must be the one the summary was made with."""
        if not _SHA256.match(sha):
            return None
        if self._records is None:
            self._records = self._read_summaries()
        kept = self._records.pop(sha, None)
        if kept is not None:
            summary = self._checked(sha, kept)
            if summary is not None:
                return summary
            self._summaries_read = False  # the file holds a summary that is no longer good: write it anew
        try:
            record = json.loads(_read_small(self.folder / f"{sha}.summary", MAX_SUMMARY_BYTES))
        except (OSError, ValueError, RecursionError):
            return None
        return self._checked(sha, record)

    def _checked(self, sha: str, record) -> ReportSummary | Rejection | None:
        """The summary a record holds, if it is one of this format and code, for these bytes, and its
        entry still has the size it was made with."""
        try:
            if not isinstance(record, dict) or (record.get("format"), record.get("code"), record.get("sha256")) != (
                    FORMAT, self.version, sha) or not isinstance(record.get("entry"), str):
                return None
            if os.stat(self.folder / f"{sha}.json", follow_symlinks=False).st_size != record.get("entry_bytes"):
                return None
            summary = summary_from_data(record.get("summary"))
        except (OSError, ValueError, RecursionError):
            return None
        if summary.source is None or summary.source.sha256 != sha:
            return None
        self._entries[sha] = record["entry"]
        self._records[sha] = record
        return summary

    def save_summaries(self, shas: list[str]) -> None:
        """Keep the summaries of these inputs together in the summaries file (each read from its own file
        when this build did not read it), unless the file holds just those already, all good."""
        if self._records is None:
            self._records = self._read_summaries()
        if sorted(self._records) == sorted(set(shas)) and self._summaries_read:
            return
        records = {}
        for sha in sorted(set(shas)):
            if sha in self._records or self.get_summary(sha) is not None:
                records[sha] = self._records[sha]
        try:
            write_atomically(self.folder / SUMMARIES_FILE, json.dumps(
                {"format": FORMAT, "code": self.version, "summaries": records}, ensure_ascii=False,
                separators=(",", ":")).encode("utf-8", "surrogatepass"))
        except OSError:  # a cache that cannot be written is no reason to stop a build
            pass

    def _read_summaries(self) -> dict[str, dict]:
        self._summaries_read = False
        try:
            data = json.loads(_read_small(self.folder / SUMMARIES_FILE, MAX_SUMMARIES_BYTES))
            if isinstance(data, dict) and (data.get("format"), data.get("code")) == (FORMAT, self.version) \
                    and isinstance(data.get("summaries"), dict):
                self._summaries_read = True
                return {k: v for k, v in data["summaries"].items() if isinstance(k, str)}
        except (OSError, ValueError, RecursionError):  # none yet, or not to be trusted: one file each
            pass
        return {}

    def put(self, sha: str, data: dict[str, Any], summary: dict[str, Any]) -> bool:
        """Store an outcome given as `outcome_data`, with its `summary_data`; → whether it was stored. A
        cache that cannot be written is no reason to stop a build (the folder may have been deleted
        meanwhile: it is made again)."""
        entry = json.dumps({"format": FORMAT, "code": self.version, "sha256": sha, "outcome": data},
                           ensure_ascii=False, separators=(",", ":")).encode("utf-8", "surrogatepass")
        record = json.dumps({"format": FORMAT, "code": self.version, "sha256": sha,
                             "entry": hashlib.sha256(entry).hexdigest(), "entry_bytes": len(entry), "summary": summary},
                            ensure_ascii=False, separators=(",", ":")).encode("utf-8", "surrogatepass")
        for _ in range(2):
            try:
                self.folder.mkdir(parents=True, exist_ok=True)
                write_atomically(self.folder / f"{sha}.json", entry)
                write_atomically(self.folder / f"{sha}.summary", record)
                return True
            except FileNotFoundError:
                continue
            except OSError:
                return False
        return False


def _read_small(path: Path, limit: int) -> bytes:
    """The file's bytes, refusing links and anything larger than `limit`."""
    descriptor = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC)
    with os.fdopen(descriptor, "rb") as handle:
        data = handle.read(limit + 1)
    if len(data) > limit:
        raise ValueError("cache file too large")
    return data
