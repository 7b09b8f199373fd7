"""Command line: ogi parse | check | build | synth."""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

from .pipeline import outcome_json, process_file
from .vocabulary import label


def _parse(args: argparse.Namespace) -> int:
    results = []
    for name in args.files:
        path = Path(name)
        results.append(outcome_json(process_file(path, path.parent)))
    if args.json:
        payload = results[0] if len(results) == 1 else results
        text = json.dumps(payload, ensure_ascii=False, indent=2)
    else:
        text = "\n".join(_summary(result) for result in results)
    print("\n".join(shown(line) for line in text.split("\n")))
    return 0


def _summary(result: dict) -> str:
    if result["status"] != "published":
        return f"{result['file']}: {result['status']} — {result['reason']}"
    failed = [c for c in result["checks"] if c["passed"] is False]
    head = ", ".join(f"{k}={v}" for k, v in result["headline"].items())
    lines = [f"{result['file']}: {result['layout']} · {result['year']} · {result['organization']} "
             f"({result['admin_level']}; {' '.join(x for x in (result['province'], result['prefecture'], result['county'], result['township']) if x)})",
             f"  title: {result['title']}", f"  headline: {head}",
             f"  checks: {len(result['checks']) - len(failed)} passed, {len(failed)} failed"]
    lines += [f"    ✗ {c['check']} {label(c['scope'])}：{c['message']}" for c in failed]
    lines += [f"  note: {n}" for n in result["notes"]]
    return "\n".join(lines)


def _build(args: argparse.Namespace) -> int:
    from .build import build
    from .inputs import OutputInsideReports, check_output_folder
    from .outputs import lock

    reports, out = Path(args.reports), Path(args.out)
    if not reports.is_dir():
        print(f"ogi build: no reports folder at {shown(str(reports))}", file=sys.stderr)
        return 2
    try:
        check_output_folder(reports, out)
    except OutputInsideReports as error:
        print(f"ogi build: {shown(str(error))}", file=sys.stderr)
        return 2
    root_descriptor = Path("datapackage.json") if out.resolve() == Path("build").resolve() else None
    config = Path(args.config)
    if not args.no_site and not config.exists():
        print(f"ogi build: no {shown(str(config))}; run from the project folder, pass --config, or use --no-site",
              file=sys.stderr)
        return 2
    with lock(out, on_wait=lambda holder: print(
            f"ogi build: another build is writing to {shown(str(out))} ({shown(holder)}); waiting for it to finish",
            file=sys.stderr, flush=True)):
        previous = Path(args.previous) if args.previous else None
        result = build(reports, out, root_descriptor, progress=_progress, budget=_budget(args),
                       previous=previous, only=args.only, bundle=args.downloads == "site")
        too_large, site_lines = None, []
        if not args.no_site:
            from .site import SiteTooLarge, build_site

            started = time.perf_counter()
            try:
                site = build_site(out / "data", out / "site", config, reports, args.downloads, out / "cache" / "site",
                                  round(args.size_budget * 1e6))
                site_lines = [site.size.shown(round(args.size_budget * 1e6)),
                              f"site files: {site.made:,} made, {site.linked:,} linked from the store, "
                              f"{site.kept:,} unchanged in place"]
            except SiteTooLarge as error:
                too_large = error
                site_lines = [error.size.shown(error.budget)]
            result.seconds += time.perf_counter() - started
    print(_build_summary(result, out, site_lines))
    if too_large is not None:
        print(f"ogi build: {too_large}", file=sys.stderr)
        return 3
    return 1 if args.strict and (result.rejected or result.duplicates) else 0


def _budget(args: argparse.Namespace):
    from .workers import Budget

    return Budget(seconds=args.time_limit, megabytes=args.memory_limit, workers=args.workers or 0)


def _progress(outcomes, total: int):
    from tqdm import tqdm

    return tqdm(outcomes, total=total, desc="parsing", unit="file", disable=not sys.stderr.isatty())


