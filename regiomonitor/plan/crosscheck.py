"""Checks that span fields and files: unique ids, references, periods, targets against direction.

Each check yields problems located on the line of the offending value. References into a theme
file that failed to load are not reported again: its own errors already say what is wrong.
"""

from __future__ import annotations

import difflib
import os
from collections.abc import Iterator
from pathlib import Path

from pydantic import BaseModel

from regiomonitor.core.problems import Problem
from regiomonitor.plan.feeds import REGISTRY_FILE, check_feeds, check_registry
from regiomonitor.plan.figures import Source, Value
from regiomonitor.plan.index import PlanIndex, build_index
from regiomonitor.plan.loaded import PLAN_FILE, LoadedPlan
from regiomonitor.plan.model import Indicator
from regiomonitor.plan.partners import declared_twice, partner_names
from regiomonitor.plan.yamlsource import format_path


class _Reporter:
    def __init__(self, loaded: LoadedPlan):
        self.loaded = loaded
        self.problems: list[Problem] = []

    def at(self, file: str, path: tuple, message: str, severity: str = "error", key: bool = False) -> None:
        self.problems.append(self.loaded.problem_at(file, path, message, severity, key))


def cross_check(loaded: LoadedPlan) -> list[Problem]:
    report = _Reporter(loaded)
    index = build_index(loaded)
    _check_theme_files(loaded, report)
    _check_unique_ids(loaded, report)
    if loaded.plan is not None:
        _check_sources(loaded, report)
        _check_priorities(loaded, report)
        _check_plan_period(loaded, report)
        _check_partners(loaded, report)
    _check_references(loaded, index, report)
    _check_periods_and_targets(loaded, report)
    _check_coverage(loaded, index, report)
    if loaded.feeds is not None:
        check_registry(loaded.feeds, report)
    check_feeds(loaded.themes, loaded.plan, loaded.feeds, loaded.has_feeds_file, report)
    if loaded.plan is not None:
        _check_gemeente_codes(loaded, report)
    return report.problems


def _check_gemeente_codes(loaded: LoadedPlan, report: _Reporter) -> None:
    """Each coded gemeente is one the plan names, and no code stands for two gemeenten."""
    plan = loaded.plan
    named = set(plan.municipalities) | set(plan.border_municipalities)
    seen: dict[str, str] = {}
    for name, code in plan.gemeente_codes.items():
        if named and name not in named:
            report.at(PLAN_FILE, ("gemeente_codes", name), f"gemeente '{name}' is not in `municipalities`",
                      key=True)
        if code in seen:
            report.at(PLAN_FILE, ("gemeente_codes", name), f"code {code} is also the code of '{seen[code]}'")
        seen[code] = name


def _check_theme_files(loaded: LoadedPlan, report: _Reporter) -> None:
    if loaded.plan is None:
        return
    seen: set[str] = set()
    for i, theme_id in enumerate(loaded.plan.themes):
        if theme_id in seen:
            report.at(PLAN_FILE, ("themes", i), f"theme '{theme_id}' is listed twice")
        seen.add(theme_id)
        if not os.path.lexists(loaded.directory / f"{theme_id}.yaml"):
            report.at(PLAN_FILE, ("themes", i), f"theme '{theme_id}' has no file {theme_id}.yaml in the plan directory"
                      + _case_hint(loaded.directory, f"{theme_id}.yaml"))
    for path in sorted(loaded.directory.glob("*.yaml")):
        if path.name not in (PLAN_FILE, REGISTRY_FILE) and path.stem not in seen:
            report.at(PLAN_FILE, ("themes",), f"file {path.name} is not listed under `themes`, so it is ignored", "warning")
    for path in sorted(p for p in loaded.directory.iterdir() if p.suffix.lower() in (".yml", ".yaml") and p.suffix != ".yaml"):
        report.at(PLAN_FILE, ("themes",), f"file {path.name} is not read: plan files end in .yaml (lower case)", "warning")
    for theme_id, theme in loaded.themes.items():
        if theme.id != theme_id:
            report.at(f"{theme_id}.yaml", ("id",), f"id '{theme.id}' must equal the file name '{theme_id}'")


