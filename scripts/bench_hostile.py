"""Hostile inputs through whole builds: for each case, what the build did, its time and peak memory.

    .venv/bin/python scripts/bench_hostile.py                    # every case, this checkout's code
    .venv/bin/python scripts/bench_hostile.py --code OLD/scripts # the same cases on another checkout's code
    .venv/bin/python scripts/bench_hostile.py span_bomb pickle   # some cases

Each case is a reports folder (the bundled reports plus the hostile entry) built by `ogi build --no-site`
in a child process under a hard cap (--timeout seconds, --memory GB of address space), so a case that
runs away is stopped and reported as such. Run as root, the permission case drops the capabilities that
let root read any file, so that file modes count.
Prints one line per case: exit code, the ledger row of the hostile entry, leaks, seconds and peak RSS
(summed over the build's processes, sampled).
"""

from __future__ import annotations

import argparse
import csv
import os
import pickle
import resource
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

import hostile_files as H  # noqa: E402  (the test helpers build the hostile files)

SECRET = "绝密外部文件内容"


class Planted:
    """A pickle payload: loading it creates the file `marker`."""

    def __init__(self, marker: str):
        self.marker = marker

    def __reduce__(self):
        return (os.system, (f"touch {self.marker}",))


def _outside_report(work: Path) -> Path:
    outside = work / "outside"
    outside.mkdir(exist_ok=True)
    path = outside / "secret.txt"
    path.write_text(H.SEED_002.replace("2022年", "2021年").replace("一、总体情况", f"一、总体情况\n{SECRET}"),
                    encoding="utf-8")
    return path


def _write(name: str, data: bytes):
    return lambda reports, work: (reports / name).write_bytes(data)


def _symlinks(reports: Path, work: Path) -> None:
    (reports / "leak.txt").symlink_to(_outside_report(work))
    (reports / "passwd.txt").symlink_to("/etc/passwd")
    (reports / "environ.txt").symlink_to("/proc/self/environ")
    (reports / "dangling.txt").symlink_to(work / "nowhere")
    (reports / "linked-folder").symlink_to(work / "outside", target_is_directory=True)


def _odd_entries(reports: Path, work: Path) -> None:
    os.mkfifo(reports / "pipe.txt")
    (reports / ".hidden.txt").write_text(H.SEED_002, encoding="utf-8")
    (reports / ".git").mkdir()
    (reports / ".git" / "config").write_text("[core]\n", encoding="utf-8")
    (reports / "sub").mkdir()
    (reports / "sub" / "sources.csv").write_text("file,url\nx.txt,https://example.org\n", encoding="utf-8")


def _unreadable(reports: Path, work: Path) -> None:
    (reports / "locked.txt").write_text(H.SEED_002.replace("2022年", "2020年"), encoding="utf-8")
    (reports / "locked.txt").chmod(0)
    (reports / "closed").mkdir()
    (reports / "closed" / "inside.txt").write_text(H.SEED_002.replace("2022年", "2019年"), encoding="utf-8")
    (reports / "closed").chmod(0)


def _sources(content: bytes | None):
    def setup(reports: Path, work: Path) -> None:
        (reports / "sources.csv").unlink()
        if content is None:
            (reports / "sources.csv").mkdir()
        else:
            (reports / "sources.csv").write_bytes(content)
    return setup


def _sparse(reports: Path, work: Path) -> None:
    with open(reports / "huge.txt", "wb") as handle:
        handle.truncate(2 * 1024 ** 3)


