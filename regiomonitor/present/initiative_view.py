"""Initiatives across all themes: the initiative × doel matrix, the blind spots, and partners.

The rows are prepared once per plan (Dashboard.initiatives); what a user filters is laid out from them in plain
Python into read-only Arrow tables, without a query or a data-frame engine on the page view. A row's partners are
the plan's partners (plan/partners.py): every spelling of one organisation counts as that one partner."""

from __future__ import annotations

from dataclasses import dataclass

import pyarrow as pa

from regiomonitor.plan.index import PlanIndex, build_index
from regiomonitor.plan.load import LoadedPlan
from regiomonitor.plan.partners import PartnerNames, partner_names

DIRECT, VIA_OPGAVE = "●", "○"


@dataclass(frozen=True)
class InitiativeRow:
    id: str
    theme: str
    theme_name: str
    name: str
    status: str
    partners: tuple[str, ...]      # the plan's partners (each once), whatever the spelling in the theme file
    doelen: tuple[str, ...]        # fully qualified "theme/doel"
    opgaven: tuple[str, ...]       # fully qualified "theme/opgave"
    served: tuple[str, ...] = ()   # the other themes it serves (one record, led by `theme`)
    gap: str | None = None         # why it serves no doel, where the plan links it to none
    aim: str | None = None


def initiative_rows(loaded: LoadedPlan, names: PartnerNames | None = None) -> list[InitiativeRow]:
    index = build_index(loaded)
    names = names or partner_names(loaded.plan)
    rows = []
    for theme_id in loaded.theme_ids:
        theme = loaded.themes.get(theme_id)
        for i in theme.initiatives if theme else []:
            served = tuple(index.served_themes(i.id))
            also = ", ".join(loaded.themes[t].name for t in served)
            rows.append(InitiativeRow(
                id=i.id, theme=theme_id, theme_name=theme.name + (f" (ook: {also})" if also else ""),
                name=(f"{i.label}. " if i.label else "") + i.name, served=served, gap=i.gap,
                status=i.status, aim=i.aim,
                partners=tuple(dict.fromkeys(names.resolve(p) for p in i.partners)),
                doelen=tuple("/".join(index.resolve(theme_id, r)) for r in i.contributes_to),
                opgaven=tuple("/".join(index.resolve(theme_id, r)) for r in i.contributes_to_opgaven)))
    return rows


def partner_list(rows) -> tuple[str, ...]:
    """Every partner the rows name, once, in alphabetical order (the Initiatieven page's choice of partner)."""
    return tuple(sorted({p for r in rows for p in r.partners}, key=str.casefold))


def filter_rows(rows: list[InitiativeRow], themes: list[str], statuses: list[str], partner: str | None) -> list[InitiativeRow]:
    return [r for r in rows if (not themes or r.theme in themes or any(t in themes for t in r.served))
            and (not statuses or r.status in statuses) and (not partner or partner in r.partners)]


def _table(data: dict[str, list], types: dict[str, pa.DataType] | None = None) -> pa.Table:
    types = types or {}
    return pa.table({name: pa.array(values, type=types.get(name, pa.string())) for name, values in data.items()})


def matrix(index: PlanIndex, rows: list[InitiativeRow]) -> pa.Table:
    """Rows: initiatives; columns: the doelen they serve. ● serves the doel, ○ serves its whole opgave."""
    doel_opgave = {f"{t}/{d}": f"{t}/{o}" for (t, d), o in index.doel_opgave.items() if o}
    columns: list[str] = []
    for row in rows:
        touched = list(row.doelen) + [d for d, o in doel_opgave.items() if o in row.opgaven]
        columns += [c for c in touched if c not in columns]
    order = {f"{t}/{d}": n for n, (t, d) in enumerate(index.doelen)}
    columns.sort(key=lambda c: order.get(c, len(order)))
    data: dict[str, list[str]] = {"Initiatief": [r.name for r in rows], "Thema": [r.theme_name for r in rows],
                                  "Status": [r.status for r in rows]}
    for column in columns:
        data[column] = [DIRECT if column in r.doelen else VIA_OPGAVE if doel_opgave.get(column) in r.opgaven else ""
                        for r in rows]
    return _table(data)


def unserved_doelen(loaded: LoadedPlan, index: PlanIndex, themes: list[str] = ()) -> pa.Table:
    """Witte vlekken: doelen that no initiative serves, directly or through their opgave (of `themes`, or all)."""
    rows = []
    for (theme_id, doel_id), doel in index.doelen.items():
        opgave = index.doel_opgave.get((theme_id, doel_id))
        direct = index.initiatives_by_doel.get((theme_id, doel_id))
        via = index.initiatives_by_opgave.get((theme_id, opgave)) if opgave else None
        if not direct and not via and (not themes or theme_id in themes):
            theme = loaded.themes.get(theme_id)
            rows.append((theme.name if theme else theme_id, opgave or "–", doel_id, doel.title, doel.gap or ""))
    names = ("Thema", "Opgave", "Doel", "Titel", "Toelichting")
    return _table({name: [r[n] for r in rows] for n, name in enumerate(names)})


def initiatives_without_doel(rows: list[InitiativeRow]) -> pa.Table:
    found = [r for r in rows if not r.doelen and not r.opgaven]
    return _table({"Initiatief": [r.name for r in found], "Thema": [r.theme_name for r in found],
                   "Status": [r.status for r in found], "Toelichting": [r.gap or "" for r in found]})


def partners(rows: list[InitiativeRow]) -> pa.Table:
    """Each partner organisation with the initiatives it takes part in, most involved first."""
    by_partner: dict[str, list[str]] = {}
    for row in rows:
        for partner in row.partners:
            by_partner.setdefault(partner, []).append(row.name)
    data = sorted(by_partner.items(), key=lambda kv: (-len(kv[1]), kv[0].lower()))
    return _table({"Partner": [p for p, _ in data], "Aantal": [len(i) for _, i in data],
                   "Initiatieven": ["; ".join(i) for _, i in data]}, {"Aantal": pa.int64()})
