"""Parse workers: every file is parsed in a separate process, under a time and a memory budget.

A worker takes one file at a time. Its address space is capped (RLIMIT_AS: the budget on top of what the
warmed-up parser has mapped), so a file that needs more
memory fails inside the worker (a MemoryError, or the parsing library giving up) instead of taking
the machine with it; a worker still busy with a file when the file's time is up is killed. Either
way that file is rejected with the budget it exceeded and where its parse had got to (progress.py),
a fresh worker takes the slot and the other files go on: with two workers, a bad file costs one
worker slot for the length of its budget. Workers and the build exchange JSON (codec.py), never
pickles, and workers ignore Ctrl-C (the build stops them).

Workers are forked from a server process that has imported the parser and loaded its dictionaries
once (multiprocessing's "forkserver", warmup.py), so starting or replacing one is cheap, workers share
those pages, and no worker inherits the build's own threads. As with any multiprocessing code, a script
that builds must guard its entry point with `if __name__ == "__main__":`.
"""

from __future__ import annotations

import json
import multiprocessing
import os
import resource
import signal
import time
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass
from multiprocessing.connection import wait
from pathlib import Path
from typing import Any

from . import progress
from .cache import ParseCache, outcome_data, summary_data
from .ingest import MAX_INPUT_BYTES
from .records import Rejection, Report, SourceFile

_MAX_REPLY_BYTES = 8 * MAX_INPUT_BYTES  # an outcome is at most about its input's size; a larger reply is refused
_WHERE_BYTES = 512


@dataclass(frozen=True)
class Budget:
    """What parsing one file may cost; `workers` is how many files are parsed at once (0: one per core)."""

    seconds: float = 60.0
    megabytes: int = 1024
    workers: int = 0

    def shown(self) -> str:
        return f"每个文件 {self.seconds:g} 秒 / {self.megabytes} MB"


@dataclass(frozen=True)
class Job:
    """A file to parse: its path relative to the reports folder, as listed and hashed by the build."""

    relative: str
    sha256: str
    size: int


def parse_in_workers(jobs: list[Job], reports_dir: Path, budget: Budget,
                     cache: ParseCache | None = None) -> Iterator[tuple[Job, dict[str, Any] | None, dict[str, Any], bool]]:
    """(job, outcome as cache.outcome_data, its cache.summary_data, whether it is the parser's own outcome)
    for every job, in the order the files finish. The summary is made in the worker, so the build never
    decodes a whole outcome to take its summary. With a `cache`, the worker stores the parser's own outcome
    of a file that is still the one listed (same sha256) and the outcome comes back as None; one it could
    not store comes back whole. An outcome that is not the parser's — a file over its budget — depends on
    the budget and the machine's load, so it is not for the cache."""
    if not jobs:
        return
    pending = deque(jobs)
    slots = min(len(jobs), budget.workers or os.cpu_count() or 1)
    workers: list[_Worker] = []
    store = {"folder": str(cache.folder), "code": cache.version} if cache is not None else None
    try:
        workers = [_Worker(budget, reports_dir, store) for _ in range(slots)]
        for worker in workers:
            worker.give(pending.popleft())
        while any(w.job for w in workers):
            busy = [w for w in workers if w.job]
            timeout = max(0.0, min(w.deadline for w in busy) - time.monotonic())
            ready = set(wait([w.connection for w in busy] + [w.process.sentinel for w in busy], timeout))
            for index, worker in enumerate(workers):
                if worker.job is None:
                    continue
                finished = worker.collect(ready)
                if finished is None:
                    continue
                job, data, summary, parsed = finished
                if not parsed:
                    worker.stop()
                    worker = workers[index] = _Worker(budget, reports_dir, store)
                if pending:
                    worker.give(pending.popleft())
                yield job, data, summary, parsed
    finally:
        for worker in workers:
            worker.stop()


_context = None


def _forkserver():
    global _context
    if _context is None:
        _context = multiprocessing.get_context("forkserver")
        _context.set_forkserver_preload(["ogi.workers", "ogi.warmup"])
    return _context