def _case_hint(directory: Path, name: str) -> str:
    """'; there is a file Zorg.yaml: file names must match in upper and lower case too'."""
    other = next((p.name for p in directory.glob("*.yaml") if p.name.lower() == name.lower() and p.name != name), None)
    return f" (there is {other}: the name must match in upper and lower case)" if other else ""


def _check_unique_ids(loaded: LoadedPlan, report: _Reporter) -> None:
    """Ids are unique per theme or across the plan; '2a' and '2A' count as the same id, because people (and file
    systems, and spreadsheets) do not keep them apart."""
    global_seen: dict[tuple[str, str], tuple[str, str]] = {}
    for theme_id, theme in loaded.themes.items():
        file = f"{theme_id}.yaml"
        local_seen: dict[tuple[str, str], tuple[str, str]] = {}
        for kind, path, item_id, scope in _ids(theme):
            seen = global_seen if scope == "plan" else local_seen
            key = (kind, item_id.casefold())
            if key not in seen:
                seen[key] = (file if scope == "plan" else format_path(path), item_id)
                continue
            where, first = seen[key]
            if first == item_id:
                report.at(file, path + ("id",), f"duplicate {kind} id '{item_id}' (already used in {where})")
            else:
                report.at(file, path + ("id",), f"duplicate {kind} id '{item_id}' (already used as '{first}' in {where}; "
                                                "ids that differ only in upper and lower case are the same)")


def _ids(theme) -> Iterator[tuple[str, tuple, str, str]]:
    """(kind, path, id, scope): scope 'theme' ids are unique per theme, 'plan' ids across the plan."""
    for i, opgave in enumerate(theme.opgaven):
        yield "opgave", ("opgaven", i), opgave.id, "theme"
        for j, doel in enumerate(opgave.doelen):
            yield "doel", ("opgaven", i, "doelen", j), doel.id, "theme"
    for j, doel in enumerate(theme.doelen):
        yield "doel", ("doelen", j), doel.id, "theme"
    for i, knelpunt in enumerate(theme.knelpunten):
        yield "knelpunt", ("knelpunten", i), knelpunt.id, "theme"
    for i, initiative in enumerate(theme.initiatives):
        yield "initiative", ("initiatives", i), initiative.id, "plan"
    for i, action in enumerate(theme.werkagenda):
        yield "werkagenda action", ("werkagenda", i), action.id, "plan"
    for i, indicator in enumerate(theme.indicators):
        yield "indicator", ("indicators", i), indicator.id, "plan"


def _walk_sources(value: object, path: tuple) -> Iterator[tuple[tuple, Source]]:
    if isinstance(value, Source):
        yield path, value
    elif isinstance(value, BaseModel):
        for name in type(value).model_fields:
            yield from _walk_sources(getattr(value, name), path + (name,))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from _walk_sources(item, path + (i,))


def _check_sources(loaded: LoadedPlan, report: _Reporter) -> None:
    documents = {d.id for d in loaded.plan.sources}
    files = [(PLAN_FILE, loaded.plan)] + [(f"{t}.yaml", theme) for t, theme in loaded.themes.items()]
    for file, model in files:
        for path, source in _walk_sources(model, ()):
            if source.document not in documents:
                report.at(file, path + ("document",), f"unknown source document '{source.document}': "
                          f"declare it under `sources` in {PLAN_FILE} (known: {', '.join(sorted(documents))})")


def _check_priorities(loaded: LoadedPlan, report: _Reporter) -> None:
    legend = {p.id for p in loaded.plan.priorities}
    for theme_id, theme in loaded.themes.items():
        for i, opgave in enumerate(theme.opgaven):
            if opgave.priority is not None and opgave.priority not in legend:
                known = ", ".join(sorted(legend)) or "none declared"
                report.at(f"{theme_id}.yaml", ("opgaven", i, "priority"),
                          f"unknown priority '{opgave.priority}': use one of the plan's `priorities` ({known})")


