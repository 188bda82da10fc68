"""The normalized plan as plain data: the stable JSON contract of `python -m regiomonitor dump`.

Doel references are written fully qualified ("acute-zorg/1.1") so that consumers need not know
which theme a reference was written in. A baseline or target the plan does not give is `null`
(target) or an object of nulls (baseline), never a guess.
"""

from __future__ import annotations

from typing import Any

from regiomonitor.plan.figures import Source, Value
from regiomonitor.plan.index import PlanIndex, build_index
from regiomonitor.plan.load import LoadedPlan
from regiomonitor.plan.model import Doel, Indicator, Section


def _source(source: Source | None) -> dict[str, Any] | None:
    if source is None:
        return None
    return {"document": source.document, "section": source.section, "page": source.page, "quote": source.quote}


def _figure(value: Value | str) -> dict[str, Any] | None:
    if not isinstance(value, Value):
        return None
    return {"value": value.value, "period": value.period, "source": _source(value.source)}


def _ref(index: PlanIndex, theme_id: str, ref: str) -> str:
    return "/".join(index.resolve(theme_id, ref))


def _doel(index: PlanIndex, theme_id: str, doel: Doel) -> dict[str, Any]:
    return {
        "id": doel.id,
        "title": doel.title,
        "indicators": list(dict.fromkeys(index.indicators_by_doel.get((theme_id, doel.id), []))),
        "gap": doel.gap,
    }


def _indicator(index: PlanIndex, theme_id: str, ind: Indicator) -> dict[str, Any]:
    return {
        "id": ind.id,
        "name": ind.name,
        "theme": theme_id,
        "themes": index.served_themes(ind.id),
        "kind": ind.kind,
        "unit": ind.unit,
        "direction": ind.direction,
        "baseline": _figure(ind.baseline) or {"value": None, "period": None, "source": None},
        "target": _figure(ind.target),
        "deadline": {"period": ind.deadline.period, "source": _source(ind.deadline.source)} if ind.deadline else None,
    }


def _section(section: Section) -> dict[str, Any]:
    return {"id": section.id, "title": section.title, "description": section.description,
            "items": [{"title": i.title, "description": i.description, "period": i.period, "source": _source(i.source)}
                      for i in section.items]}


def dump_plan(loaded: LoadedPlan) -> dict[str, Any]:
    index = build_index(loaded)
    plan = loaded.plan
    result: dict[str, Any] = {
        "region": plan.region if plan else None,
        "title": plan.title if plan else None,
        "subtitle": plan.subtitle if plan else None,
        "period": {"start": plan.period.start, "end": plan.period.end} if plan else None,
        "municipalities": list(plan.municipalities) if plan else [],
        "area": plan.area if plan else None,
        "committee": plan.committee if plan else None,
        "levels": plan.levels.model_dump() if plan else None,
        "priorities": [{"id": p.id, "label": p.label} for p in plan.priorities] if plan else [],
        "sources": [{"id": d.id, "title": d.title, "date": d.date, "file": d.file} for d in plan.sources] if plan else [],
        "sections": [_section(s) for s in plan.sections] if plan else [],
        "themes": [],
        "indicators": [],
        "initiatives": [],
        "agenda": [],
    }
    for theme_id in loaded.theme_ids:
        theme = loaded.themes.get(theme_id)
        if theme is None:
            continue
        result["themes"].append({
            "id": theme.id,
            "name": theme.name,
            "ambitie": theme.ambitie,
            "opgaven": [
                {"id": o.id, "title": o.title, "priority": o.priority,
                 "doelen": [_doel(index, theme_id, d) for d in o.doelen]}
                for o in theme.opgaven
            ],
            "doelen": [_doel(index, theme_id, d) for d in theme.doelen],
        })
        result["indicators"].extend(_indicator(index, theme_id, i) for i in theme.indicators)
        result["initiatives"].extend(
            {"id": i.id, "name": i.name, "theme": theme_id, "themes": index.served_themes(i.id), "status": i.status,
             "partners": list(i.partners), "gap": i.gap,
             "contributes_to": [_ref(index, theme_id, r) for r in i.contributes_to],
             "contributes_to_opgaven": [_ref(index, theme_id, r) for r in i.contributes_to_opgaven]}
            for i in theme.initiatives
        )
        result["agenda"].extend(
            {"id": a.id, "theme": theme_id, "title": a.title, "doelen": [_ref(index, theme_id, r) for r in a.doelen],
             "start": a.start, "end": a.end, "status": a.status}
            for a in theme.werkagenda
        )
    return result
