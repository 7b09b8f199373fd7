"""Search: a static, chunked index of the reports, built from the data package, and the text folding
that the index and the browser's queries share, so that the two sides meet by construction.

Chinese has no spaces, and word segmenters disagree with one another and with themselves (the same
phrase is one word on one page and two on the next), so the index holds no words: it holds every
character and every pair of adjacent characters (bigrams) of the *folded* text. Folding maps each
character through one table — Traditional → Simplified (OpenCC's character table), NFKC (full-width
letters and digits, Kangxi radicals, compatibility ideographs), lower case — drops whitespace (a PDF line
break inside a word) and turns every other non-word character into a boundary that no bigram crosses.
The table and the word-character class are written into the index, and `docs/javascripts/search.js`
folds the query with them: a query's bigrams are the index's bigrams. A report matches when it holds
every bigram of every phrase of the query; the browser then checks the phrase itself in the report's
text (fetched for the excerpt), so a report that only has the pieces is not shown.

Layout of `search/idx/` in the site (every file gzip-compressed; the browser inflates it):
- `meta.bin`: JSON — the folding table, the partitions (their document and shard counts), one column per
  doc field for ranking and filters (year, province, level, layout, kind, folded body-name length), in
  partition order, and the filters' labels.
- The documents are split into partitions (2^k of them, about 4,000 reports each: one below 4,000), a
  document's partition fixed by its URL (`partition_of`), so that adding a report changes one partition
  and a build makes only that one again (the others are linked unchanged from the store, store.py), and
  so that one partition at a time is held in memory. Documents are numbered within their partition.
- `t/<p>.<n>.bin`: shard n of partition p's term index; a term (c1, c2) — c2 = 0 for one character —
  lives in shard (c1 × 65599 + c2) mod shards. Binary: varint term count T, then per term (c1, c2,
  postings, bytes of its doc deltas), then all the doc deltas (varints), then one field-mask byte per
  posting. A query fetches its terms' shard in every partition, so shards are smaller where there are
  more partitions, keeping a query's download about flat.
- `d/<p>.<k>.bin`: documents 32k to 32k+31 of partition p (JSON list): a report as its address — the
  browser reads its title, place and text from the report's data file (`reports/<id>/data.json.gz`,
  site/report.py), which the report's page already has — and any other page as its fragment (link,
  title, text) — so the index holds no copy of the reports' text.

Only the shards of the query's terms and the fragments of the results shown are fetched, so the first
search downloads a few shards a partition whatever the corpus size.
"""

from __future__ import annotations

import gzip
import json
import math
import re
import unicodedata
import zlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from .. import vocabulary as V
from ..package import ROWS_KEY_FIELDS
from .data import read_continuity, report_key
from .store import SiteFiles, key

INDEX_DIR = ("search", "idx")
# The package's columns the index reads, by name, in one place (the data package may rename them).
REPORT_COLUMNS = ("report_id", "title", "organization", "province", "prefecture", "county", "township",
                  "admin_level", "year", "layout")
SECTION_COLUMNS = ("report_id", "section", "heading", "text")
_KEY_COLUMNS = tuple(c for c in ROWS_KEY_FIELDS if c not in REPORT_COLUMNS)  # for each report's key
PLACE_COLUMNS = ("province", "prefecture", "county", "township")

# --- Folding: the one definition both sides use -----------------------------------------------------

BOUNDARY = "|"
WHITESPACE = " \t\n\r\f\v"
# Word characters after folding: ASCII digits and letters, 〇, and the CJK ideograph blocks.
WORD_RANGES = ((0x30, 0x39), (0x61, 0x7A), (0x3007, 0x3007), (0x3400, 0x4DBF), (0x4E00, 0x9FFF),
               (0xF900, 0xFAFF), (0x20000, 0x3134F))