CASES = {
    "symlinks": (_symlinks, None),
    "odd_entries": (_odd_entries, None),
    "unreadable": (_unreadable, True),
    "non_utf8_name": (lambda r, w: (r / os.fsdecode(b"bad\xff\xfe.txt")).write_text(H.SEED_002, encoding="utf-8"), None),
    "ansi_name": (_write("\x1b[31mred\x1b]0;pwned\x07.txt", b"\x89PNG junk"), None),
    "sources_gbk": (_sources("file,url,retrieved,notes\nhongze_2024.pdf,https://example.org/a,2026-01-01,中文注释\n"
                             .encode("gb18030")), None),
    "sources_128k_field": (_sources(("file,url,retrieved,notes\nhongze_2024.pdf,https://example.org/a,2026-01-01,"
                                     + "长" * 131_073 + "\n").encode("utf-8")), None),
    "sources_folder": (_sources(None), None),
    "span_bomb": (_write("span.html", H.span_bomb_html()), None),
    "deep_div": (_write("deep.html", H.deep_html(260).replace(b"2022", b"2017")), None),
    "deep_font": (_write("font.html", H.deep_html(300, "font", closed=False).replace(b"2022", b"2016")), None),
    "huge_attribute": (_write("attr.html", H.huge_attribute_html(10).replace(b"2022", b"2015")), None),
    "inflating_pdf": (_write("inflate.pdf", H.inflating_pdf(200)), None),
    "ruled_grid_pdf": (_write("grid.pdf", H.ruled_grid_pdf(150)), None),
    "xml_bomb_docx": (_write("bomb.docx", H.xml_bomb_docx(190)), None),
    "two_gb_file": (_sparse, None),
    "encrypted_pdf": (_write("user.pdf", H.user_password_pdf()), None),
    "owner_only_pdf": (_write("owner.pdf", H.owner_password_pdf()), None),
}
HOSTILE_NAMES = ("leak.txt", "passwd.txt", "environ.txt", "dangling.txt", "linked-folder", "pipe.txt", ".hidden.txt",
                 ".git", "sub", "locked.txt", "closed", "bad", "red", "span.html", "deep.html", "font.html", "attr.html",
                 "inflate.pdf", "grid.pdf", "bomb.docx", "huge.txt", "user.pdf", "owner.pdf")


def drop_root_file_access() -> None:
    """Drop CAP_DAC_OVERRIDE and CAP_DAC_READ_SEARCH from the bounding set: after exec even root obeys file modes."""
    import ctypes

    libc = ctypes.CDLL(None, use_errno=True)
    for capability in (1, 2):
        if libc.prctl(24, capability, 0, 0, 0) != 0:  # PR_CAPBSET_DROP
            raise OSError(ctypes.get_errno(), "prctl(PR_CAPBSET_DROP)")


def _limit(gigabytes: float, obey_file_modes: bool = False):
    def apply() -> None:
        cap = int(gigabytes * 1024 ** 3)
        resource.setrlimit(resource.RLIMIT_AS, (cap, cap))
        os.setpgrp()
        if obey_file_modes and os.geteuid() == 0:
            drop_root_file_access()
    return apply


def run_build(code: Path, reports: Path, out: Path, timeout: float, memory: float, obey_file_modes: bool = False,
              extra: list[str] = ()) -> tuple[int | str, str, str, float, float]:
    """(exit code or 'killed at N s', stdout, stderr, seconds, peak RSS in MB) of one build in a child; the
    RSS is the sum over the build's process group (its workers included), sampled every 0.2 s."""
    env = {**os.environ, "PYTHONPATH": str(code)}
    command = [sys.executable, "-m", "ogi", "build", "--no-site", "--reports", str(reports), "--out", str(out), *extra]
    started = time.perf_counter()
    with tempfile.TemporaryFile() as stdout, tempfile.TemporaryFile() as stderr:
        child = subprocess.Popen(command, stdout=stdout, stderr=stderr, env=env, preexec_fn=_limit(memory, obey_file_modes),
                                 cwd=reports.parent)
        deadline = started + timeout
        status, peak = 0, 0
        while time.perf_counter() < deadline:
            pid, status, _ = os.wait4(child.pid, os.WNOHANG)
            if pid:
                break
            peak = max(peak, _group_rss(child.pid))
            time.sleep(0.2)
        else:
            os.killpg(child.pid, signal.SIGKILL)
            os.wait4(child.pid, 0)
            status = None
        seconds = time.perf_counter() - started
        child.returncode = 0  # reaped above
        stdout.seek(0)
        stderr.seek(0)
        code_or_kill = f"killed at {timeout:.0f} s" if status is None else os.waitstatus_to_exitcode(status)
        return (code_or_kill, stdout.read().decode("utf-8", "backslashreplace"),
                stderr.read().decode("utf-8", "backslashreplace"), seconds, peak / 1024 / 1024)


