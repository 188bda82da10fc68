"""The one pull-request comment the plan-check workflow keeps up to date: the check result in plain Dutch,
what the change does to the plan (`diff`), and what it does to the statuses.

`python -m regiomonitor.commands.pr_comment --base REV [--check-outcome success|failure] [--tests-outcome …]` prints
the comment (markdown) on stdout. The marker on its first line lets the workflow find and update its own
comment instead of adding a new one on every push.

Everything from the plan, the data or the command line is quoted: problems in a fenced code block whose fence
is longer than any backtick run in them, names and messages through safetext.md_text. A YAML key cannot close
the block and go on as a heading, an @mention, an image or a link in the organisation's pull request.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from datetime import date
from pathlib import Path

from regiomonitor.commands.checks import plan_and_data_problems
from regiomonitor.commands.cli import quarter_argument
from regiomonitor.commands.plandiff import diff_plans, render_markdown
from regiomonitor.commands.revisions import repository_paths, resolve
from regiomonitor.core.formatting import count_nl, number_nl, period_nl
from regiomonitor.core.locations import data_dir, plan_dir
from regiomonitor.core.periods import Quarter
from regiomonitor.core.problems import shown_relative
from regiomonitor.core.safetext import md_code_block, md_text
from regiomonitor.plan.load import load_plan

MARKER = "<!-- regiomonitor-plan-check -->"
OUTCOME_NL = {"success": "geslaagd", "failure": "mislukt", "cancelled": "afgebroken", "skipped": "overgeslagen"}
MAX_LISTED = 30
# GitHub refuses a comment body over 65,536 characters, and then the previous comment would stay up unchanged.
# Problem lines are shortened; the diff is cut at a line when the whole would not fit.
MAX_COMMENT = 60_000
MAX_PROBLEM_LINE = 500


def check_section(plan, data, as_of: date) -> str:
    problems = plan_and_data_problems(load_plan(plan), data, Quarter.of(as_of))
    errors = [p for p in problems if p.is_error]
    warnings = [p for p in problems if not p.is_error]
    lines = [f"**Controle van het plan:** {count_nl(len(errors), 'fout', 'fouten')}, "
             f"{count_nl(len(warnings), 'waarschuwing', 'waarschuwingen')}."]
    if errors:
        lines.append("De fouten staan ook als opmerking op de regel zelf, onder *Files changed*. "
                     "CONTRIBUTING.md legt elke melding uit.")
        lines += ["", *md_code_block([_line(p) for p in errors[:MAX_LISTED]])]
        if len(errors) > MAX_LISTED:
            lines.append(f"… en nog {count_nl(len(errors) - MAX_LISTED, 'fout', 'fouten')}: zie de annotaties.")
    if warnings:
        lines.append(f"<details><summary>{count_nl(len(warnings), 'waarschuwing', 'waarschuwingen')}</summary>\n")
        lines += [*md_code_block([_line(p) for p in warnings[:MAX_LISTED]]), "</details>"]
    return "\n".join(lines)


INBOX = "inbox"
"""data/inbox/: where a theme team uploads a filled round workbook in GitHub's web UI."""
WORKBOOK_SUFFIXES = (".xlsx", ".xlsm", ".xls")


def inbox_workbooks(data: Path) -> list[Path]:
    folder = Path(data) / INBOX
    return sorted(p for p in folder.iterdir() if p.suffix.lower() in WORKBOOK_SUFFIXES) if folder.is_dir() else []


def intake_section(plan: Path, data: Path, as_of: date) -> str:
    """What reading the workbooks in data/inbox/ will add or change, and which KPI statuses that moves: the intake
    runs on a copy of plan and data, which is then compared with them. Empty without workbooks."""
    from regiomonitor.data.versions import PLAN_ONLY, version_text
    from regiomonitor.engine.progress import Progress
    from regiomonitor.round.intake import changes, take_in

    books = inbox_workbooks(data)
    if not books:
        return ""
    lines = [f"### Werkmap(pen) in data/{INBOX}: {md_text(', '.join(b.name for b in books))}", ""]
    loaded = load_plan(plan)
    if loaded.errors:
        return "\n".join(lines + ["_Het plan heeft fouten: de werkmappen worden pas gelezen als die hersteld zijn._"])
    with tempfile.TemporaryDirectory() as scratch:
        copy_plan, copy_data = Path(scratch) / "plan", Path(scratch) / "data"
        shutil.copytree(plan, copy_plan, symlinks=True)
        shutil.copytree(data, copy_data, symlinks=True, ignore=shutil.ignore_patterns(INBOX))
        result, files = take_in(books, Progress.build(loaded, data), data, date.today(),
                                version_text(loaded.directory, PLAN_ONLY))
        if result.errors:
            lines.append(f"**Inlezen lukt nog niet:** {count_nl(len(result.errors), 'fout', 'fouten')}; er wordt niets "
                         "toegevoegd.")
            lines += ["", *md_code_block([_line(p) for p in result.errors[:MAX_LISTED]])]
            return "\n".join(lines)
        found = changes(result)
        for kind, title in (("measurements", "Metingen"), ("actions", "Acties"), ("toelichting", "Toelichting"),
                            ("done", "Vervolgacties afgerond")):
            lines += [f"- {title}: {md_text(line)}" for line in found[kind]]
        if not any(found.values()):
            lines.append("Alles in de werkmap(pen) staat er al: het inlezen verandert niets.")
        for file in files:
            target = copy_data / file.path.relative_to(data) if file.path.is_relative_to(data) else \
                copy_plan / file.path.relative_to(plan)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(file.content, encoding="utf-8")
        diff = diff_plans("nu", "na inlezen", (plan, data), (copy_plan, copy_data), as_of)
        lines += ["", render_markdown(diff)]
    return "\n".join(lines)