# Where folding can change a character: ASCII capitals, Latin-1 spaces, general punctuation (spaces,
# zero-width marks), CJK radicals and symbols, enclosed and compatibility CJK, the ideographs
# (Traditional → Simplified), full-width forms, and the supplementary ideographs.
_FOLDED_RANGES = ((0x41, 0x5A), (0xA0, 0xAD), (0x2000, 0x206F), (0x2E80, 0x2FDF), (0x3000, 0x303F),
                  (0x3200, 0x33FF), (0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF), (0xFE30, 0xFE4F),
                  (0xFF00, 0xFFEF), (0xFEFF, 0xFEFF), (0x20000, 0x2FA1F))
_INVISIBLE = "\u00ad\u200b\u200c\u200d\u2060\ufeff"  # dropped, as the parser drops them


def _char_class(ranges) -> str:
    return "".join(f"\\u{{{a:x}}}-\\u{{{b:x}}}" if a != b else f"\\u{{{a:x}}}" for a, b in ranges)


# The word characters as JavaScript's RegExp (u flag) reads them, and the same class for Python's re.
WORD_CLASS = "[" + _char_class(WORD_RANGES) + "]"
_WORD = re.compile("[" + "".join(f"{chr(a)}-{chr(b)}" if a != b else chr(a) for a, b in WORD_RANGES) + "]")


def _is_word(text: str) -> bool:
    return all(_WORD.fullmatch(ch) for ch in text) if text else False


def _kind(text: str) -> str:
    """How folding treats a string: all whitespace (dropped), all word characters, or a boundary."""
    if all(ch in WHITESPACE for ch in text):
        return "space"
    return "word" if _is_word(text) else "other"


@lru_cache(maxsize=1)
def fold_table() -> dict[str, str]:
    """Character → its folded form, for every character folding changes in a way that matters. Folding
    is idempotent: a folded form is never changed again."""
    import opencc

    chars = [chr(c) for a, b in _FOLDED_RANGES for c in range(a, b + 1)]
    nfkc = [unicodedata.normalize("NFKC", ch) for ch in chars]
    # One conversion of all characters, one a line, keeps OpenCC's phrase table out: character level only.
    simplified = opencc.OpenCC("t2s").convert("\n".join(nfkc)).split("\n")
    assert len(simplified) == len(chars)
    table = {}
    for ch, converted in zip(chars, simplified):
        table[ch] = "" if ch in _INVISIBLE else "".join(c.lower() if c.isascii() else c for c in converted)
    for ch, folded in table.items():
        while any(table.get(c, c) != c for c in folded):
            folded = "".join(table.get(c, c) for c in folded)
        table[ch] = folded
    # Unchanged characters, and punctuation that stays a boundary, need no entry.
    return {ch: folded for ch, folded in table.items()
            if folded != ch and not (_kind(ch) == "other" and _kind(folded) == "other")}


# The folding as lookup arrays over code points below _LIMIT (everything above is a boundary).
_LIMIT = max(b for _, b in WORD_RANGES + _FOLDED_RANGES) + 1
_IS_BOUNDARY, _IS_WORD, _IS_SPACE = 0, 1, 2


@lru_cache(maxsize=1)
def _lookup() -> tuple[np.ndarray, np.ndarray, dict[int, str], re.Pattern | None]:
    """(one-to-one map, class of each folded point, the other mappings, a pattern finding their keys)."""
    table = fold_table()
    single = np.arange(_LIMIT, dtype=np.uint32)
    other = {}
    for ch, folded in table.items():
        if len(folded) == 1:
            single[ord(ch)] = ord(folded)
        else:
            other[ord(ch)] = folded
    classes = np.full(_LIMIT, _IS_BOUNDARY, dtype=np.uint8)
    for a, b in WORD_RANGES:
        classes[a:b + 1] = _IS_WORD
    classes[[ord(c) for c in WHITESPACE]] = _IS_SPACE
    finder = re.compile("[" + "".join(re.escape(chr(c)) for c in other) + "]") if other else None
    return single, classes, other, finder


