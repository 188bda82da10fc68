"""Run a workflow's steps locally, in order, in a clean clone of the repository: the plan check (default) or the
open-data feeds (`--workflow .github/workflows/fetch.yml`, with `--replay DIR` for its `replay` input).

    python tools/run_workflow_locally.py [--repo DIR] [--skip "Run the tests"] [--venv .venv] [--keep]
                                         [--pull-request BRANCH] [--workflow FILE] [--replay DIR]

`uses:` steps are what GitHub provides (checkout, Python, the comment API); here the clone is the checkout,
the machine's Python is used, and the comment is written to pr-comment.md but not posted. Every `run:` step
runs with bash, with the environment GitHub would give it (BASE_SHA is the previous commit, the step
outcomes and outputs (GITHUB_OUTPUT) are those of the steps run before). Without --pull-request the run is a
push (steps for pull requests are left out); with it, a pull request from the repository itself whose branch is
BRANCH of --repo (the clone's origin), so the step that commits a workbook's intake pushes there. The fetch
workflow pushes its branch to --repo too. Exits 0 when every step that must succeed did.
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
    parser.add_argument("--workflow", type=Path, default=WORKFLOW, help=f"the workflow file (default: {WORKFLOW})")
    parser.add_argument("--replay", default="", metavar="DIR",
                        help="the fetch workflow's `replay` input: a recording, relative to the repository")
    args = parser.parse_args(argv)

    clone = Path(tempfile.mkdtemp(prefix="plan-check-")) / "repo"
    branch = ["--branch", args.pull_request] if args.pull_request else []
    subprocess.run(["git", "clone", "--quiet", "--no-hardlinks", *branch, str(args.repo), str(clone)], check=True)
    if args.venv:
        (clone / ".venv").symlink_to(args.venv.resolve(), target_is_directory=True)
    workflow = yaml.safe_load((clone / args.workflow).read_text(encoding="utf-8"))
    job = next(iter(workflow["jobs"].values()))
    parent = subprocess.run(["git", "-C", str(clone), "rev-parse", "--verify", "-q", "HEAD~1"],
                            capture_output=True, text=True).stdout.strip()
    outcomes: dict[str, str] = {}
    head = subprocess.run(["git", "-C", str(clone), "rev-parse", "HEAD"], capture_output=True, text=True).stdout.strip()
    context = {"github.event.pull_request.base.sha || github.event.before": parent or "HEAD",
               "github.ref": "refs/heads/local", "github.head_ref": args.pull_request or "", "github.sha": head,
               "github.event.inputs.replay": args.replay}
    step_outputs: dict[str, dict[str, str]] = {}
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
        if condition and not _true(condition, outcomes, bool(args.pull_request), step_outputs):
            print(f"[{number}] {name}: condition not met ({condition})")
            continue
        step_env = {**env, **{k: expression(str(v), context) for k, v in step.get("env", {}).items()}}
        script = expression(step["run"], context)
        print(f"[{number}] {name}", flush=True)
        output = clone.parent / f"output-{number}"
        output.write_text("", encoding="utf-8")
        step_env["GITHUB_OUTPUT"] = str(output)
        result = subprocess.run(["bash", "-eo", "pipefail", "-c", script], cwd=clone, env=step_env)
        outcome = "success" if result.returncode == 0 else "failure"
        if "id" in step:
            outcomes[step["id"]] = outcome
            step_outputs[step["id"]] = dict(line.split("=", 1) for line in output.read_text(encoding="utf-8")
                                            .splitlines() if "=" in line)
        print(f"[{number}] {name}: {outcome}")
        if outcome == "failure" and not step.get("continue-on-error"):
            failed = True
            break
    if args.keep:
        print(f"clone kept at {clone}")
    else:
        shutil.rmtree(clone.parent, ignore_errors=True)
    return 1 if failed else 0


def _true(condition: str, outcomes: dict[str, str], pull_request: bool,
          outputs: dict[str, dict[str, str]] | None = None) -> bool:
    """The conditions the workflows use: always(), step outcomes and outputs, and the event (a push, or with
    --pull-request a pull request from the repository itself), joined with && and ||."""
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
        match = re.fullmatch(r"steps\.(\w+)\.outputs\.(\w+) == '(\w+)'", text)
        if match:
            return (outputs or {}).get(match[1], {}).get(match[2]) == match[3]
        raise SystemExit(f"the local runner does not know the condition: {condition}")
    return any(all(term(t) for t in part.split("&&")) for part in condition.split("||"))


if __name__ == "__main__":
    sys.exit(main())
