"""What a change to the plan does: added, removed, changed, renumbered and moved parts, and the KPI statuses
it alters. `python -m regiomonitor diff BASE HEAD` — for reviewers of a theme team's pull request.

A doel whose id changed while its title stayed the same is *renumbered*, not removed and added; an
initiative or action that went to another theme file is *moved*.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, replace
from datetime import date
from pathlib import Path

from regiomonitor.core.formatting import count_nl, period_range_nl
from regiomonitor.core.jsontext import json_text
from regiomonitor.core.safetext import md_code, md_text
from regiomonitor.engine.progress import Progress
from regiomonitor.plan.load import LoadedPlan
from regiomonitor.plan.model import Indicator
from regiomonitor.present.views import figure_text, norm_text
from regiomonitor.present.words import Words, words_of

KINDS = ("theme", "opgave", "doel", "indicator", "initiative", "action")  # named in the plan's words when shown
CHANGE_NL = {"added": "Toegevoegd", "removed": "Verwijderd", "changed": "Gewijzigd", "renumbered": "Hernummerd",
             "moved": "Verplaatst"}
FIELD_NL = {"name": "naam", "title": "titel", "ambitie": "ambitie", "priority": "prioriteit", "unit": "eenheid",
            "direction": "richting", "baseline": "nulmeting", "target": "streefwaarde", "norm": "norm",
            "owner": "eigenaar", "doelen": "doelen", "status": "status", "partners": "partners",
            "contributes_to": "draagt bij aan", "period": "periode", "theme": "thema", "id": "nummer",
            "feed": "open-databron", "assumed": "aanname"}


@dataclass
class Change:
    kind: str          # theme, opgave, doel, indicator, initiative, action
    change: str        # added, removed, changed, renumbered, moved
    id: str            # 'acute-zorg/1.1' for opgaven and doelen, the id otherwise
    name: str
    theme: str
    details: list[dict] = field(default_factory=list)  # {"field", "old", "new"}


@dataclass
class PlanDiff:
    base: str
    head: str
    as_of: date
    changes: list[Change]
    statuses: list[dict]  # {"indicator", "name", "old", "new"}
    errors: dict[str, int]
    not_compared: list[dict] = field(default_factory=list)  # {"side", "entry"}: links and the like in a revision
    words: Words | None = None  # the head plan's words for its levels, for the Markdown; not part of the JSON

    def to_json(self) -> str:
        data = asdict(replace(self, words=None))
        data.pop("words")
        return json_text(data)


def _details(old: dict, new: dict) -> list[dict]:
    return [{"field": k, "old": old[k], "new": new[k]} for k in old if old[k] != new[k]]


def _index(loaded: LoadedPlan) -> dict[str, dict[str, tuple[str, str, dict]]]:
    """Per kind: key -> (theme id, display name, the fields that are compared)."""
    out: dict[str, dict] = {kind: {} for kind in KINDS}
    for theme_id in loaded.theme_ids:
        theme = loaded.themes.get(theme_id)
        if theme is None:
            continue
        out["theme"][theme_id] = (theme_id, theme.name, {"name": theme.name, "ambitie": theme.ambitie})
        for opgave in theme.opgaven:
            out["opgave"][f"{theme_id}/{opgave.id}"] = (theme_id, opgave.title,
                                                        {"title": opgave.title, "priority": opgave.priority or "–"})
        for doel in [d for o in theme.opgaven for d in o.doelen] + list(theme.doelen):
            out["doel"][f"{theme_id}/{doel.id}"] = (theme_id, doel.title, {"title": doel.title})
        for ind in theme.indicators:
            out["indicator"][ind.id] = (theme_id, ind.name, _indicator_fields(ind))
        for ini in theme.initiatives:
            out["initiative"][ini.id] = (theme_id, ini.name, {
                "theme": theme_id, "name": ini.name, "status": ini.status, "partners": ", ".join(ini.partners) or "–",
                "contributes_to": ", ".join(ini.contributes_to + [f"opgave {o}" for o in ini.contributes_to_opgaven])
                or "–"})
        for action in theme.werkagenda:
            out["action"][action.id] = (theme_id, action.title, {
                "theme": theme_id, "title": action.title, "period": period_range_nl(action.start, action.end),
                "status": action.status, "owner": action.owner or "–", "doelen": ", ".join(action.doelen) or "–"})
    return out


def _indicator_fields(ind: Indicator) -> dict:
    return {"name": ind.name, "unit": ind.unit, "direction": ind.direction,
            "baseline": figure_text(ind.baseline, ind.unit), "target": figure_text(ind.target, ind.unit, ind.deadline),
            "norm": norm_text(ind) or "–", "owner": ind.owner or "–", "doelen": ", ".join(ind.doelen) or "–",
            "feed": _feed_text(ind), "assumed": ind.assumed or "–"}


def _feed_text(ind: Indicator) -> str:
    """'CBS gezondheid-wijk-buurt EenOfMeerLangdurigeAandoeningen_16 (Leeftijd 20300, Marges MW00000), gewogen'."""
    feed = ind.feed
    if feed is None:
        return "–"
    filters = ", ".join(f"{k} {v}" for k, v in feed.filters.items())
    method = {"sum": "som", "population-weighted": "gewogen"}[feed.region]
    return f"CBS {feed.series} {feed.measure}" + (f" ({filters})" if filters else "") + f", {method}"


def compare(base: LoadedPlan, head: LoadedPlan) -> list[Change]:
    old, new = _index(base), _index(head)
    # A theme file that does not load on one side is not compared: its parts are not gone, only unreadable.
    broken = set(base.failed_themes) | set(head.failed_themes)
    for side in (old, new):
        for kind in side:
            side[kind] = {k: v for k, v in side[kind].items() if v[0] not in broken}
    changes: list[Change] = []
    for kind in KINDS:
        removed = [k for k in old[kind] if k not in new[kind]]
        added = [k for k in new[kind] if k not in old[kind]]
        if kind == "doel":
            removed, added = _renumbered(old[kind], new[kind], removed, added, changes)
        for key in removed:
            theme, name, _ = old[kind][key]
            changes.append(Change(kind, "removed", key, name, theme))
        for key in added:
            theme, name, _ = new[kind][key]
            changes.append(Change(kind, "added", key, name, theme))
        for key in [k for k in new[kind] if k in old[kind]]:
            details = _details(old[kind][key][2], new[kind][key][2])
            if not details:
                continue
            moved = [d for d in details if d["field"] == "theme"]
            theme, name, _ = new[kind][key]
            changes.append(Change(kind, "moved" if moved else "changed", key, name, theme, details))
    return changes


def _renumbered(old: dict, new: dict, removed: list[str], added: list[str], changes: list[Change]):
    """A removed and an added doel in the same theme with the same title: the doel got another number."""
    for old_key in list(removed):
        theme, title, _ = old[old_key]
        match = next((k for k in added if new[k][0] == theme and new[k][1] == title), None)
        if match:
            removed.remove(old_key)
            added.remove(match)
            changes.append(Change("doel", "renumbered", match, title, theme,
                                  [{"field": "id", "old": old_key.split("/", 1)[1], "new": match.split("/", 1)[1]}]))
    return removed, added


def status_changes(base: Progress | None, head: Progress | None, as_of: date,
                   broken: frozenset[str] = frozenset()) -> list[dict]:
    """KPI's whose status as of `as_of` differs between base and head (including new and removed ones);
    KPI's of a theme that does not load on either side are left out."""
    def table(progress):
        if progress is None:
            return {}
        return {r["indicator"]: (r["name"], r["status"]) for r in progress.status(as_of).iter_rows(named=True)
                if r["theme"] not in broken}

    old, new = table(base), table(head)
    rows = []
    for key in list(old) + [k for k in new if k not in old]:
        before, after = old.get(key, (None, "–"))[1], new.get(key, (None, "–"))[1]
        if before != after:
            rows.append({"indicator": key, "name": (new.get(key) or old.get(key))[0], "old": before, "new": after})
    return rows