def _group_rss(group: int) -> int:
    """Bytes resident in all processes of a process group (the build, its fork server and workers)."""
    total = 0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[2]) == group:  # fields after the name: state, ppid, pgrp, …, rss is the 22nd
            total += int(fields[21]) * os.sysconf("SC_PAGE_SIZE")
    return total


def _ledger(out: Path) -> list[dict]:
    path = out / "data" / "inputs.csv"
    if not path.exists():
        return []
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _hostile_rows(rows: list[dict]) -> str:
    picked = [r for r in rows if any(n in r["path"] for n in HOSTILE_NAMES) or "sources" in r["path"]]
    return "; ".join(f"{r['path']!r}: {r['status']} {r['reason'][:90]!r}" for r in picked) or "no row"


def _leaks(out: Path) -> str:
    data = out / "data"
    if not data.exists():
        return ""
    text = "".join(p.read_text(encoding="utf-8", errors="replace") for p in data.glob("*.csv"))
    found = [what for what, needle in (("outside file's text", SECRET), ("/etc/passwd", "root:x:0"),
                                       ("environ", "PATH=")) if needle in text]
    return ("LEAKS " + ", ".join(found)) if found else ""


def _fresh(work: Path) -> tuple[Path, Path]:
    if work.exists():
        subprocess.run(["chmod", "-R", "u+rwx", str(work)], check=False)
        shutil.rmtree(work, ignore_errors=True)
    reports = work / "reports"
    shutil.copytree(ROOT / "reports", reports)
    return reports, work / "build"


def _report(name: str, result, rows: str, leaks: str = "", note: str = "") -> None:
    code, stdout, stderr, seconds, rss = result
    tail = (stderr.strip().splitlines() or [""])[-1][:120]
    print(f"{name:20} exit {code!s:14} {seconds:6.1f} s {rss:7.0f} MB  {rows} {leaks} {note}"
          + (f" | stderr: {tail!r}" if tail and code != 0 else ""), flush=True)


def case_entry(name: str, code: Path, base: Path, args) -> None:
    setup, obey_file_modes = CASES[name]
    reports, out = _fresh(base / name)
    setup(reports, base / name)
    result = run_build(code, reports, out, args.timeout, args.memory, bool(obey_file_modes))
    warnings = [line for line in result[1].splitlines() if line.startswith("warning:")]
    note = ("ANSI escape reached the terminal " if "\x1b" in result[1] + result[2] else "") + " ".join(warnings)
    _report(name, result, _hostile_rows(_ledger(out)), _leaks(out), note)


def case_pickle(code: Path, base: Path, args) -> None:
    reports, out = _fresh(base / "pickle")
    run_build(code, reports, out, args.timeout, args.memory)
    marker = base / "pickle" / "PLANTED-CODE-RAN"
    entries = [p for p in (out / "cache").rglob("*") if p.is_file()]
    for entry in entries:
        entry.write_bytes(pickle.dumps(Planted(str(marker))))
    result = run_build(code, reports, out, args.timeout, args.memory)
    ran = "PLANTED CODE RAN" if marker.exists() else "planted entries not executed"
    _report("pickle", result, f"{len(entries)} cache entries replaced by a pickle:", ran,
            f"published {sum(r['status'] == 'published' for r in _ledger(out))}")


