"""Command line: `python -m regiomonitor check | dump | schema`.

Plan and data directories default to `plan/` and `data/`, or to $REGIOMONITOR_PLAN and
$REGIOMONITOR_DATA, so a region can keep its plan in a repository of its own.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path

from regiomonitor.commands.annotations import github_annotation, intake_annotation
from regiomonitor.commands.checks import plan_and_data_problems
from regiomonitor.commands.dump import dump_plan
from regiomonitor.commands.plan_history import quarter_plan_changes
from regiomonitor.commands.status_output import render_status
from regiomonitor.core.jsontext import json_text
from regiomonitor.core.limits import year_problem
from regiomonitor.core.locations import data_dir, plan_dir
from regiomonitor.core.periods import PeriodError, Quarter
from regiomonitor.core.safefiles import Refused, write_bytes
from regiomonitor.data.demo import DEMO_FILE, render_demo_csv
from regiomonitor.data.sources import DEMO_NOTICE, load_measurements
from regiomonitor.data.versions import PLAN_ONLY, version_text
from regiomonitor.engine.db import write_database_file
from regiomonitor.engine.progress import ACTION_COLUMNS, STATUS_COLUMNS, Progress
from regiomonitor.engine.snapshot import quarter_snapshot
from regiomonitor.export.child import ATTENTION
from regiomonitor.plan.jsonschema import SCHEMA_FILE, render_schema
from regiomonitor.plan.load import LoadedPlan, load_plan

DEBUG_ENV = "REGIOMONITOR_DEBUG"


def _add_dirs(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--plan", type=Path, default=None, metavar="DIR",
                        help="plan directory (default: $REGIOMONITOR_PLAN or plan/)")
    parser.add_argument("--data", type=Path, default=None, metavar="DIR",
                        help="measurements directory (default: $REGIOMONITOR_DATA or data/)")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m regiomonitor", description="Regiomonitor: the regional plan as code.")
    commands = parser.add_subparsers(dest="command", required=True)
    check = commands.add_parser("check", help="validate the plan files and report every problem")
    _add_dirs(check)
    check.add_argument("--strict", action="store_true",
                       help="fail on warnings too, e.g. a KPI off course without toelichting for the quarter")
    check.add_argument("--quarter", type=quarter_argument, default=None, metavar="YYYY-Qn",
                       help="the quarter whose toelichting is checked against the statuses "
                            "(default: the last complete quarter)")
    check.add_argument("--format", choices=["text", "github"], default="text",
                       help="github: one workflow annotation per problem, shown on the line in a pull request")
    dump = commands.add_parser("dump", help="print the normalized plan as JSON")
    _add_dirs(dump)
    schema = commands.add_parser("schema", help="write the JSON Schema for editors to <plan>/schema.json")
    _add_dirs(schema)
    status = commands.add_parser("status", help="the status of every indicator (or action) as of a date")
    _add_dirs(status)
    status.add_argument("--as-of", type=_date, default=None, metavar="YYYY-MM-DD",
                        help="the date to report on (default: the end of the last complete quarter)")
    what = status.add_mutually_exclusive_group()
    what.add_argument("--history", action="store_true",
                      help="the status at every quarter end from the baseline up to the as-of date")
    what.add_argument("--actions", action="store_true", help="every werkagenda action instead of the indicators")
    status.add_argument("--format", choices=["table", "json", "csv"], default="table")
    build = commands.add_parser("build", help="write the DuckDB database built from plan and data to a file")
    _add_dirs(build)
    build.add_argument("--out", type=Path, default=Path("regiomonitor.duckdb"), metavar="FILE")
    export = commands.add_parser("export", help="the quarterly committee pack: charts, PDF, PPTX, XLSX and HTML")
    _add_dirs(export)
    export.add_argument("--quarter", type=quarter_argument, required=True, metavar="YYYY-Qn", help="e.g. 2026-Q3")
    export.add_argument("--out", type=Path, required=True, metavar="DIR", help="folder to write the files to")
    export.add_argument("--theme", action="append", default=None, metavar="ID",
                        help="only this theme (repeat for more); default: all themes")
    export.add_argument("--progress", action="store_true",
                        help="print 'VOORTGANG: n/m' on stderr before the first chart and after each one")
    export.add_argument("--formats", type=_formats, default=None, metavar="LIST",
                        help="comma-separated, from png,svg,pdf,pptx,xlsx,html (default: all)")
    diff = commands.add_parser("diff", help="what a change does to the plan and to the statuses")
    diff.add_argument("base", metavar="BASE", help="plan directory or git revision before the change")
    diff.add_argument("head", metavar="HEAD", help="plan directory or git revision after the change")
    _add_dirs(diff)
    diff.add_argument("--format", choices=["markdown", "json"], default="markdown")
    diff.add_argument("--as-of", type=_date, default=None, metavar="YYYY-MM-DD",
                      help="the date the statuses are compared on (default: the end of the last complete quarter)")
    template = commands.add_parser("template", help="the workbook of a quarterly reporting round, to fill in in Excel")
    template.add_argument("--quarter", type=quarter_argument, required=True, metavar="YYYY-Qn", help="e.g. 2026-Q3")
    template.add_argument("--theme", action="append", default=None, metavar="ID",
                          help="only this theme (repeat for more); default: all themes")
    template.add_argument("--owner", default=None, metavar="NAME",
                          help="only the KPI's and actions of this owner (as the plan names it)")
    template.add_argument("--out", type=Path, required=True, metavar="FILE.xlsx", help="the workbook to write")
    _add_dirs(template)
    intake = commands.add_parser("intake", help="read returned round workbooks into data/ and the toelichting")
    intake.add_argument("files", nargs="+", type=Path, metavar="FILE.xlsx")
    _add_dirs(intake)
    intake.add_argument("--dry-run", action="store_true", help="only check and report what would change")
    intake.add_argument("--format", choices=["text", "github", "json"], default="text")
    fetch = commands.add_parser("fetch", help="read the KPI's that declare a feed from CBS's open data into <data>/feeds/")
    _add_dirs(fetch)
    fetch.add_argument("--indicator", action="append", default=None, metavar="ID",
                       help="only this KPI (repeat for more); default: every KPI with a feed")
    fetch.add_argument("--dry-run", action="store_true", help="read and report what would change; write nothing")
    source = fetch.add_mutually_exclusive_group()
    source.add_argument("--record", type=Path, default=None, metavar="DIR",
                        help="keep every response in DIR, to replay later without the network")
    source.add_argument("--replay", type=Path, default=None, metavar="DIR",
                        help="answer from the responses recorded in DIR instead of the network")
    fetch.add_argument("--today", type=_date, default=None, metavar="YYYY-MM-DD",
                       help="the retrieval date written with new figures (default: today)")
    fetch.add_argument("--report", type=Path, default=None, metavar="FILE.json",
                       help="also write what changed as JSON (the pull-request comment reads it)")
    demo = commands.add_parser("demo-data", help="write deterministic demo measurements to <data>/demo/")
    _add_dirs(demo)
    return parser


def _date(text: str) -> date:
    try:
        if not re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", text):  # fromisoformat also takes weeks: 2024W011
            raise ValueError(text)
        day = date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a date: use YYYY-MM-DD, e.g. 2026-09-30") from None
    problem = year_problem(day.year)
    if problem:
        raise argparse.ArgumentTypeError(f"'{text}': {problem}")
    return day


def quarter_argument(text: str) -> Quarter:
    """An argparse type: YYYY-Qn in the years Regiomonitor works with (also used by regiomonitor.commands.pr_comment)."""
    try:
        quarter = Quarter.parse(text)
    except PeriodError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None
    problem = year_problem(quarter.year)
    if problem:
        raise argparse.ArgumentTypeError(f"'{text}': {problem}")
    return quarter


def _formats(text: str) -> tuple[str, ...]:
    from regiomonitor.export import FORMATS

    chosen = tuple(dict.fromkeys(f.strip().lower() for f in text.split(",") if f.strip()))
    unknown = [f for f in chosen if f not in FORMATS]
    if unknown or not chosen:
        raise argparse.ArgumentTypeError(f"unknown format(s) {', '.join(unknown) or '(none)'}: "
                                         f"choose from {','.join(FORMATS)}")
    return chosen


def cmd_check(args: argparse.Namespace) -> int:
    loaded = load_plan(plan_dir(args.plan))
    quarter = args.quarter or loaded.reporting_quarter(date.today())
    problems = plan_and_data_problems(loaded, data_dir(args.data), quarter)
    for problem in problems:
        print(github_annotation(problem, args.strict) if args.format == "github" else problem)
    errors = sum(p.is_error for p in problems)
    warnings = len(problems) - errors
    failed = errors > 0 or (args.strict and warnings > 0)
    verdict = "FAILED" if failed else "OK"
    print(f"{verdict}: {len(loaded.themes)} of {len(loaded.theme_ids)} themes valid, "
          f"{errors} error(s), {warnings} warning(s)", file=sys.stderr)
    return 1 if failed else 0


def cmd_dump(args: argparse.Namespace) -> int:
    loaded = load_plan(plan_dir(args.plan))
    for problem in loaded.errors:
        print(problem, file=sys.stderr)
    sys.stdout.write(json_text(dump_plan(loaded)))
    return 1 if loaded.errors else 0


def cmd_schema(args: argparse.Namespace) -> int:
    target = plan_dir(args.plan) / SCHEMA_FILE
    return _written(target, lambda: write_bytes(target, plan_dir(args.plan), render_schema().encode("utf-8")))


def _written(target: Path, write: Callable[[], object], done: str = "") -> int:
    """Run `write`; 'wrote TARGET…' on stderr and 0, or one plain line naming TARGET and 1 when it was refused
    (a link, a named pipe or a device at its name, a folder that is missing or cannot be written to)."""
    try:
        write()
    except Refused as exc:
        print(f"FAILED: cannot write to {target}: {exc}", file=sys.stderr)
        return 1
    print(f"wrote {target}{done}", file=sys.stderr)
    return 0


def _valid_plan(args: argparse.Namespace, show_errors: bool = False) -> LoadedPlan | None:
    """The plan, or None (with a FAILED line on stderr) when it has errors: commands that use the plan need
    it whole; `check` is the one that explains what is wrong."""
    loaded = load_plan(plan_dir(args.plan))
    if not loaded.errors:
        return loaded
    for problem in loaded.errors if show_errors else []:
        print(problem, file=sys.stderr)
    print("FAILED: the plan has errors; run `python -m regiomonitor check`", file=sys.stderr)
    return None


def _progress(args: argparse.Namespace) -> Progress | None:
    """Load plan and data; report what is wrong with them on stderr. None when the plan has errors."""
    loaded = _valid_plan(args, show_errors=True)
    if loaded is None:
        return None
    progress = Progress.build(loaded, data_dir(args.data))
    for problem in progress.measurements.problems:
        print(problem, file=sys.stderr)
    if progress.measurements.demo_in_use:
        print(f"{ATTENTION}demodata in gebruik. {DEMO_NOTICE}", file=sys.stderr)
    return progress


def cmd_status(args: argparse.Namespace) -> int:
    progress = _progress(args)
    if progress is None:
        return 1
    as_of = args.as_of or Quarter.last_complete(date.today()).end
    if args.actions:
        sys.stdout.write(render_status(progress.actions(as_of).rename({"id": "action"}).select(ACTION_COLUMNS),
                                       args.format))
        return 0
    frame = progress.history(as_of) if args.history else progress.status(as_of)
    columns = (["as_of"] if args.history else []) + STATUS_COLUMNS + (["change"] if args.history else [])
    sys.stdout.write(render_status(frame.select(columns), args.format))
    _print_feeds(progress, as_of)
    return 0


def _print_feeds(progress: Progress, as_of: date) -> None:
    """The fed KPI's beside the Netherlands and the peers, with their source, on stderr: the output's columns are a
    contract and stay as they are."""
    from regiomonitor.present.feed_view import feed_views

    m = progress.measurements
    for indicator, view in feed_views(progress.loaded, m.rows, m.benchmarks, m.table_titles).items():
        comparison, provenance = view.in_words(as_of)
        print(f"open data: {indicator}: {comparison + ' ' if comparison else ''}{provenance}", file=sys.stderr)


def cmd_build(args: argparse.Namespace) -> int:
    loaded = _valid_plan(args)
    if loaded is None:
        return 1
    indicators = {i.id: i for t in loaded.themes.values() for i in t.indicators}
    measurements = load_measurements(data_dir(args.data), indicators)
    return _written(args.out, lambda: write_database_file(loaded, measurements, args.out),
                    f": {measurements.rows.height} measurements, {len(measurements.problems)} rejected row(s)")


def cmd_demo_data(args: argparse.Namespace) -> int:
    loaded = _valid_plan(args)
    if loaded is None:
        return 1
    target = data_dir(args.data) / "demo" / DEMO_FILE
    text = render_demo_csv(loaded)
    return _written(target, lambda: write_bytes(target, data_dir(args.data), text.encode("utf-8")),
                    f": {text.count(chr(10)) - 1} demo rows (source = demo)")


def cmd_template(args: argparse.Namespace) -> int:
    from regiomonitor.round.sheets import owners
    from regiomonitor.round.template import Judged, Round, write_template

    progress = _progress(args)
    if progress is None:
        return 1
    loaded = progress.loaded
    unknown = [t for t in args.theme or [] if t not in loaded.themes]
    if unknown:
        print(f"FAILED: unknown theme(s) {', '.join(unknown)}; the plan's themes: {', '.join(loaded.theme_ids)}",
              file=sys.stderr)
        return 1
    named = owners(loaded)
    if args.owner is not None and args.owner not in named:
        print(f"FAILED: no KPI or action has owner '{args.owner}'; the plan's owners: {', '.join(named) or 'none'}",
              file=sys.stderr)
        return 1
    if args.out.suffix.lower() != ".xlsx":
        print(f"FAILED: {args.out}: the workbook's name ends in .xlsx", file=sys.stderr)
        return 1
    chosen = Round(args.quarter, tuple(args.theme or ()), args.owner)
    state = quarter_snapshot(progress, args.quarter).at(args.quarter)
    judged = Judged(loaded, state, frozenset(progress.measurements.demo_fed()))
    content = write_template(judged, data_dir(args.data), chosen)
    target = args.out.resolve()
    return _written(args.out, lambda: write_bytes(target, target.parent, content),
                    f": the round of {args.quarter}")


def cmd_intake(args: argparse.Namespace) -> int:
    from regiomonitor.round.intake import changes, take_in

    loaded = _valid_plan(args, show_errors=True)
    if loaded is None:
        return 1
    data = data_dir(args.data)
    progress = Progress.build(loaded, data)
    plan_version = version_text(loaded.directory, PLAN_ONLY)
    result, files = take_in(args.files, progress, data, date.today(), plan_version)
    failed = bool(result.errors)
    written = []
    if not failed and not args.dry_run:
        for file in files:
            root = data if file.path.is_relative_to(data) else loaded.directory
            try:
                write_bytes(file.path, root, file.content.encode("utf-8"))
            except Refused as exc:
                print(f"FAILED: cannot write to {file.path}: {exc}", file=sys.stderr)
                return 1
            written.append(str(file.path))
    found = changes(result) if not failed else {k: [] for k in ("measurements", "actions", "toelichting", "done")}
    if args.format == "json":
        sys.stdout.write(json_text({"problems": [str(p) for p in result.problems], "changes": found,
                                    "written": written, "dry_run": args.dry_run}))
    else:
        for problem in result.problems:
            print(intake_annotation(problem) if args.format == "github" else problem)
        for kind, title in (("measurements", "Metingen"), ("actions", "Acties"), ("toelichting", "Toelichting"),
                            ("done", "Vervolgacties afgerond")):
            for line in found[kind]:
                print(f"+ {title}: {line}")
    verb = "would write" if args.dry_run else "wrote"
    summary = (f"FAILED: {len(result.errors)} error(s); nothing written" if failed else
               f"OK: {sum(map(len, found.values()))} change(s); {verb} {len(files)} file(s)")
    print(summary, file=sys.stderr)
    return 1 if failed else 0


def _print_progress(done: int, total: int) -> None:
    from regiomonitor.export.child import PROGRESS

    print(f"{PROGRESS}{done}/{total}", file=sys.stderr, flush=True)


def cmd_export(args: argparse.Namespace) -> int:
    from regiomonitor.export import FORMATS, run_export
    from regiomonitor.export.run import ExportError

    progress = _progress(args)
    if progress is None:
        return 1
    unknown = [t for t in args.theme or [] if t not in progress.loaded.themes]
    if unknown:
        print(f"FAILED: unknown theme(s) {', '.join(unknown)}; the plan has: "
              f"{', '.join(progress.loaded.theme_ids)}", file=sys.stderr)
        return 2
    try:
        changes = quarter_plan_changes(plan_dir(args.plan), data_dir(args.data), args.quarter)
        result = run_export(quarter_snapshot(progress, args.quarter), args.quarter, data_dir(args.data), args.out,
                            args.theme, args.formats or FORMATS, plan_changes=changes,
                            progress=_print_progress if args.progress else None)
    except ExportError as exc:
        print(f"FAILED: {exc}", file=sys.stderr)
        return 1
    for message in result.messages:
        print(f"{ATTENTION}{message}", file=sys.stderr)
    for path in result.files:
        print(path)
    if not result.files:  # every document asked for failed: the messages above say why
        print(f"FAILED: none of the files asked for could be made for {args.quarter}", file=sys.stderr)
        return 1
    print(f"wrote {len(result.files)} file(s) to {args.out} for {args.quarter}", file=sys.stderr)
    return 0


def cmd_diff(args: argparse.Namespace) -> int:
    from regiomonitor.commands.plandiff import diff_plans, render_markdown
    from regiomonitor.commands.revisions import repository_paths, resolve

    repo, plan_rel, data_rel = repository_paths(plan_dir(args.plan), data_dir(args.data))
    try:
        base = resolve(args.base, plan_rel, data_rel, repo, data_dir(args.data))
        head = resolve(args.head, plan_rel, data_rel, repo, data_dir(args.data))
    except ValueError as exc:
        print(f"FAILED: {exc}", file=sys.stderr)
        return 2
    diff = diff_plans(args.base, args.head, base, head, args.as_of or Quarter.last_complete(date.today()).end)
    sys.stdout.write(diff.to_json() if args.format == "json" else render_markdown(diff))
    return 0


def cmd_fetch(args: argparse.Namespace) -> int:
    from regiomonitor.feeds.fetch import fed_indicators, report, report_json, run_fetch
    from regiomonitor.feeds.transport import CBS_URL_ENV, FetchError, Http, Recording, Replay

    loaded = load_plan(plan_dir(args.plan))
    if loaded.errors:
        for problem in loaded.errors:
            print(problem)
        print(f"FAILED: the plan has {len(loaded.errors)} error(s); fix them first (`check`)", file=sys.stderr)
        return 1
    known = {i.id for t in loaded.themes.values() for i in t.indicators}
    unknown = [i for i in args.indicator or [] if i not in known]
    fed = fed_indicators(loaded, args.indicator)
    if unknown or not fed:
        print("FAILED: " + (f"unknown indicator(s) {', '.join(unknown)}" if unknown else
                            "no KPI declares a feed" + (" among those asked for" if args.indicator else "")),
              file=sys.stderr)
        return 2
    try:
        transport = Replay(args.replay) if args.replay else Http(redirect=os.environ.get(CBS_URL_ENV))
    except FetchError as exc:
        print(f"FAILED: {exc}", file=sys.stderr)
        return 1
    if args.record:
        transport = Recording(transport, args.record)
    outcome = run_fetch(loaded, data_dir(args.data), transport, args.today or date.today(), args.indicator,
                        args.dry_run)
    if args.record:
        transport.save()
    for problem in outcome.problems:
        print(problem)
    for line in report(outcome, args.dry_run):
        print(line)
    if args.report:
        args.report.write_text(json_text(report_json(outcome)), encoding="utf-8")
    changed = sum(c.changed for c in outcome.changes)
    errors = sum(p.is_error for p in outcome.problems)
    verdict = "FAILED" if errors else "OK"
    print(f"{verdict}: {len(fed)} KPI('s) with a feed, {changed} changed, {errors} error(s)", file=sys.stderr)
    return 1 if errors else 0


COMMANDS = {"check": cmd_check, "dump": cmd_dump, "schema": cmd_schema, "status": cmd_status,
            "build": cmd_build, "demo-data": cmd_demo_data, "export": cmd_export, "diff": cmd_diff,
            "template": cmd_template, "intake": cmd_intake, "fetch": cmd_fetch}


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return COMMANDS[args.command](args)
    except BrokenPipeError:  # output piped into `head` and the like
        return 0
    except Exception as exc:  # the last line of defence: a located message is the rule, no traceback reaches a user
        if os.environ.get(DEBUG_ENV):
            raise
        print(f"FAILED: an unexpected error ({type(exc).__name__}) stopped `{args.command}`. Please report it with the "
              f"command you ran; set {DEBUG_ENV}=1 to see the details.", file=sys.stderr)
        return 2
