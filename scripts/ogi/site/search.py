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
- `meta.bin`: JSON — the folding table, the shard count, one column per doc field for ranking and filters
  (year, province, level, layout, kind, folded body-name length) and the filters' labels.
- `t/<n>.bin`: shard n of the term index; a term (c1, c2) — c2 = 0 for one character — lives in shard
  (c1 × 65599 + c2) mod shards. Binary: varint term count T, then per term (c1, c2, postings, bytes of its
  doc deltas), then all the doc deltas (varints), then one field-mask byte per posting.
- `d/<ordinal>.bin`: one document's fragment (JSON): link, title, body, place, year and its text in the
  report's own script, for the result list and the excerpt.

Only the shards of the query's terms and the fragments of the results shown are fetched, so the first
search downloads a few shards whatever the corpus size. To shard by year (#16), build one `idx/` per
year and let the browser query each and merge the ranked lists: doc ordinals are per index.
"""

from __future__ import annotations

import gzip
import itertools
import json
import re
import shutil
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import numpy as np
import pyarrow.parquet as pq

from .. import vocabulary as V

INDEX_DIR = ("search", "idx")
# The package's columns the index reads, by name, in one place (the data package may rename them).
REPORT_COLUMNS = ("report_id", "title", "organization", "province", "prefecture", "county", "township",
                  "admin_level", "year", "layout")
SECTION_COLUMNS = ("report_id", "section", "heading", "text")
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


# --- Reading the package ------------------------------------------------------------------------------

def report_documents(data_dir: Path) -> Iterator[Document]:
    """Every report of the package as a Document, in report_id order, streaming the sections table."""
    reports = pq.read_table(data_dir / "reports.parquet", columns=list(REPORT_COLUMNS)).to_pylist()
    sections = _sections_by_report(data_dir / "sections.parquet")
    current: tuple[str, list] = ("", [])
    for report in sorted(reports, key=lambda r: r["report_id"]):
        rid = report["report_id"]
        while current[0] < rid:
            current = next(sections, ("\uffff", []))
        text = current[1] if current[0] == rid else []
        yield Document(
            url=f"reports/{rid}/", title=report["title"] or report["organization"], text=text,
            name=report["organization"] or "", place=" ".join(report[c] for c in PLACE_COLUMNS if report[c]),
            year=report["year"] or 0, province=report["province"] or "", level=report["admin_level"] or "",
            layout=report["layout"] or "")


def _sections_by_report(path: Path) -> Iterator[tuple[str, list[tuple[str, str]]]]:
    """(report_id, [(heading, text)…]) in report_id order; the package keeps the table sorted so."""
    rid, rows = None, []
    for batch in pq.ParquetFile(path).iter_batches(batch_size=5_000, columns=list(SECTION_COLUMNS)):
        for row in batch.to_pylist():
            if row["report_id"] != rid:
                if rid is not None:
                    yield rid, [pair for _, pair in sorted(rows)]
                rid, rows = row["report_id"], []
            rows.append((row["section"], (row["heading"] or "", row["text"] or "")))
    if rid is not None:
        yield rid, [pair for _, pair in sorted(rows)]


def site_pages(docs_dir: Path) -> Iterator[Document]:
    """The site's hand-written pages (home, about…) as Documents: their Markdown source as text, without
    markup; what hooks generate into them (lists, figures) is not searched, nor is the search page."""
    for path in sorted(docs_dir.rglob("*.md")):
        relative = path.relative_to(docs_dir)
        if relative.parts[0] in ("search.md", "reports"):
            continue
        source = path.read_text(encoding="utf-8")
        title = next((line[2:].strip() for line in source.splitlines() if line.startswith("# ")), relative.stem)
        text = _MARKUP.sub(" ", source)
        folder = relative.with_suffix("") if relative.stem != "index" else relative.parent
        url = "" if str(folder) == "." else folder.as_posix() + "/"
        yield Document(url=url, title=title, text=[("", re.sub(r"[ \t]+", " ", text).strip())], kind="page")


# Comments, tags, link targets, emphasis, table and heading marks: the words of a page stay.
_MARKUP = re.compile(r"<!--.*?-->|<[^>]+>|\]\([^)]*\)|^#+ |^[-| ]+$|[*`|>\[]", re.S | re.M)


# --- Writing the index -----------------------------------------------------------------------------

# A shard's size before compression, estimated from its postings; gzip makes it ~4 KB at 10,000 reports.
# A query downloads one shard a character pair: small shards, small downloads, more files.
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


def write_index(data_dir: Path, site: Path, docs_dir: Path) -> int:
    """Index the package's reports and the site's own pages into `site`/search/idx/; → documents."""
    return write_documents(itertools.chain(report_documents(data_dir), site_pages(docs_dir)), site)


def write_documents(docs: Iterable[Document], site: Path) -> int:
    out = site.joinpath(*INDEX_DIR)
    shutil.rmtree(out, ignore_errors=True)
    (out / "d").mkdir(parents=True)
    (out / "t").mkdir()
    columns = _Columns()
    keys, docs_of, masks = [], [], []
    for ordinal, doc in enumerate(docs):
        found, mask = document_terms(doc)
        keys.append(found)
        masks.append(mask)
        docs_of.append(np.full(len(found), ordinal, dtype=np.int32))
        columns.add(doc, len(folded_points(doc.name)))
        _write(out / "d" / f"{ordinal}.bin", json.dumps(doc.fragment(), ensure_ascii=False).encode())
    shards = _write_shards(out / "t", _joined(keys, np.int64), _joined(docs_of, np.int32), _joined(masks, np.uint8))
    meta = {"version": 1, "documents": len(columns.values["year"]), "shards": shards, "multiplier": _MULTIPLIER,
            "fold": _fold_spec(), "columns": columns.values,
            # A filter's value in the URL is its code (a province's name); its label is what a reader sees.
            "codes": {"province": columns.provinces, "level": V.codes(V.ADMIN_LEVELS), "layout": V.codes(V.LAYOUTS)},
            "labels": {"province": columns.provinces, "level": [t.zh for t in V.ADMIN_LEVELS],
                       "layout": [t.zh for t in V.LAYOUTS]}}
    _write(out / "meta.bin", json.dumps(meta, ensure_ascii=False, separators=(",", ":")).encode())
    return len(columns.values["year"])


def _joined(arrays: list[np.ndarray], dtype) -> np.ndarray:
    joined = np.concatenate(arrays) if arrays else np.zeros(0, dtype=dtype)
    arrays.clear()  # the parts are not needed twice: memory is the limit of one index
    return joined


def _fold_spec() -> dict:
    """The folding table and character classes as the browser reads them: one-to-one mappings as two
    aligned strings (compact), the few longer ones as an object."""
    table = fold_table()
    single = {k: v for k, v in table.items() if len(v) == 1}
    return {"from": "".join(single), "to": "".join(single.values()),
            "other": {k: v for k, v in table.items() if len(v) != 1},
            "word": WORD_CLASS, "space": WHITESPACE, "boundary": BOUNDARY}


def _write(path: Path, payload: bytes) -> None:
    path.write_bytes(gzip.compress(payload, compresslevel=6, mtime=0))  # mtime 0: deterministic output


_KEY_BITS = 39  # c1 < 2**18, c2 < 2**21


def _write_shards(folder: Path, keys: np.ndarray, docs: np.ndarray, masks: np.ndarray) -> int:
    """The term index in shards of about _SHARD_BYTES (postings: doc deltas and masks); → shard count.
    Postings arrive in doc order; one stable sort by (shard, term) keeps them so within each term."""
    shards = max(1, round(2.3 * len(keys) / _SHARD_BYTES))  # ≈ a delta, a mask and a share of a header
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
        payload = b"".join([_varints(header, _varint_lengths(header)).tobytes(),
                            encoded[byte_starts[posting_first]:byte_starts[posting_last]].tobytes(),
                            masks[posting_first:posting_last].tobytes()])
        _write(folder / f"{n}.bin", payload)
    return shards


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