def folded_points(text: str) -> np.ndarray:
    """Text folded, as code points: word characters, and one `|` where anything else stood between them."""
    single, classes, other, finder = _lookup()
    if finder is not None and finder.search(text):
        text = text.translate(other)
    points = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32)
    beyond = points >= _LIMIT
    points = single[np.where(beyond, 0, points)]
    kind = classes[points]
    kind[beyond] = _IS_BOUNDARY
    kept = kind != _IS_SPACE
    points, word = points[kept], kind[kept] == _IS_WORD
    points = np.where(word, points, ord(BOUNDARY)).astype(np.uint32)
    repeated = ~word[1:] & ~word[:-1]  # a boundary right after a boundary
    return np.r_[points[:1], points[1:][~repeated]].astype(np.uint32)


def fold(text: str) -> str:
    """Text → its folded form (the string of `folded_points`)."""
    return folded_points(text).tobytes().decode("utf-32-le")


_SPACES = re.compile(r"[\s\u3000]+")


def query_phrases(query: str) -> list[str]:
    """A query → the phrases every result must contain (split at spaces and punctuation), folded."""
    return [p for part in _SPACES.split(query) for p in fold(part).split(BOUNDARY) if p]


# --- Terms ------------------------------------------------------------------------------------------

_SHIFT = 21  # a term is c1 << 21 | c2; c2 = 0 for a single character
_MULTIPLIER = 65599


def terms(points: np.ndarray) -> np.ndarray:
    """Every character and every pair of adjacent word characters of a folded text, as sorted keys."""
    if not len(points):
        return np.zeros(0, dtype=np.int64)
    points = points.astype(np.int64)
    word = points != ord(BOUNDARY)
    pairs = word[:-1] & word[1:]
    bigrams = (points[:-1][pairs] << _SHIFT) | points[1:][pairs]
    return _distinct(np.concatenate([points[word] << _SHIFT, bigrams]))


def _distinct(values: np.ndarray) -> np.ndarray:
    values = np.sort(values)
    return values[np.r_[True, values[1:] != values[:-1]]] if len(values) else values


def shard_of(keys: np.ndarray, shards: int) -> np.ndarray:
    return ((keys >> _SHIFT) * _MULTIPLIER + (keys & ((1 << _SHIFT) - 1))) % shards


# Field bits of a posting: where in the report the term occurs (ranking: body name > title > place > text).
NAME, TITLE, PLACE, TEXT = 1, 2, 4, 8


@dataclass
class Document:
    """What the index knows of one page: a report, or a hand-written page of the site (kind "page")."""

    url: str
    title: str
    text: list[tuple[str, str]]  # (heading, text) in the page's own script
    name: str = ""
    place: str = ""
    year: int = 0
    province: str = ""
    level: str = ""
    layout: str = ""
    kind: str = "report"

    def fields(self) -> list[tuple[int, str]]:
        body = "\n".join(f"{heading}\n{text}" for heading, text in self.text)
        return [(NAME, self.name), (TITLE, self.title), (PLACE, self.place), (TEXT, body)]

    def fragment(self) -> dict:
        return {"url": self.url, "title": self.title, "name": self.name, "place": self.place, "year": self.year,
                "kind": self.kind, "text": [list(pair) for pair in self.text]}


def document_terms(doc: Document) -> tuple[np.ndarray, np.ndarray]:
    """(term keys, field mask of each) for one document."""
    keys, masks = [], []
    for bit, text in doc.fields():
        found = terms(folded_points(text))
        keys.append(found)
        masks.append(np.full(len(found), bit, dtype=np.uint8))
    all_keys, all_masks = np.concatenate(keys), np.concatenate(masks)
    order = np.argsort(all_keys, kind="stable")
    all_keys, all_masks = all_keys[order], all_masks[order]
    starts = np.flatnonzero(np.r_[True, all_keys[1:] != all_keys[:-1]]) if len(all_keys) else np.zeros(0, int)
    return all_keys[starts], np.bitwise_or.reduceat(all_masks, starts) if len(starts) else all_masks


_CHUNK_DOCUMENTS = 256  # documents folded in one pass (memory grows with a chunk's text)


