"""Command line: `python -m regiomonitor check | dump | schema`.

Plan and data directories default to `plan/` and `data/`, or to $REGIOMONITOR_PLAN and
$REGIOMONITOR_DATA, so a region can keep its plan in a repository of its own.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from regiomonitor.dump import dump_plan
from regiomonitor.jsonschema import SCHEMA_FILE, render_schema
from regiomonitor.locations import plan_dir
from regiomonitor.plan import load_plan


def _add_dirs(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--plan", type=Path, default=None, metavar="DIR",
                        help="plan directory (default: $REGIOMONITOR_PLAN or plan/)")
    parser.add_argument("--data", type=Path, default=None, metavar="DIR",
                        help="measurements directory (default: $REGIOMONITOR_DATA or data/); "
                             "accepted by every command, read by those that use measurements")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m regiomonitor", description="Regiomonitor: the regional plan as code.")
    commands = parser.add_subparsers(dest="command", required=True)
    check = commands.add_parser("check", help="validate the plan files and report every problem")
    _add_dirs(check)
    check.add_argument("--strict", action="store_true", help="fail on warnings too")
    dump = commands.add_parser("dump", help="print the normalized plan as JSON")
    _add_dirs(dump)
    schema = commands.add_parser("schema", help="write the JSON Schema for editors to <plan>/schema.json")
    _add_dirs(schema)
    return parser


def cmd_check(args: argparse.Namespace) -> int:
    loaded = load_plan(plan_dir(args.plan))
    for problem in loaded.problems:
        print(problem)
    errors, warnings = len(loaded.errors), len(loaded.warnings)
    failed = errors > 0 or (args.strict and warnings > 0)
    verdict = "FAILED" if failed else "OK"
    print(f"{verdict}: {len(loaded.themes)} of {len(loaded.theme_ids)} themes valid, "
          f"{errors} error(s), {warnings} warning(s)", file=sys.stderr)
    return 1 if failed else 0


def cmd_dump(args: argparse.Namespace) -> int:
    loaded = load_plan(plan_dir(args.plan))
    for problem in loaded.errors:
        print(problem, file=sys.stderr)
    sys.stdout.write(json.dumps(dump_plan(loaded), indent=2, ensure_ascii=False) + "\n")
    return 1 if loaded.errors else 0


def cmd_schema(args: argparse.Namespace) -> int:
    target = plan_dir(args.plan) / SCHEMA_FILE
    target.write_text(render_schema(), encoding="utf-8")
    print(f"wrote {target}", file=sys.stderr)
    return 0


COMMANDS = {"check": cmd_check, "dump": cmd_dump, "schema": cmd_schema}


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return COMMANDS[args.command](args)
    except BrokenPipeError:  # output piped into `head` and the like
        return 0
