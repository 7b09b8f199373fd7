"""Command line: ogi parse | check | build | synth."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from .pipeline import outcome_json, process_file


def _parse(args: argparse.Namespace) -> int:
    results = []
    for name in args.files:
        path = Path(name)
        results.append(outcome_json(process_file(path, path.parent)))
    if args.json:
        payload = results[0] if len(results) == 1 else results
        print(json.dumps(payload, ensure_ascii=False, indent=2))
    else:
        for result in results:
            print(_summary(result))
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
    lines += [f"    ✗ {c['check']} {c['scope']}: {c['message']}" for c in failed]
    lines += [f"  note: {n}" for n in result["notes"]]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="ogi", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    parse = commands.add_parser("parse", help="parse report files and print what was found")
    parse.add_argument("files", nargs="+")
    parse.add_argument("--json", action="store_true", help="print the parsed records as JSON")
    parse.set_defaults(run=_parse)
    args = parser.parse_args(argv)
    return args.run(args)


if __name__ == "__main__":
    sys.exit(main())