def shown(text: str) -> str:
    """Text for the terminal: control characters (ANSI escapes, bells, bidirectional overrides, …) from
    file names or reports are written as escapes (\\x1b), so they cannot act on the terminal."""
    return "".join(ch if ch.isprintable() or ch == " " else ch.encode("unicode_escape").decode("ascii")
                   for ch in text)


def _build_summary(result, out: Path, site_lines: list[str]) -> str:
    lines = [f"inputs read: {len(result.inputs)} (parsed now: {result.parsed}, from cache: {result.cached})",
             f"published: {len(result.published)}",
             f"rejected: {len(result.rejected)}",
             *[f"  - {shown(i.path)}: {shown(i.reason)}" for i in result.rejected],
             f"duplicates: {len(result.duplicates)}",
             *[f"  - {shown(i.path)}: {shown(i.reason)}" for i in result.duplicates],
             f"reports with failed checks: {result.with_failed_checks}"]
    for rule, entries in result.skipped.items():
        examples = ", ".join(shown(e) for e in entries[:5]) + (", …" if len(entries) > 5 else "")
        lines.append(f"left out by rule: {len(entries)} — {rule}: {examples}")
    lines += [f"warning: {shown(w)}" for w in result.warnings]
    lines += [f"time: {result.seconds:.1f} s", f"data: {out / 'data'}", *site_lines]
    if (out / "site" / "index.html").exists():
        lines.append(f"site: {out / 'site'} (open {out / 'site' / 'index.html'}, or serve it: "
                     f"python -m http.server -d {out / 'site'})")
    return "\n".join(lines)


def _check(args: argparse.Namespace) -> int:
    """Parse and check (using the build's parse cache), without writing the package or the site."""
    from .build import parse_all
    from .cache import ParseCache
    from .inputs import OutputInsideReports, check_output_folder
    from .records import Rejection

    reports = Path(args.reports)
    try:
        check_output_folder(reports, Path(args.out))
    except OutputInsideReports as error:
        print(f"ogi check: {shown(str(error))}", file=sys.stderr)
        return 2
    run = parse_all(reports, ParseCache(Path(args.out) / "cache"), _progress, _budget(args))
    outcomes = run.outcomes
    if args.files:
        wanted = {Path(f).resolve() for f in args.files}
        outcomes = [o for o in outcomes if (reports / o[0]).resolve() in wanted]
    problems = 0
    for relative, _, _, outcome in outcomes:
        if isinstance(outcome, Rejection):
            problems += outcome.status == "rejected"
            print(f"{outcome.status.upper():9} {shown(relative)}: {shown(outcome.reason)}")
            continue
        outcome = run.report(outcome)
        failed = outcome.failed_checks
        print(f"{'OK' if not failed else 'FINDINGS':9} {shown(relative)}: {outcome.layout}, {outcome.year}, "
              f"{shown(outcome.organization) or '?'}" + (f" — {len(failed)} check(s) failed" if failed else ""))
        for check in failed:
            print(f"          ✗ {check.check} {shown(label(check.scope))}：{shown(check.message)}")
    for warning in run.warnings:
        print(f"warning: {shown(warning)}")
    print(f"{len(outcomes)} file(s) checked, {problems} rejected "
          f"(corpus: {run.parsed} parsed now, {run.cached} from cache)")
    return 1 if problems else 0


def _bundle(args: argparse.Namespace) -> int:
    from .bundle import write_bundle

    folder = Path(args.data)
    if not (folder / "datapackage.json").is_file():
        print(f"ogi bundle: no data package in {shown(str(folder))}", file=sys.stderr)
        return 2
    for name in write_bundle(folder):
        print(f"wrote {shown(str(folder / name))} ({(folder / name).stat().st_size:,} bytes)")
    return 0


def _only(text: str) -> dict[str, str]:
    from .build import SELECTORS

    selector, _, value = text.partition("=")
    if selector not in SELECTORS or not value:
        raise argparse.ArgumentTypeError(f"expected {' or '.join(f'{s}=CODE-OR-NAME' for s in SELECTORS)}: {text}")
    return {selector: value}


