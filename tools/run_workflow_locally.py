"""Run the plan-check workflow's steps locally, in order, in a clean clone of the repository.

    python tools/run_workflow_locally.py [--repo DIR] [--skip "Run the tests"] [--venv .venv] [--keep]
                                         [--pull-request BRANCH]

`uses:` steps are what GitHub provides (checkout, Python, the comment API); here the clone is the checkout,
the machine's Python is used, and the comment is written to pr-comment.md but not posted. Every `run:` step
runs with bash, with the environment GitHub would give it (BASE_SHA is the previous commit, the step
outcomes are those of the steps run before). Without --pull-request the run is a push (steps for pull requests
are left out); with it, a pull request from the repository itself whose branch is BRANCH of --repo (the clone's
origin), so the step that commits a workbook's intake pushes there. Exits 0 when every step that must succeed
did.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
WORKFLOW = Path(".github/workflows/plan-check.yml")


def expression(text: str, context: dict) -> str:
    """Substitute the few `${{ … }}` expressions the workflow uses with their local values."""
    def value(match: re.Match) -> str:
        inner = match.group(1).strip()
        if inner in context:
            return context[inner]
        raise SystemExit(f"the local runner does not know the expression ${{{{ {inner} }}}}")
    return re.sub(r"\$\{\{(.*?)\}\}", value, text)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repo", type=Path, default=ROOT, help="repository to clone (default: this one)")
    parser.add_argument("--skip", action="append", default=[], help="name of a step to leave out")
    parser.add_argument("--keep", action="store_true", help="keep the clone and print where it is")
    parser.add_argument("--venv", type=Path, default=None,
                        help="use this virtual environment in the clone instead of installing a new one")
    parser.add_argument("--pull-request", default=None, metavar="BRANCH",
                        help="run as for a pull request from this repository, from BRANCH")
    args = parser.parse_args(argv)

    clone = Path(tempfile.mkdtemp(prefix="plan-check-")) / "repo"
    branch = ["--branch", args.pull_request] if args.pull_request else []
    subprocess.run(["git", "clone", "--quiet", "--no-hardlinks", *branch, str(args.repo), str(clone)], check=True)
    if args.venv:
        (clone / ".venv").symlink_to(args.venv.resolve(), target_is_directory=True)
    workflow = yaml.safe_load((clone / WORKFLOW).read_text(encoding="utf-8"))
    job = next(iter(workflow["jobs"].values()))
    parent = subprocess.run(["git", "-C", str(clone), "rev-parse", "--verify", "-q", "HEAD~1"],
                            capture_output=True, text=True).stdout.strip()
    outcomes: dict[str, str] = {}
    context = {"github.event.pull_request.base.sha || github.event.before": parent or "HEAD",
               "github.ref": "refs/heads/local", "github.head_ref": args.pull_request or ""}
    summary = clone / "step-summary.md"
    env = {**os.environ, "GITHUB_STEP_SUMMARY": str(summary), "CI": "true",
           **{k: expression(str(v), context) for k, v in job.get("env", {}).items()}}
    failed = False
    for number, step in enumerate(job["steps"], start=1):
        name = step.get("name") or step.get("uses", "").split("@")[0]
        if "uses" in step or name in args.skip:
            if "id" in step:
                outcomes[step["id"]] = "skipped"
            print(f"[{number}] {name}: {'skipped (GitHub provides it)' if 'uses' in step else 'skipped'}")
            continue
        condition = step.get("if", "")
        for key, outcome in outcomes.items():
            context[f"steps.{key}.outcome"] = outcome
        if condition and not _true(condition, outcomes, bool(args.pull_request)):
            print(f"[{number}] {name}: condition not met ({condition})")
            continue
        step_env = {**env, **{k: expression(str(v), context) for k, v in step.get("env", {}).items()}}
        script = expression(step["run"], context)
        print(f"[{number}] {name}", flush=True)
        result = subprocess.run(["bash", "-eo", "pipefail", "-c", script], cwd=clone, env=step_env)
        outcome = "success" if result.returncode == 0 else "failure"
        if "id" in step:
            outcomes[step["id"]] = outcome
        print(f"[{number}] {name}: {outcome}")
        if outcome == "failure" and not step.get("continue-on-error"):
            failed = True
            break
    if args.keep:
        print(f"clone kept at {clone}")
    else:
        shutil.rmtree(clone.parent, ignore_errors=True)
    return 1 if failed else 0


def _true(condition: str, outcomes: dict[str, str], pull_request: bool) -> bool:
    """The conditions this workflow uses: always(), step outcomes, and the event (a push, or with --pull-request
    a pull request from the repository itself), joined with && and ||."""
    def term(text: str) -> bool:
        text = text.strip()
        if text == "always()":
            return True
        if text in ("github.event_name == 'pull_request'",
                    "github.event.pull_request.head.repo.full_name == github.repository"):
            return pull_request
        match = re.fullmatch(r"steps\.(\w+)\.outcome == '(\w+)'", text)
        if match:
            return outcomes.get(match[1]) == match[2]
        raise SystemExit(f"the local runner does not know the condition: {condition}")
    return any(all(term(t) for t in part.split("&&")) for part in condition.split("||"))


if __name__ == "__main__":
    sys.exit(main())