def documents_terms(docs: list[Document]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """What document_terms gives each document — (term keys, the document's ordinal in `docs`, field
    masks), in document order — computed for a chunk of documents at once: a few array operations over
    their texts joined, not a dozen over each document (four fifths of the time an index part took)."""
    chunks = [_chunk_terms(docs[first:first + _CHUNK_DOCUMENTS], first)
              for first in range(0, len(docs), _CHUNK_DOCUMENTS)]
    if not chunks:
        return np.zeros(0, np.int64), np.zeros(0, np.int32), np.zeros(0, np.uint8)
    return tuple(np.concatenate(parts) for parts in zip(*chunks))


def _chunk_terms(docs: list[Document], first: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    fields = [doc.fields() for doc in docs]
    composite, masks = [], []
    for column, (bit, _) in enumerate(fields[0] if fields else ()):
        points, word, owner = _fold_joined([f[column][1] for f in fields])
        pairs = word[:-1] & word[1:]  # never across two documents: a boundary stands between them
        keys = np.concatenate([points[word] << _SHIFT, (points[:-1][pairs] << _SHIFT) | points[1:][pairs]])
        owners = np.concatenate([owner[word], owner[:-1][pairs]])
        composite.append((owners << _KEY_BITS) | keys)
        masks.append(np.full(len(keys), bit, dtype=np.uint8))
    if not composite:
        return np.zeros(0, np.int64), np.zeros(0, np.int32), np.zeros(0, np.uint8)
    composite, mask = np.concatenate(composite), np.concatenate(masks)
    order = np.argsort(composite, kind="stable")
    composite, mask = composite[order], mask[order]
    starts = np.flatnonzero(np.r_[True, composite[1:] != composite[:-1]]) if len(composite) else np.zeros(0, int)
    unique = composite[starts]
    return (unique & ((1 << _KEY_BITS) - 1), ((unique >> _KEY_BITS) + first).astype(np.int32),
            np.bitwise_or.reduceat(mask, starts) if len(starts) else mask)


def _fold_joined(texts: list[str]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The texts folded as `folded_points` folds each, joined with a boundary between them: (code points
    as int64, which are word characters, the text each came from)."""
    single, classes, other, finder = _lookup()
    if finder is not None:
        texts = [text.translate(other) if finder.search(text) else text for text in texts]
    points = np.frombuffer(BOUNDARY.join(texts).encode("utf-32-le"), dtype=np.uint32)
    owner = np.repeat(np.arange(len(texts), dtype=np.int64), [len(text) + 1 for text in texts])[:len(points)]
    beyond = points >= _LIMIT
    points = single[np.where(beyond, 0, points)]
    kind = classes[points]
    kind[beyond] = _IS_BOUNDARY
    kept = kind != _IS_SPACE
    points, word, owner = points[kept].astype(np.int64), kind[kept] == _IS_WORD, owner[kept]
    return points, word, owner


# --- Reading the package ------------------------------------------------------------------------------

def report_documents(data_dir: Path) -> Iterator[tuple[dict, Document]]:
    """(reports row, Document without its text) for every report of the package, in report_id order."""
    reports = pq.read_table(data_dir / "reports.parquet", columns=list(REPORT_COLUMNS + _KEY_COLUMNS)).to_pylist()
    for report in sorted(reports, key=lambda r: r["report_id"]):
        yield report, Document(
            url=f"reports/{report['report_id']}/", title=report["title"] or report["organization"], text=[],
            name=report["organization"] or "", place=" ".join(report[c] for c in PLACE_COLUMNS if report[c]),
            year=report["year"] or 0, province=report["province"] or "", level=report["admin_level"] or "",
            layout=report["layout"] or "")


def _sections_by_report(path: Path, wanted: set[str] | None) -> Iterator[tuple[str, list[tuple[str, str]]]]:
    """(report_id, [(heading, text)…]) in report_id order (the package keeps the table sorted so), of the
    reports in `wanted` (None: all)."""
    rid, rows = None, []
    chosen = pa.array(sorted(wanted), pa.string()) if wanted is not None else None
    for batch in pq.ParquetFile(path).iter_batches(batch_size=5_000, columns=list(SECTION_COLUMNS)):
        if chosen is not None:
            batch = batch.filter(pc.is_in(batch.column("report_id"), value_set=chosen))
        for row in batch.to_pylist():
            if row["report_id"] != rid:
                if rid is not None:
                    yield rid, [pair for _, pair in sorted(rows)]
                rid, rows = row["report_id"], []
            rows.append((row["section"], (row["heading"] or "", row["text"] or "")))
    if rid is not None:
        yield rid, [pair for _, pair in sorted(rows)]


def site_pages(docs_dir: Path, site: Path) -> Iterator[Document]:
    """The site's hand-written pages (home, about…) as Documents: their Markdown source as text, without
    markup; what hooks generate into them (lists, figures) is not searched, nor is the search page. Only
    pages the site has: a Markdown file MkDocs leaves out (`exclude_docs`: the developers' documents) is
    not a result."""
    for path in sorted(docs_dir.rglob("*.md")):
        relative = path.relative_to(docs_dir)
        if relative.parts[0] in ("search.md", "reports"):
            continue
        source = path.read_text(encoding="utf-8")
        title = next((line[2:].strip() for line in source.splitlines() if line.startswith("# ")), relative.stem)
        text = _MARKUP.sub(" ", source)
        folder = relative.with_suffix("") if relative.stem != "index" else relative.parent
        url = "" if str(folder) == "." else folder.as_posix() + "/"
        if not (site / url / "index.html").is_file():
            continue
        yield Document(url=url, title=title, text=[("", re.sub(r"[ \t]+", " ", text).strip())], kind="page")


# Comments, tags, link targets, emphasis, table and heading marks: the words of a page stay.
_MARKUP = re.compile(r"<!--.*?-->|<[^>]+>|\]\([^)]*\)|^#+ |^[-| ]+$|[*`|>\[]", re.S | re.M)


# --- Writing the index -----------------------------------------------------------------------------

# A shard's size before compression, estimated from its postings; gzip makes it ~4 KB. A query downloads
# one shard a character pair (in each partition): small shards, small downloads, more files.
_SHARD_BYTES = 24_000


@dataclass
class _Columns:
    """The per-document columns the browser ranks and filters by, with their labels."""

    values: dict[str, list] = field(default_factory=lambda: {k: [] for k in ("year", "province", "level", "layout",
                                                                          "kind", "name_length")})
    provinces: list[str] = field(default_factory=list)

    def add(self, doc: Document, name_length: int) -> None:
        if doc.province and doc.province not in self.provinces:
            self.provinces.append(doc.province)
        self.values["year"].append(doc.year)
        self.values["province"].append(self.provinces.index(doc.province) if doc.province else -1)
        self.values["level"].append(_code_index(V.ADMIN_LEVELS, doc.level))
        self.values["layout"].append(_code_index(V.LAYOUTS, doc.layout))
        self.values["kind"].append(0 if doc.kind == "report" else 1)
        self.values["name_length"].append(name_length)


def _code_index(terms_: Iterable, code: str) -> int:
    return next((i for i, term in enumerate(terms_) if term.code == code), -1)


# About this many reports a partition: one partition below it, 2^k above (see the layout above).
PARTITION_REPORTS = 4_000


def partitions(reports: int) -> int:
    return 1 << max(0, math.ceil(math.log2(max(reports, 1) / PARTITION_REPORTS)))


def partition_of(url: str, count: int) -> int:
    return zlib.crc32(url.encode("utf-8")) % count


@dataclass
class _Entry:
    """A document of the index: its key (what its fields and text are made from) and the Document — whose
    text is read only if its partition is made."""

    key: str
    doc: Document
    report_id: str = ""


def write_index(data_dir: Path, site: Path, docs_dir: Path, files: SiteFiles | None = None) -> int:
    """Index the package's reports and the site's own pages (those of `docs_dir` that MkDocs rendered into
    `site`) into search/idx/ of the site `files` writes (by default `site`); → documents. A
    report's key is its rows key (package.rows_key: its text and fields are made from its rows); only
    the partitions neither the site nor the store holds (SiteFiles.group) are made, and only their
    reports' text is read."""
    files = files or SiteFiles(site, None)
    continuity = read_continuity(data_dir)
    entries = [_Entry(report_key(row, continuity), doc, row["report_id"])
               for row, doc in report_documents(data_dir)]
    entries += [_Entry(key("search page", doc.fragment()), doc) for doc in site_pages(docs_dir, site)]
    parts = _partitions(entries)
    folder = "/".join(INDEX_DIR)
    needed = {e.report_id for part_key, part in parts if files.group(folder, part_key) is None for e in part
              if e.report_id}
    by_id = {e.report_id: e for e in entries if e.report_id}
    for report_id, text in _sections_by_report(data_dir / "sections.parquet", needed):
        by_id[report_id].doc.text = text
    return _write_partitions(parts, files)


def write_documents(docs: Iterable[Document], site: Path) -> int:
    """Index documents given whole (their text included) into `site`/search/idx/; → documents."""
    parts = _partitions([_Entry(key("search document", doc.fragment()), doc) for doc in docs])
    return _write_partitions(parts, SiteFiles(site, None))


def _partitions(entries: list[_Entry]) -> list[tuple[str, list[_Entry]]]:
    """The documents in their partitions (reports in report_id order, then the site's pages), each with
    its key: the keys of its documents, in order."""
    count = partitions(sum(1 for e in entries if e.doc.kind == "report"))
    parts: list[list[_Entry]] = [[] for _ in range(count)]
    for entry in entries:
        parts[partition_of(entry.doc.url, count)].append(entry)
    fold_spec = _fold_spec()
    return [(key("search partition", number, count, fold_spec, [e.key for e in part]), part)
            for number, part in enumerate(parts)]


def _write_partitions(parts: list[tuple[str, list[_Entry]]], files: SiteFiles) -> int:
    """Each partition's shards and fragments (made only when its documents changed), then meta.bin."""
    columns, described = _Columns(), []
    for number, (part_key, part) in enumerate(parts):
        placed = files.place_group("/".join(INDEX_DIR), part_key,
                                   lambda number=number, part=part: _partition_files(number, part, len(parts)))
        described.append({"documents": len(part), "shards": sum(1 for name in placed if name.startswith("t/"))})
        for entry in part:
            columns.add(entry.doc, len(folded_points(entry.doc.name)))
            entry.doc.text = []  # the partition is written: its text is not needed again
    meta = {"version": 2, "documents": len(columns.values["year"]), "partitions": described,
            "fragments_per_file": FRAGMENTS_PER_FILE, "multiplier": _MULTIPLIER, "fold": _fold_spec(), "columns": columns.values,
            # A filter's value in the URL is its code (a province's name); its label is what a reader sees.
            "codes": {"province": columns.provinces, "level": V.codes(V.ADMIN_LEVELS), "layout": V.codes(V.LAYOUTS)},
            "labels": {"province": columns.provinces, "level": [t.zh for t in V.ADMIN_LEVELS],
                       "layout": [t.zh for t in V.LAYOUTS]}}
    files.write("/".join((*INDEX_DIR, "meta.bin")),
                _gzip(json.dumps(meta, ensure_ascii=False, separators=(",", ":")).encode()))
    return len(columns.values["year"])


# Documents a fragment file holds: a report's entry is only its address (its text is in its data file).
FRAGMENTS_PER_FILE = 32


def _partition_files(number: int, part: list[_Entry], count: int) -> dict[str, bytes]:
    """One partition's files (paths under search/idx/): its documents' fragments, FRAGMENTS_PER_FILE to a
    file, and its term shards, about _SHARD_BYTES of postings each, divided by √partitions, so that a
    query, which fetches a shard in every partition, downloads about as much as from one index."""
    made: dict[str, bytes] = {}
    keys, docs_of, masks = documents_terms([e.doc for e in part])
    for first in range(0, len(part), FRAGMENTS_PER_FILE):
        entries = [e.doc.url if e.doc.kind == "report" else e.doc.fragment()
                   for e in part[first:first + FRAGMENTS_PER_FILE]]
        made[f"d/{number}.{first // FRAGMENTS_PER_FILE}.bin"] = _gzip(json.dumps(entries, ensure_ascii=False).encode())
    shards = max(1, round(2.3 * len(keys) * math.sqrt(count) / _SHARD_BYTES))  # ≈ a delta, a mask, a header share
    for shard, payload in _shards(keys, docs_of, masks, shards):
        made[f"t/{number}.{shard}.bin"] = _gzip(payload)
    return made


def _fold_spec() -> dict:
    """The folding table and character classes as the browser reads them: one-to-one mappings as two
    aligned strings (compact), the few longer ones as an object."""
    table = fold_table()
    single = {k: v for k, v in table.items() if len(v) == 1}
    return {"from": "".join(single), "to": "".join(single.values()),
            "other": {k: v for k, v in table.items() if len(v) != 1},
            "word": WORD_CLASS, "space": WHITESPACE, "boundary": BOUNDARY}


def _gzip(payload: bytes) -> bytes:
    return gzip.compress(payload, compresslevel=6, mtime=0)  # mtime 0: deterministic output


_KEY_BITS = 39  # c1 < 2**18, c2 < 2**21


def _shards(keys: np.ndarray, docs: np.ndarray, masks: np.ndarray, shards: int) -> Iterator[tuple[int, bytes]]:
    """The term index in `shards` shards (postings: doc deltas and masks): (shard, its bytes) each.
    Postings arrive in doc order; one stable sort by (shard, term) keeps them so within each term."""
    keys |= shard_of(keys, shards) << _KEY_BITS
    order = np.argsort(keys, kind="stable")
    keys, docs, masks = keys[order], docs[order], masks[order]
    del order
    new_term = np.r_[True, keys[1:] != keys[:-1]] if len(keys) else np.zeros(0, bool)
    term_starts = np.flatnonzero(new_term)
    deltas = np.where(new_term, docs, docs - np.r_[0, docs[:-1]])
    delta_bytes = _varint_lengths(deltas)
    encoded = _varints(deltas, delta_bytes)
    byte_starts = np.r_[0, np.cumsum(delta_bytes)]
    term_keys = keys[term_starts]
    term_ends = np.r_[term_starts[1:], len(keys)]
    shard_bounds = np.searchsorted(term_keys >> _KEY_BITS, np.arange(shards + 1))
    term_keys &= (1 << _KEY_BITS) - 1
    for n in range(shards):
        first, last = shard_bounds[n], shard_bounds[n + 1]
        starts, ends, k = term_starts[first:last], term_ends[first:last], term_keys[first:last]
        header = np.stack([k >> _SHIFT, k & ((1 << _SHIFT) - 1), ends - starts,
                           byte_starts[ends] - byte_starts[starts]], axis=1).ravel()
        header = np.r_[len(k), header]
        posting_first, posting_last = (starts[0], ends[-1]) if len(k) else (0, 0)
        yield n, b"".join([_varints(header, _varint_lengths(header)).tobytes(),
                           encoded[byte_starts[posting_first]:byte_starts[posting_last]].tobytes(),
                           masks[posting_first:posting_last].tobytes()])


def _varint_lengths(values: np.ndarray) -> np.ndarray:
    lengths = np.ones(len(values), dtype=np.int64)
    for k in range(1, 5):
        lengths += values >= (1 << (7 * k))
    return lengths


def _varints(values: np.ndarray, lengths: np.ndarray) -> np.ndarray:
    """LEB128: seven bits a byte, low first, the high bit set on every byte but the last."""
    out = np.zeros(int(lengths.sum()), dtype=np.uint8)
    starts = np.cumsum(lengths) - lengths
    values = values.astype(np.int64)
    for k in range(5):
        has = lengths > k
        byte = (values[has] >> (7 * k)) & 0x7F
        more = (lengths[has] > k + 1).astype(np.int64) << 7
        out[starts[has] + k] = byte | more
    return out