def _synth(args: argparse.Namespace) -> int:
    from .synth import write_corpus

    paths = write_corpus(Path(args.out), args.count, args.seed, Path(args.truth) if args.truth else None)
    print(f"wrote {len(paths)} synthetic reports to {args.out}")
    return 0


def _add_folders(command: argparse.ArgumentParser) -> None:
    """The corpus and build folders and the parse budget, shared by `build` and `check` (the build
    folder holds the parse cache)."""
    command.add_argument("--reports", default="reports", help="folder of raw reports (default: reports)")
    command.add_argument("--out", default="build", help="output folder, with the parse cache (default: build); "
                         "not inside --reports")
    command.add_argument("--time-limit", type=_positive(float), default=60.0, metavar="SECONDS",
                         help="parse time one file may take before it is rejected (default: 60)")
    command.add_argument("--memory-limit", type=_positive(int), default=1024, metavar="MB",
                         help="memory (address space) one file's parse may take before it is rejected (default: 1024)")
    command.add_argument("--workers", type=_positive(int), default=None, metavar="N",
                         help="files parsed at once, each in its own process (default: one per core)")


def _positive(kind):
    def parse(text: str):
        value = kind(text)
        if not value > 0:
            raise argparse.ArgumentTypeError(f"must be positive: {text}")
        return value
    return parse


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="ogi", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    parse = commands.add_parser("parse", help="parse report files and print what was found")
    parse.add_argument("files", nargs="+")
    parse.add_argument("--json", action="store_true", help="print the parsed records as JSON")
    parse.set_defaults(run=_parse)
    build = commands.add_parser("build", help="build the data package and the site from a folder of reports")
    _add_folders(build)
    build.add_argument("--strict", action="store_true", help="exit non-zero when any input is rejected")
    build.add_argument("--no-site", action="store_true", help="build the data package only")
    build.add_argument("--config", default="mkdocs.yml", help="MkDocs configuration (default: mkdocs.yml)")
    build.add_argument("--previous", help="folder of the previous data version's package (its version, changelog "
                                          "and ids): the data version, CHANGELOG and redirects are made against it")
    build.add_argument("--downloads", choices=("site", "github"), default="site",
                       help="where the data files and original reports are served: copied into the site (site, the "
                            "default: a local build works offline), or linked on the data version's GitHub Release and "
                            "in the repository (github: the site CI deploys to GitHub Pages; the workbook and zip are "
                            "then made by `ogi bundle` for the release)")
    build.add_argument("--size-budget", type=_positive(float), default=1000.0, metavar="MB",
                       help="fail (exit code 3) when the site's files are larger (default: 1000, GitHub Pages' limit "
                            "on a published site)")
    build.add_argument("--only", type=_only, metavar="province=CODE-OR-NAME",
                       help="publish only one province's reports (a site per province, see docs/scaling.md)")
    build.set_defaults(run=_build)
    bundle = commands.add_parser("bundle", help="write the Excel workbook and the zip of a data package (for its release)")
    bundle.add_argument("data", nargs="?", default="build/data", help="the data package's folder (default: build/data)")
    bundle.set_defaults(run=_bundle)
    check = commands.add_parser("check", help="parse and check the reports without building (fast, before a push)")
    check.add_argument("files", nargs="*", help="only report on these files (e.g. the ones you just added)")
    _add_folders(check)
    check.set_defaults(run=_check)
    synth = commands.add_parser("synth", help="write synthetic reports with their truth, for tests and benchmarks")
    synth.add_argument("--count", type=int, default=100)
    synth.add_argument("--out", required=True)
    synth.add_argument("--truth", help="folder for the truth files (default: OUT/../truth)")
    synth.add_argument("--seed", type=int, default=1)
    synth.set_defaults(run=_synth)
    args = parser.parse_args(argv)
    try:
        return args.run(args)
    except KeyboardInterrupt:
        print(f"ogi {args.command}: interrupted; files parsed so far are kept in the parse cache",
              file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
