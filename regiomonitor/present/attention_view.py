"""The steering group's minute: where the region stands (KPI's favourable, unfavourable, neutral, not assessable —
the status registry's judgement —, late actions, what changed since the previous quarter), and what needs
attention across every theme, with why and whom to ask. Prepared once per quarter (present/dashboard.py)."""

from __future__ import annotations

from dataclasses import dataclass

from regiomonitor.engine.snapshot import QuarterState
from regiomonitor.engine.statuses import BY_CODE, JUDGEMENT_LABELS, severity
from regiomonitor.plan.loaded import LoadedPlan
from regiomonitor.present.words import Words


@dataclass(frozen=True)
class AttentionItem:
    kind: str          # "kpi" or "action"
    theme_id: str
    theme: str
    id: str
    name: str
    status_code: str   # the registry's code (a KPI's) or the action status code
    status: str
    why: str
    """One plain sentence (a KPI's summary, an action's explanation)."""
    detail: str
    """The analyst's numbers behind it, shown one line lower (a KPI's explanation; empty for an action)."""
    ask: str
    """Whom to ask, labelled: 'eigenaar: …', else the theme's bestuurlijk trekkers, else its thematafel."""


@dataclass(frozen=True)
class RegionSummary:
    favourable: int
    unfavourable: int
    neutral: int
    not_assessable: int
    actions_late: int
    actions: int
    better: int
    worse: int
    items: tuple[AttentionItem, ...]

    @property
    def judged(self) -> str:
        """'10 gunstig, 11 ongunstig, 11 neutraal, 26 niet te beoordelen': the reports' line on the KPI's."""
        return ", ".join(f"{getattr(self, key)} {label.lower()}" for key, label in JUDGEMENT_LABELS.items())

    @property
    def kpis(self) -> tuple[AttentionItem, ...]:
        return tuple(i for i in self.items if i.kind == "kpi")

    @property
    def late_actions(self) -> tuple[AttentionItem, ...]:
        return tuple(i for i in self.items if i.kind == "action")


def whom_to_ask(loaded: LoadedPlan, words: Words, theme_id: str, owner: str | None) -> str:
    """The owner; else the theme's bestuurlijk trekkers (in the plan's word for them); else its thematafel."""
    if owner:
        return f"eigenaar: {owner}"
    theme = loaded.themes.get(theme_id)
    if theme and theme.bestuurlijk_trekkers:
        people = ", ".join(p.name + (f" ({p.role})" if p.role else "") for p in theme.bestuurlijk_trekkers)
        return f"{words.leads_mid}: {people}"
    return f"thematafel {theme.name if theme else theme_id}"


def region_summary(loaded: LoadedPlan, words: Words, state: QuarterState,
                   themes: list[str] | None = None) -> RegionSummary:
    """The region's standing and attention list; of the `themes` given only (the pack of some themes), else all."""
    counts = {"favourable": 0, "unfavourable": 0, "neutral": 0, "not_assessable": 0}
    chosen = set(themes or loaded.themes)
    owners = {i.id: i.owner for t in loaded.themes.values() for i in t.indicators}
    names = {t: theme.name for t, theme in loaded.themes.items()}
    items = []
    for row in state.status.iter_rows(named=True):
        if row["theme"] not in chosen:
            continue
        status = BY_CODE[row["status_code"]]
        counts[status.judgement if status.assessed else "not_assessable"] += 1
        if status.needs_attention:
            items.append(AttentionItem("kpi", row["theme"], names.get(row["theme"], row["theme"]), row["indicator"],
                                       row["name"], status.code, row["status"], row["summary"], row["explanation"],
                                       whom_to_ask(loaded, words, row["theme"], owners.get(row["indicator"]))))
    items.sort(key=lambda i: (severity(i.status_code), list(names).index(i.theme_id) if i.theme_id in names else 0))
    late = [a for a in state.actions.iter_rows(named=True) if a["late"] and a["theme"] in chosen]
    items += [AttentionItem("action", a["theme"], names.get(a["theme"], a["theme"]), a["id"], a["title"],
                            a["status_code"], a["status"], a["explanation"], "",
                            whom_to_ask(loaded, words, a["theme"], a["owner"])) for a in late]
    changes = [r["change"] for r in state.changes.iter_rows(named=True) if r["theme"] in chosen]
    actions = sum(1 for theme in state.actions["theme"].to_list() if theme in chosen)
    return RegionSummary(**counts, actions_late=len(late), actions=actions,
                         better=changes.count("better"), worse=changes.count("worse"), items=tuple(items))
