"""Initiatives across all themes: the initiative × doel matrix, the blind spots, and partners."""

from __future__ import annotations

import re
from dataclasses import dataclass

import polars as pl

from regiomonitor.plan.index import build_index
from regiomonitor.plan.load import LoadedPlan

DIRECT, VIA_OPGAVE = "●", "○"


@dataclass(frozen=True)
class InitiativeRow:
    id: str
    theme: str
    name: str
    status: str
    partners: tuple[str, ...]
    doelen: tuple[str, ...]        # fully qualified "theme/doel"
    opgaven: tuple[str, ...]       # fully qualified "theme/opgave"


def initiative_rows(loaded: LoadedPlan) -> list[InitiativeRow]:
    index = build_index(loaded)
    rows = []
    for theme_id in loaded.theme_ids:
        theme = loaded.themes.get(theme_id)
        for i in theme.initiatives if theme else []:
            rows.append(InitiativeRow(
                id=i.id, theme=theme_id, name=(f"{i.label}. " if i.label else "") + i.name, status=i.status,
                partners=tuple(p.strip() for p in i.partners),
                doelen=tuple("/".join(index.resolve(theme_id, r)) for r in i.contributes_to),
                opgaven=tuple("/".join(index.resolve(theme_id, r)) for r in i.contributes_to_opgaven)))
    return rows


def filter_rows(rows: list[InitiativeRow], themes: list[str], statuses: list[str], partner: str | None) -> list[InitiativeRow]:
    return [r for r in rows if (not themes or r.theme in themes) and (not statuses or r.status in statuses)
            and (not partner or partner in r.partners)]


def matrix(loaded: LoadedPlan, rows: list[InitiativeRow]) -> pl.DataFrame:
    """Rows: initiatives; columns: the doelen they serve. ● serves the doel, ○ serves its whole opgave."""
    index = build_index(loaded)
    doel_opgave = {f"{t}/{d}": f"{t}/{o}" for (t, d), o in index.doel_opgave.items() if o}
    columns: list[str] = []
    for row in rows:
        touched = list(row.doelen) + [d for d, o in doel_opgave.items() if o in row.opgaven]
        columns += [c for c in touched if c not in columns]
    order = {f"{t}/{d}": n for n, (t, d) in enumerate(index.doelen)}
    columns.sort(key=lambda c: order.get(c, len(order)))
    data: dict[str, list[str]] = {"Initiatief": [r.name for r in rows], "Thema": [r.theme for r in rows],
                                  "Status": [r.status for r in rows]}
    for column in columns:
        data[column] = [DIRECT if column in r.doelen else VIA_OPGAVE if doel_opgave.get(column) in r.opgaven else ""
                        for r in rows]
    return pl.DataFrame(data, schema={k: pl.String for k in data})


def unserved_doelen(loaded: LoadedPlan) -> pl.DataFrame:
    """Witte vlekken: doelen that no initiative serves, directly or through their opgave."""
    index = build_index(loaded)
    rows = []
    for (theme_id, doel_id), doel in index.doelen.items():
        opgave = index.doel_opgave.get((theme_id, doel_id))
        direct = index.initiatives_by_doel.get((theme_id, doel_id))
        via = index.initiatives_by_opgave.get((theme_id, opgave)) if opgave else None
        if not direct and not via:
            rows.append({"Thema": theme_id, "Opgave": opgave or "–", "Doel": doel_id, "Titel": doel.title})
    return pl.DataFrame(rows, schema={"Thema": pl.String, "Opgave": pl.String, "Doel": pl.String, "Titel": pl.String})


def initiatives_without_doel(rows: list[InitiativeRow]) -> pl.DataFrame:
    found = [{"Initiatief": r.name, "Thema": r.theme, "Status": r.status} for r in rows if not r.doelen and not r.opgaven]
    return pl.DataFrame(found, schema={"Initiatief": pl.String, "Thema": pl.String, "Status": pl.String})


def _partner_key(name: str) -> str:
    return re.sub(r"\s+", " ", name).strip()


def partners(rows: list[InitiativeRow]) -> pl.DataFrame:
    """Each partner organisation with the initiatives it takes part in, most involved first."""
    by_partner: dict[str, list[str]] = {}
    for row in rows:
        for partner in row.partners:
            by_partner.setdefault(_partner_key(partner), []).append(row.name)
    data = sorted(by_partner.items(), key=lambda kv: (-len(kv[1]), kv[0].lower()))
    return pl.DataFrame({"Partner": [p for p, _ in data], "Aantal": [len(i) for _, i in data],
                         "Initiatieven": ["; ".join(i) for _, i in data]},
                        schema={"Partner": pl.String, "Aantal": pl.Int64, "Initiatieven": pl.String})
