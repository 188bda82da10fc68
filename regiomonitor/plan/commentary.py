"""The committee's commentary per quarter: `plan/toelichting/<YYYY-Qn>.yaml`.

Per indicator (by id) or doel (as `theme/doel`) a short explanation (`toelichting`) and, where the KPI is not
on course, follow-up actions (`vervolgacties`) with an owner and a due date:

    quarter: 2026-Q3
    indicators:
      acute-zorg-hap-contacten-per-1000:
        toelichting: De daling zet door dankzij de nieuwe triage.
    doelen:
      acute-zorg/1.1:
        toelichting: ...
        vervolgacties:
          - action: Extra triagisten inzetten
            owner: Spoedpost Kennemerland
            due: 2026-12-31
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints, ValidationError

from regiomonitor.core.limits import year_problem
from regiomonitor.core.problems import Problem
from regiomonitor.plan.fields import usable_period
from regiomonitor.plan.schema_errors import problems_from_validation
from regiomonitor.plan.yamlsource import YamlError, format_path, read_yaml

COMMENTARY_DIR = "toelichting"
QUARTER = re.compile(r"^[0-9]{4}-Q[1-4]$")

Text = Annotated[str, StringConstraints(min_length=1, strip_whitespace=True)]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


def _usable_date(day: date) -> date:
    problem = year_problem(day.year)
    if problem:
        raise ValueError(f"'{day.isoformat()}': {problem}")
    return day


class FollowUp(_Model):
    """A concrete follow-up action the plan asks for when a KPI is not met."""

    action: Text = Field(description="what will be done")
    owner: Text = Field(description="organisation or role that does it")
    due: Annotated[date, AfterValidator(_usable_date)] = Field(description="date by which it is done (YYYY-MM-DD)")
    done: Annotated[date, AfterValidator(_usable_date)] | None = Field(
        default=None, description="the day a later round reported it done; open until then")


class Note(_Model):
    toelichting: Text = Field(description="short explanation of the status this quarter")
    vervolgacties: list[FollowUp] = Field(default_factory=list)

    def lines(self) -> list[str]:
        """The toelichting, then '→ action (owner, uiterlijk 31-12-2026)' per follow-up action: the reports'
        wording, which each format joins its own way."""
        return [self.toelichting] + [f"→ {a.action} ({a.owner}, uiterlijk {a.due.strftime('%d-%m-%Y')})"
                                     for a in self.vervolgacties]


class Commentary(_Model):
    quarter: Annotated[str, StringConstraints(pattern=QUARTER.pattern), AfterValidator(usable_period)] = Field(
        description="e.g. 2026-Q3")
    indicators: dict[str, Note] = Field(default_factory=dict, description="per indicator id")
    doelen: dict[str, Note] = Field(default_factory=dict, description="per doel, as theme/doel")


def commentary_file(plan_directory: Path, quarter: str) -> Path:
    return Path(plan_directory) / COMMENTARY_DIR / f"{quarter}.yaml"


def load_commentary(loaded) -> tuple[dict[str, Commentary], list[Problem]]:
    """Every `toelichting/*.yaml` of the plan, checked against the plan's indicators and doelen."""
    found: dict[str, Commentary] = {}
    problems: list[Problem] = _unread(loaded)
    for path in sorted((loaded.directory / COMMENTARY_DIR).glob("*.yaml")):
        name = loaded.file_name(f"{COMMENTARY_DIR}/{path.name}")
        try:
            doc = read_yaml(path, loaded.directory, name)
        except YamlError as exc:
            problems.append(exc.problem)
            continue
        try:
            commentary = Commentary.model_validate(doc.data)
        except ValidationError as exc:
            problems.extend(problems_from_validation(exc, doc, Commentary))
            continue

        def at(path_: tuple, message: str) -> None:
            line, col = doc.key_position(path_)
            problems.append(Problem(name, line, col, format_path(path_), message))

        if commentary.quarter != path.stem:
            at(("quarter",), f"quarter '{commentary.quarter}' does not match the file name {path.name}: "
                             f"commentary for {commentary.quarter} belongs in {commentary.quarter}.yaml")
        indicators = {i.id for t in loaded.themes.values() for i in t.indicators}
        for indicator_id in commentary.indicators:
            if indicator_id not in indicators and not loaded.failed_themes:
                at(("indicators", indicator_id), f"indicator '{indicator_id}' is not in the plan")
        doelen = {(t, d.id) for t, theme in loaded.themes.items()
                  for d in [d for o in theme.opgaven for d in o.doelen] + list(theme.doelen)}
        for ref in commentary.doelen:
            theme_id, _, doel_id = ref.partition("/")
            if not doel_id:
                at(("doelen", ref), f"doel '{ref}' must be written as theme/doel, e.g. acute-zorg/1.1")
            elif theme_id in loaded.themes and (theme_id, doel_id) not in doelen:
                at(("doelen", ref), f"theme '{theme_id}' has no doel '{doel_id}'")
            elif theme_id not in loaded.theme_ids:
                at(("doelen", ref), f"doel '{ref}' names theme '{theme_id}', which is not in the plan")
        found[path.stem] = commentary
    return found, problems


def _unread(loaded) -> list[Problem]:
    """A warning for each entry of the toelichting folder that is not read (`2026-Q3.yml`, `2026-Q3.YAML`, a
    subfolder): the committee's text would otherwise silently be missing from every report."""
    folder = loaded.directory / COMMENTARY_DIR
    if not folder.is_dir():
        return []
    return [Problem(loaded.file_name(f"{COMMENTARY_DIR}/{path.name}"), 0, 0, "",
                    "is not read: toelichting files are named YYYY-Qn.yaml, e.g. 2026-Q3.yaml", "warning")
            for path in sorted(folder.iterdir())
            if path.suffix != ".yaml" and path.name not in ("README.md", ".gitkeep") and not path.name.startswith(".")]


@dataclass(frozen=True)
class OpenFollowUp:
    quarter: str
    """The quarter whose toelichting agreed it."""
    kind: str
    """'indicators' or 'doelen'."""
    key: str
    """The indicator id or 'theme/doel'."""
    follow_up: FollowUp


def open_follow_ups(loaded, before: str, as_of: date | None = None) -> list[OpenFollowUp]:
    """Follow-up actions agreed in the quarters before `before` and not reported done (by `as_of`, when given):
    they stay open, round after round, until one marks them done."""
    found = []
    for quarter in sorted(q for q in loaded.commentary if q < before):
        commentary = loaded.commentary[quarter]
        for kind, notes in (("indicators", commentary.indicators), ("doelen", commentary.doelen)):
            found += [OpenFollowUp(quarter, kind, key, f) for key, note in notes.items() for f in note.vervolgacties
                      if f.done is None or (as_of is not None and f.done > as_of)]
    return found


def notes_for(loaded, quarter: str) -> tuple[dict[str, Note], dict[str, Note]]:
    """(per indicator id, per 'theme/doel') the commentary of a quarter; empty when there is none."""
    commentary = loaded.commentary.get(quarter)
    return (dict(commentary.indicators), dict(commentary.doelen)) if commentary else ({}, {})