def case_out_inside(code: Path, base: Path, args) -> None:
    reports, _ = _fresh(base / "out_inside")
    counts = []
    for _ in range(3):
        result = run_build(code, reports, reports / "build", args.timeout, args.memory)
        counts.append(str(len(_ledger(reports / "build"))) if result[0] == 0 else f"exit {result[0]}")
    _report("out_inside_reports", result, "ledger rows over three builds: " + " → ".join(counts))


def case_concurrent(code: Path, base: Path, args) -> None:
    reports, out = _fresh(base / "concurrent")
    env = {**os.environ, "PYTHONPATH": str(code)}
    command = [sys.executable, "-m", "ogi", "build", "--reports", str(reports), "--out", str(out)]
    children = [subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env, cwd=ROOT)
                for _ in range(2)]
    codes = [c.wait(timeout=args.timeout) for c in children]
    import zipfile

    package = out / "data" / "ogi-data.zip"
    members = len(zipfile.ZipFile(package).namelist()) if package.exists() else "no zip"
    files = len(list((out / "data").iterdir())) if (out / "data").exists() else "no build/data"
    print(f"{'concurrent_builds':20} exit {codes}  zip members {members}, files in build/data {files}", flush=True)


def case_interrupt(code: Path, base: Path, args) -> None:
    """SIGINT to the build's process group once it has parsed some files (the way Ctrl-C is sent)."""
    work = base / "interrupt"
    shutil.rmtree(work, ignore_errors=True)
    reports = work / "reports"
    subprocess.run([sys.executable, "-m", "ogi", "synth", "--count", "400", "--out", str(reports)], check=True,
                   env={**os.environ, "PYTHONPATH": str(code)}, stdout=subprocess.DEVNULL)
    out = work / "build"
    command = [sys.executable, "-m", "ogi", "build", "--no-site", "--reports", str(reports), "--out", str(out)]
    child = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env={**os.environ, "PYTHONPATH": str(code)},
                             start_new_session=True)
    time.sleep(args.interrupt_after)
    os.killpg(child.pid, signal.SIGINT)
    stdout, stderr = child.communicate(timeout=args.timeout)
    cached = len([p for p in (out / "cache").rglob("*") if p.is_file()]) if (out / "cache").exists() else 0
    lines = stderr.decode("utf-8", "replace").strip().splitlines()
    print(f"{'ctrl_c':20} exit {child.returncode}  stderr lines {len(lines)} (last: {lines[-1][:80] if lines else ''!r}), "
          f"cache entries kept {cached} of 400", flush=True)


SPECIAL = {"pickle": case_pickle, "out_inside_reports": case_out_inside, "concurrent_builds": case_concurrent,
           "ctrl_c": case_interrupt}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("cases", nargs="*", help=f"cases to run (default: all): {', '.join([*CASES, *SPECIAL])}")
    parser.add_argument("--code", default=str(ROOT / "scripts"), help="the scripts/ folder whose ogi to run")
    parser.add_argument("--timeout", type=float, default=300, help="seconds before a build is killed")
    parser.add_argument("--memory", type=float, default=4, help="GB of address space a build may take")
    parser.add_argument("--interrupt-after", type=float, default=8, help="seconds before the Ctrl-C case interrupts")
    parser.add_argument("--work", help="keep the case folders here (default: a temporary folder)")
    args = parser.parse_args()
    base = Path(args.work) if args.work else Path(tempfile.mkdtemp(prefix="ogi-hostile-"))
    base.mkdir(parents=True, exist_ok=True)
    code = Path(args.code).resolve()
    for name in args.cases or [*CASES, *SPECIAL]:
        if name in SPECIAL:
            SPECIAL[name](code, base, args)
        else:
            case_entry(name, code, base, args)
    if not args.work:
        subprocess.run(["chmod", "-R", "u+rwx", str(base)], check=False)
        shutil.rmtree(base, ignore_errors=True)


if __name__ == "__main__":
    main()