class _Worker:
    def __init__(self, budget: Budget, reports_dir: Path, store: dict | None):
        context = _forkserver()
        self.budget, self.reports_dir, self.store = budget, reports_dir, store
        self.where = context.RawArray("c", _WHERE_BYTES)
        self.connection, child = context.Pipe()
        self.process = context.Process(target=_serve, args=(child, budget.megabytes, self.where), daemon=True,
                                       name="ogi-parse")
        self.process.start()
        child.close()
        self.job: Job | None = None
        self.deadline = 0.0

    def give(self, job: Job) -> None:
        self.where.value = b""
        self.job, self.deadline = job, time.monotonic() + self.budget.seconds
        try:
            self.connection.send_bytes(json.dumps({"path": str(self.reports_dir / job.relative),
                                                   "reports": str(self.reports_dir), "sha256": job.sha256,
                                                   "cache": self.store}).encode("utf-8"))
        except OSError:
            pass  # the worker is gone: collect() finds it dead and says so

    def collect(self, ready: set) -> tuple[Job, dict[str, Any] | None, dict[str, Any], bool] | None:
        """(job, outcome data — None when the worker cached it —, summary data, whether the parser made it)
        once its file is done, else None. A worker
        whose file was not parsed (over budget, crashed) is not given another one."""
        job = self.job
        if self.connection in ready:
            try:
                reply = json.loads(self.connection.recv_bytes(_MAX_REPLY_BYTES).decode("utf-8", "surrogatepass"))
            except (EOFError, OSError, ValueError):  # gone, or a reply too long or not JSON
                reply = None
            if isinstance(reply, dict) and "outcome" in reply and "summary" in reply:
                self.job = None
                return job, reply["outcome"], reply["summary"], True
            reason = self._memory_reason() if reply == {"memory": True} else self._crash_reason()
        elif self.process.sentinel in ready:
            reason = self._crash_reason()
        elif time.monotonic() >= self.deadline:
            reason = (f"超出解析预算：{self.budget.seconds:g} 秒内未能解析完{self._where()}"
                      f"({self.budget.shown()})")
        else:
            return None
        self.job = None
        rejection = outcome_data(Rejection(SourceFile(job.relative, job.sha256, job.size), reason))
        return job, rejection, rejection, False

    def _where(self) -> str:
        where = self.where.value.decode("utf-8", "ignore")
        return f"（停在：{where}）" if where else ""

    def _memory_reason(self) -> str:
        return f"超出解析预算：内存超过 {self.budget.megabytes} MB{self._where()}（{self.budget.shown()}）"

    def _crash_reason(self) -> str:
        self.process.join(1)
        code = self.process.exitcode
        how = f"被信号 {-code} 终止" if code is not None and code < 0 else f"退出码 {code}"
        return (f"解析进程意外终止（{how}）{self._where()}：可能超出了 {self.budget.megabytes} MB 的内存预算，"
                "或解析库崩溃")

    def stop(self) -> None:
        if self.process.is_alive():
            self.process.kill()
        self.process.join()
        self.connection.close()


def _address_space() -> int:
    """Bytes of address space this process has mapped (Linux; elsewhere 0, and RLIMIT_AS may not hold)."""
    try:
        with open("/proc/self/statm", encoding="ascii") as statm:
            return int(statm.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return 0


def _serve(connection, megabytes: int, where) -> None:
    """A worker's life: take a file, parse it, send the outcome back as JSON, until the build hangs up."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    limit = _address_space() + megabytes * 1024 * 1024  # the budget is on top of the warmed-up parser
    _, hard = resource.getrlimit(resource.RLIMIT_AS)
    resource.setrlimit(resource.RLIMIT_AS, (limit if hard == resource.RLIM_INFINITY else min(limit, hard), hard))

    def note(text: str) -> None:
        where.value = text.encode("utf-8")[:_WHERE_BYTES - 1]

    progress.listen(note)
    from .identity import summarize
    from .pipeline import process_file

    try:
        while True:
            try:
                job = json.loads(connection.recv_bytes())
            except EOFError:
                return
            outcome = process_file(Path(job["path"]), Path(job["reports"]))
            summary = summary_data(summarize(outcome) if isinstance(outcome, Report) else outcome)
            data = outcome_data(outcome)
            stored = job["cache"] is not None and outcome.source is not None and \
                outcome.source.sha256 == job["sha256"] and \
                ParseCache.at(Path(job["cache"]["folder"]), job["cache"]["code"]).put(job["sha256"], data, summary)
            reply = {"outcome": None if stored else data, "summary": summary}
            connection.send_bytes(json.dumps(reply, ensure_ascii=False).encode("utf-8", "surrogatepass"))
    except MemoryError:
        try:  # then exit: a worker that ran out of memory is not given another file
            connection.send_bytes(b'{"memory": true}')
        except MemoryError:
            pass  # the build sees the worker gone and says the budget may be why