def render_markdown(diff: PlanDiff) -> str:
    """The diff as GitHub Markdown (the pull-request comment, `diff --format markdown`). Every name, id, value
    and revision name comes from a file or the command line: each is text (md_text) or code (md_code), so a
    name cannot add a heading, an @mention, an image or a link to the comment."""
    lines = [f"### Wat deze wijziging met het plan doet ({md_text(diff.base)} → {md_text(diff.head)})", ""]
    for side, count in diff.errors.items():
        if count:
            lines.append(f"> **Let op:** het plan in {md_text(side)} bevat {count_nl(count, 'fout', 'fouten')}; "
                         "onderdelen met fouten zijn niet vergeleken. Zie `python -m regiomonitor check`.")
    if diff.not_compared:
        lines.append("> **Niet vergeleken** (geen gewoon bestand, of te groot): " + "; ".join(
            f"{md_text(item['entry'])} ({md_text(item['side'])})" for item in diff.not_compared))
    w = diff.words or words_of(LoadedPlan(Path(".")))
    names = {"theme": w.theme, "opgave": w.opgave, "doel": w.doel, "indicator": w.indicator,
             "initiative": w.initiative, "action": w.action}
    if not diff.changes:
        levels = [w.themes_mid, *([w.opgaven_mid] if w.has_opgaven else []), w.doelen_mid,
                  *([w.indicators_mid] if w.has_indicators else []),
                  *([w.initiatives_mid] if w.has_initiatives else []), *([w.actions_mid] if w.has_actions else [])]
        lines.append(f"Geen inhoudelijke wijzigingen in {md_text(', '.join(levels[:-1]))} of {md_text(levels[-1])}.")
    for change in ("added", "removed", "renumbered", "moved", "changed"):
        part = [c for c in diff.changes if c.change == change]
        if not part:
            continue
        lines += ["", f"**{CHANGE_NL[change]}**", ""]
        for c in part:
            text = f"- {md_text(names[c.kind])} {md_code(c.id)} — {md_text(c.name)}"
            if c.details:
                text += ": " + "; ".join(f"{md_text(FIELD_NL.get(d['field'], d['field']))} {md_text(str(d['old']))} → "
                                         f"{md_text(str(d['new']))}" for d in c.details)
            lines.append(text)
    lines += ["", f"**Statussen op {diff.as_of.strftime('%d-%m-%Y')}** (laatste volledige kwartaal)", ""]
    if diff.statuses:
        lines += [f"| {md_text(w.indicator)} | was | wordt |", "| --- | --- | --- |"]
        lines += [f"| {md_text(s['name'])} ({md_code(s['indicator'], table=True)}) | {md_text(s['old'])} | {md_text(s['new'])} |"
                  for s in diff.statuses]
    else:
        lines.append("Deze wijziging verandert geen enkele KPI-status.")
    return "\n".join(lines) + "\n"


