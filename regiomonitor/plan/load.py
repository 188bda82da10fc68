"""Load a plan directory: the plan file, then each theme file on its own.

A broken theme file costs only that theme: its problems are reported and every other theme still
loads, so the dashboard can show the rest of the plan beside an error panel.
"""

from __future__ import annotations

import os
from pathlib import Path

from pydantic import BaseModel, ValidationError

from regiomonitor.core.problems import Problem, sort_key
from regiomonitor.plan.commentary import load_commentary
from regiomonitor.plan.crosscheck import cross_check
from regiomonitor.plan.feeds import REGISTRY_FILE, Registry
from regiomonitor.plan.loaded import PLAN_FILE, LoadedPlan, display_name
from regiomonitor.plan.model import Plan, Theme
from regiomonitor.plan.schema_errors import problems_from_validation
from regiomonitor.plan.yamlsource import YamlDocument, YamlError, read_yaml

__all__ = ["PLAN_FILE", "LoadedPlan", "load_plan"]  # the loaded plan's type travels with the loader

def _load_model(path: Path, root: Path, name: str,
                model: type[BaseModel]) -> tuple[YamlDocument | None, BaseModel | None, list[Problem]]:
    try:
        doc = read_yaml(path, root, name)
    except YamlError as exc:
        return None, None, [exc.problem]
    try:
        return doc, model.model_validate(doc.data), []
    except ValidationError as exc:
        return doc, None, problems_from_validation(exc, doc, model)


def _theme_ids(directory: Path, plan: Plan | None) -> list[str]:
    if plan is not None:
        return list(dict.fromkeys(plan.themes))
    # Without a readable plan file we still show every theme file we find.
    return sorted(p.stem for p in directory.glob("*.yaml") if p.name != PLAN_FILE)


def load_plan(directory: Path) -> LoadedPlan:
    """Read `directory/plan.yaml` and the theme files it lists; collect every problem."""
    directory = Path(directory)
    loaded = LoadedPlan(directory=directory)
    plan_name = display_name(directory, PLAN_FILE)
    if not directory.is_dir():
        message = ("the plan directory does not exist" if not os.path.lexists(directory)
                   else "the plan directory is a file, not a directory")
        loaded.problems.append(Problem(str(directory), 0, 0, "", message))
        return loaded
    if not os.path.lexists(directory / PLAN_FILE):
        loaded.problems.append(Problem(plan_name, 1, 1, "", f"no plan file: {plan_name} does not exist"))
    else:
        doc, plan, problems = _load_model(directory / PLAN_FILE, directory, plan_name, Plan)
        loaded.plan, loaded.problems = plan, problems
        if doc is not None:
            loaded.documents[PLAN_FILE] = doc
    loaded.theme_ids = _theme_ids(directory, loaded.plan)
    for theme_id in loaded.theme_ids:
        path = directory / f"{theme_id}.yaml"
        if not os.path.lexists(path):
            continue  # reported by the cross-check against the plan file's list
        doc, theme, problems = _load_model(path, directory, display_name(directory, path.name), Theme)
        if doc is not None:
            loaded.documents[path.name] = doc
        if theme is not None:
            loaded.themes[theme_id] = theme
        else:
            loaded.failed_themes[theme_id] = problems
        loaded.problems.extend(problems)
    if os.path.lexists(directory / REGISTRY_FILE):
        loaded.has_feeds_file = True
        doc, loaded.feeds, problems = _load_model(directory / REGISTRY_FILE, directory,
                                                  display_name(directory, REGISTRY_FILE), Registry)
        if doc is not None:
            loaded.documents[REGISTRY_FILE] = doc
        loaded.problems.extend(problems)
    loaded.problems.extend(cross_check(loaded))
    loaded.commentary, problems = load_commentary(loaded)
    loaded.problems.extend(problems)
    loaded.problems.sort(key=sort_key)
    return loaded