def _check_plan_period(loaded: LoadedPlan, report: _Reporter) -> None:
    period = loaded.plan.period
    if period.end.end < period.start.end:
        report.at(PLAN_FILE, ("period", "end"), f"plan period ends ({period.end}) before it starts ({period.start})")


FUZZY_BUDGET = 50
"""Unknown partner spellings that get a did-you-mean: a fuzzy match costs time, and a hostile plan can hold
thousands of them (as data/measurements.Suggestions)."""


def _check_partners(loaded: LoadedPlan, report: _Reporter) -> None:
    """A name or alias declared for two partners is an error; with a list, a partner of an initiative that is
    neither a name nor an alias in it is a warning, with the closest declared partner."""
    for path, message in declared_twice(loaded.plan.partners):
        report.at(PLAN_FILE, path, message)
    names = partner_names(loaded.plan)
    if not names.declared:
        return
    hints: dict[str, str] = {}
    for theme_id, theme in loaded.themes.items():
        for i, initiative in enumerate(theme.initiatives):
            for k, spelling in enumerate(initiative.partners):
                if names.canonical(spelling) is not None:
                    continue
                if spelling not in hints:
                    close = names.suggestion(spelling) if len(hints) < FUZZY_BUDGET else None
                    hints[spelling] = (f"did you mean '{close}'? If not, add it" if close else "add it")
                report.at(f"{theme_id}.yaml", ("initiatives", i, "partners", k),
                          f"unknown partner '{spelling}': {hints[spelling]} under `partners` in {PLAN_FILE}, as a "
                          "partner or as an alias of one", "warning")


def _check_references(loaded: LoadedPlan, index: PlanIndex, report: _Reporter) -> None:
    # Ids in a theme file that failed to load are unknown; references to them are not reported twice.
    initiative_ids = {i.id for t in loaded.themes.values() for i in t.initiatives}
    indicator_ids = {i.id for t in loaded.themes.values() for i in t.indicators}
    if loaded.failed_themes:
        initiative_ids = indicator_ids = _AnyId()
    for theme_id, theme in loaded.themes.items():
        file = f"{theme_id}.yaml"
        for path, ref in _doel_refs(theme):
            message = index.unresolved_doel(theme_id, ref)
            if message:
                report.at(file, path, message)
        for i, action in enumerate(theme.werkagenda):
            for field_name, known, kind in (("initiatives", initiative_ids, "initiative"),
                                            ("indicators", indicator_ids, "indicator")):
                for k, ref in enumerate(getattr(action, field_name)):
                    if ref not in known:
                        report.at(file, ("werkagenda", i, field_name, k), f"no {kind} with id '{ref}' in the plan")
        for i, initiative in enumerate(theme.initiatives):
            for k, ref in enumerate(initiative.contributes_to_opgaven):
                message = index.unresolved_opgave(theme_id, ref)
                if message:
                    report.at(file, ("initiatives", i, "contributes_to_opgaven", k), message)
        for field_name, items in (("initiatives", theme.initiatives), ("indicators", theme.indicators)):
            for i, item in enumerate(items):
                _check_shared_themes(loaded, theme_id, (field_name, i), item.themes, report)


def _check_shared_themes(loaded: LoadedPlan, lead: str, path: tuple, themes: list[str], report: _Reporter) -> None:
    """`themes` names other themes of the plan, each once; the lead theme is the file the record is in."""
    known = list(loaded.theme_ids)
    for k, theme_id in enumerate(themes):
        at = path + ("themes", k)
        if theme_id not in known:
            close = difflib.get_close_matches(theme_id, known, n=1)
            hint = f"did you mean '{close[0]}'?" if close else f"the plan's themes: {', '.join(known)}"
            report.at(f"{lead}.yaml", at, f"unknown theme '{theme_id}': {hint}")
        elif theme_id == lead:
            report.at(f"{lead}.yaml", at, f"'{theme_id}' is this file's own theme (the lead theme): list only the "
                      "other themes the record serves", "warning")
        elif theme_id in themes[:k]:
            report.at(f"{lead}.yaml", at, f"theme '{theme_id}' is listed twice", "warning")


class _AnyId:
    """Stands in for the set of known ids while some theme file could not be read."""

    def __contains__(self, item: object) -> bool:
        return True