def diff_plans(base_name: str, head_name: str, base: tuple[Path, Path], head: tuple[Path, Path],
               as_of: date) -> PlanDiff:
    from regiomonitor.plan.load import load_plan

    loaded = {}
    progress = {}
    not_compared = []
    for side, name, (plan, data, *skipped) in (("base", base_name, base), ("head", head_name, head)):
        loaded[side] = load_plan(plan)
        progress[side] = Progress.build(loaded[side], data) if loaded[side].themes else None
        not_compared += [{"side": name, "entry": entry} for entry in (skipped[0] if skipped else ())]
    return PlanDiff(base_name, head_name, as_of, compare(loaded["base"], loaded["head"]),
                    status_changes(progress["base"], progress["head"], as_of,
                                   frozenset(loaded["base"].failed_themes) | frozenset(loaded["head"].failed_themes)),
                    {base_name: len(loaded["base"].errors), head_name: len(loaded["head"].errors)}, not_compared,
                    words_of(loaded["head"]))


def change_lines(changes: list[Change], words: Words) -> list[str]:
    """The changes as plain Dutch lines ('Gewijzigd · KPI Wachttijd intake: streefwaarde 8 weken (2026) → 7 weeks
    (2026)'), for the committee pack and the Rapportage page; each format escapes them its own way."""
    names = {"theme": words.theme, "opgave": words.opgave, "doel": words.doel, "indicator": words.indicator,
             "initiative": words.initiative, "action": words.action}
    lines = []
    for kind in ("added", "removed", "renumbered", "moved", "changed"):
        for c in (c for c in changes if c.change == kind):
            text = f"{CHANGE_NL[kind]} · {names[c.kind]} {c.name}"
            if c.details:
                text += ": " + "; ".join(f"{FIELD_NL.get(d['field'], d['field'])} {d['old']} → {d['new']}"
                                         for d in c.details)
            lines.append(text)
    return lines