MAX_FIGURES = 12


def fetch_section(report: Path, plan: Path) -> str:
    """The figures a `fetch` found new or revised (its --report), per KPI by name; the statuses they move follow in
    the comparison below it."""
    import json

    try:
        found = json.loads(report.read_text(encoding="utf-8"))
        changes, problems = list(found["changes"]), list(found["problems"])
    except (OSError, ValueError, KeyError, TypeError) as exc:
        return f"_Het verslag van het ophalen kan niet gelezen worden: {md_text(str(exc))}_"
    loaded = load_plan(plan)
    names = {i.id: i.name for t in loaded.themes.values() for i in t.indicators}
    lines = ["### Nieuwe cijfers uit open data", ""]
    if not changes:
        lines.append("Geen nieuwe of herziene cijfers.")
    for change in changes:
        new, revised = change.get("new", []), change.get("revised", [])
        lines.append(f"- **{md_text(names.get(change['indicator'], change['indicator']))}**: "
                     f"{count_nl(len(new), 'nieuw cijfer', 'nieuwe cijfers')}, "
                     f"{count_nl(len(revised), 'herziening', 'herzieningen')}")
        lines += [f"  - {md_text(period_nl(f['period']))} {md_text(f['area'] or 'regio')}: {number_nl(f['value'])}"
                  for f in new[:MAX_FIGURES]]
        lines += [f"  - herzien: {md_text(period_nl(f['period']))} {md_text(f['area'] or 'regio')}: "
                  f"{number_nl(f['old'])} → {number_nl(f['new'])}" for f in revised[:MAX_FIGURES]]
        if len(new) + len(revised) > 2 * MAX_FIGURES:
            lines.append("  - … en meer: zie de bestanden onder *Files changed*.")
    if problems:
        lines += ["", f"**Bij het ophalen:** {count_nl(len(problems), 'melding', 'meldingen')}", "",
                  *md_code_block([p[:MAX_PROBLEM_LINE] for p in problems[:MAX_LISTED]])]
    return "\n".join(lines)


def _line(problem) -> str:
    text = str(shown_relative(problem))
    return text if len(text) <= MAX_PROBLEM_LINE else text[:MAX_PROBLEM_LINE - 1] + "…"


def _fitted(head: str, diff: str) -> str:
    """The diff's lines as far as they fit after `head` within MAX_COMMENT, and a note when some were left out."""
    if len(head) + len(diff) <= MAX_COMMENT:
        return diff
    note = "\n_… ingekort: de volledige lijst geeft `python -m regiomonitor diff` (de reactie mag niet langer zijn)._\n"
    kept, size = [], len(head) + len(note)
    for line in diff.splitlines():
        if size + len(line) + 1 > MAX_COMMENT:
            break
        kept.append(line)
        size += len(line) + 1
    return "\n".join(kept) + note


def build_comment(base: str, head: str = "HEAD", check_outcome: str | None = None,
                  tests_outcome: str | None = None, as_of: date | None = None, fetch_report: Path | None = None) -> str:
    as_of = as_of or Quarter.last_complete(date.today()).end
    plan, data = plan_dir(), data_dir()
    parts = [MARKER, "## Regiomonitor: controle van deze wijziging", ""]
    outcomes = [f"{name}: **{md_text(OUTCOME_NL.get(outcome, outcome))}**"
                for name, outcome in (("controle", check_outcome), ("tests", tests_outcome)) if outcome]
    if outcomes:
        parts.append(" · ".join(outcomes))
        parts.append("")
    parts += [check_section(plan, data, as_of), ""]
    inbox = intake_section(plan, data, as_of)
    if inbox:
        parts += [inbox, ""]
    if fetch_report is not None:
        parts += [fetch_section(fetch_report, plan), ""]
    repo, plan_rel, data_rel = repository_paths(plan, data)
    try:
        # Revisions only: a pull request could add a folder named after its base commit holding its own plan.
        base_dirs = resolve(base, plan_rel, data_rel, repo, data, revision_only=True)
        head_dirs = (plan, data) if head == "HEAD" else resolve(head, plan_rel, data_rel, repo, data, revision_only=True)
        parts.append(_fitted("\n".join(parts), render_markdown(diff_plans(base, head, base_dirs, head_dirs, as_of))))
    except ValueError as exc:
        parts.append(f"_Geen vergelijking met de basis mogelijk: {md_text(str(exc))}_")
    return "\n".join(parts).rstrip() + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m regiomonitor.commands.pr_comment")
    parser.add_argument("--base", required=True, help="git revision the pull request is compared with")
    parser.add_argument("--head", default="HEAD")
    parser.add_argument("--check-outcome", default=None)
    parser.add_argument("--tests-outcome", default=None)
    parser.add_argument("--quarter", type=quarter_argument, default=None,
                        help="YYYY-Qn (default: the last complete quarter)")
    parser.add_argument("--fetch-report", type=Path, default=None, metavar="FILE.json",
                        help="what `fetch --report` found new or revised, listed before the comparison")
    args = parser.parse_args(argv)
    as_of = args.quarter.end if args.quarter else None
    sys.stdout.write(build_comment(args.base, args.head, args.check_outcome, args.tests_outcome, as_of,
                                   args.fetch_report))
    return 0


if __name__ == "__main__":
    sys.exit(main())