def _doel_refs(theme) -> Iterator[tuple[tuple, str]]:
    for i, opgave in enumerate(theme.opgaven):
        for k, ref in enumerate(opgave.related):
            yield ("opgaven", i, "related", k), ref
        for j, doel in enumerate(opgave.doelen):
            for k, ref in enumerate(doel.related):
                yield ("opgaven", i, "doelen", j, "related", k), ref
    for j, doel in enumerate(theme.doelen):
        for k, ref in enumerate(doel.related):
            yield ("doelen", j, "related", k), ref
    for field_name, items, refs in (("initiatives", theme.initiatives, "contributes_to"),
                                    ("werkagenda", theme.werkagenda, "doelen"),
                                    ("indicators", theme.indicators, "doelen")):
        for i, item in enumerate(items):
            for k, ref in enumerate(getattr(item, refs)):
                yield (field_name, i, refs, k), ref


def _check_periods_and_targets(loaded: LoadedPlan, report: _Reporter) -> None:
    for theme_id, theme in loaded.themes.items():
        file = f"{theme_id}.yaml"
        for i, action in enumerate(theme.werkagenda):
            if action.start and action.end and action.end.end < action.start.end:
                report.at(file, ("werkagenda", i, "end"), f"ends ({action.end}) before it starts ({action.start})")
        for i, indicator in enumerate(theme.indicators):
            for path, message in indicator_problems(indicator):
                report.at(file, ("indicators", i) + path, message)


def indicator_problems(ind: Indicator) -> Iterator[tuple[tuple, str]]:
    """Target, interim targets and norm must agree with the baseline and the direction."""
    if ind.direction == "within_norm" and ind.norm is None:
        yield ("direction",), "direction within_norm needs a `norm` with min and/or max"
    if ind.direction is None and ind.kind != "context" and isinstance(ind.target, Value):
        yield ("target",), ("a target needs a `direction` (higher_is_better or lower_is_better): which way is good "
                            "cannot be judged without one")
    base = ind.baseline if isinstance(ind.baseline, Value) else None
    target = ind.target if isinstance(ind.target, Value) else None
    if base and target:
        if target.period.end <= base.period.end:
            yield ("target", "period"), f"target period {target.period} is not after baseline period {base.period}"
        if target.value == base.value:
            yield ("target", "value"), f"target {target.value:g} equals the baseline: progress cannot be measured"
        elif ind.direction == "higher_is_better" and target.value < base.value:
            yield ("target", "value"), (f"target {target.value:g} is below baseline {base.value:g}, "
                                        "but direction is higher_is_better")
        elif ind.direction == "lower_is_better" and target.value > base.value:
            yield ("target", "value"), (f"target {target.value:g} is above baseline {base.value:g}, "
                                        "but direction is lower_is_better")
    previous = base
    for k, interim in enumerate(ind.interim_targets):
        if previous and interim.period.end <= previous.period.end:
            yield ("interim_targets", k, "period"), f"period {interim.period} is not after {previous.period}"
        if target and interim.period.end >= target.period.end:
            yield ("interim_targets", k, "period"), f"period {interim.period} is not before the target period {target.period}"
        previous = interim


def _check_coverage(loaded: LoadedPlan, index: PlanIndex, report: _Reporter) -> None:
    for theme_id, theme in loaded.themes.items():
        file = f"{theme_id}.yaml"
        for path, doel in index.doel_paths(theme_id):
            if doel.gap is None and not index.serves((theme_id, doel.id)):
                report.at(file, path + ("id",), f"doel '{doel.id}' has no indicator, initiative or action (if the "
                          "plan names none yet, say so in `gap`)", "warning")
        for i, initiative in enumerate(theme.initiatives):
            if not (initiative.contributes_to or initiative.contributes_to_opgaven or initiative.gap):
                report.at(file, ("initiatives", i, "id"), f"initiative '{initiative.id}' contributes to no doel or "
                          "opgave (`contributes_to` and `contributes_to_opgaven` are empty; if the plan links it to none, say so "
                          "in `gap`)", "warning")

