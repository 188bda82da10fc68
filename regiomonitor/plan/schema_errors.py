"""Turn pydantic validation errors into located problems in plain words.

Pydantic's messages are written for programmers ("Input should be a valid string"); theme-team
members need "must be text, got the number 12". The location comes from the YAML positions.
"""

from __future__ import annotations

import difflib
import math
import re
import typing
from datetime import date, datetime
from typing import Any

from pydantic import BaseModel, ValidationError

from regiomonitor.core.limits import too_large
from regiomonitor.core.problems import Problem
from regiomonitor.plan.figures import UNION_TAGS
from regiomonitor.plan.yamlsource import YamlDocument, format_path

PATTERN_HINTS = {
    "^[0-9]{4}-Q[1-4]$": "must be a quarter written as YYYY-Qn, e.g. 2026-Q3",
    "^[a-z0-9][a-z0-9-]*$": "must be an id of lowercase letters, digits and hyphens (e.g. 'acute-zorg')",
    "^[A-Za-z0-9][A-Za-z0-9.\\-]*$": "must be a short label of letters, digits, dots or hyphens (e.g. '1', '2a', '6.1')",
    "^([a-z0-9][a-z0-9-]*/)?[A-Za-z0-9][A-Za-z0-9.\\-]*$": (
        "must be a doel reference: '13' for a doel of this theme or 'digitalisering/2' for another theme's doel"
    ),
    "^GM[0-9]{4}$": "must be a CBS gemeente code: GM and four digits, e.g. GM0392",
    "^[0-9]{5}[A-Za-z]{3}$": "must be a CBS table id: five digits and three letters, e.g. 85984NED",
    "^[A-Za-z][A-Za-z0-9_]*$": "must be a key as CBS writes it: letters, digits and underscores, e.g. Eenzaamheid_27",
    "^[0-9]{4}(-(Q[1-4]|[0-9]{2}|[0-9]{2}-[0-9]{2}))?$": (
        "must be a period: a year (2024), a quarter (2024-Q3), a month (2024-07) or a day (2024-07-15)"
    ),
}


def _describe(value: Any) -> str:
    if isinstance(value, bool):
        return f"yes/no value {str(value).lower()}"
    if isinstance(value, float) and not math.isfinite(value):
        return "a value that is not a number (.nan)" if math.isnan(value) else "an infinite value"
    if isinstance(value, (int, float)):
        text = str(value)
        return f"the number {text}" if len(text) <= 30 else f"a number of {len(text)} digits"
    if isinstance(value, (date, datetime)):
        return f"the date {value.isoformat()}"
    if isinstance(value, str):
        return f"the text '{value}'" if len(value) < 60 else "a text"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if value is None:
        return "nothing (empty value)"
    return type(value).__name__


def _allowed_fields(model: type[BaseModel], loc: tuple) -> list[str]:
    """Field names allowed at the mapping that holds `loc`, for 'did you mean' hints."""
    current: Any = model
    for part in loc[:-1]:
        if isinstance(part, int) or current is None:
            continue
        info = getattr(current, "model_fields", {}).get(part)
        current = _inner_model(info.annotation) if info else None
    return list(getattr(current, "model_fields", {}).keys())


def _inner_model(annotation: Any) -> Any:
    """The first pydantic model inside an annotation such as `list[Doel]` or `Norm | None`."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in typing.get_args(annotation):
        found = _inner_model(arg)
        if found is not None:
            return found
    return None


DUTCH_FIELDS = {
    "eigenaar": "owner", "naam": "name", "titel": "title", "eenheid": "unit", "richting": "direction",
    "soort": "kind", "nulmeting": "baseline", "streefwaarde": "target", "tussendoelen": "interim_targets",
    "bron": "source", "citaat": "quote", "periode": "period", "waarde": "value", "omschrijving": "description",
    "beschrijving": "description", "toelichting": "description", "frequentie": "frequency", "begin": "start",
    "eind": "end", "einde": "end", "opmerking": "note", "prioriteit": "priority", "initiatieven": "initiatives",
    "acties": "werkagenda", "indicatoren": "indicators", "kpis": "indicators", "kpi's": "indicators",
    "draagt_bij_aan": "contributes_to", "gemeenten": "municipalities", "regio": "region", "themas": "themes",
    "thema's": "themes", "bronnen": "sources", "niveaus": "levels", "commissie": "committee", "aanname": "assumed",
    "bestand": "file", "pagina": "page", "sectie": "section", "vergelijkingen": "comparisons",
}
"""Field names a Dutch theme team may write, and the (English) field they mean: the 'did you mean' hint."""

DUTCH_VALUES = {
    "hoger is beter": "higher_is_better", "lager is beter": "lower_is_better", "binnen de norm": "within_norm",
    "resultaat": "result", "inspanning": "effort", "maandelijks": "monthly", "per maand": "monthly",
    "per kwartaal": "quarterly", "kwartaal": "quarterly", "jaarlijks": "yearly", "per jaar": "yearly",
    "regio": "region",
}
"""Values a Dutch theme team may write where the schema takes an English code."""


def _close_value(value: object, expected: str) -> str | None:
    """The allowed value a written one most likely means: its Dutch equivalent, or the nearest spelling."""
    options = re.findall(r"'([^']*)'", expected)
    written = str(value).strip().lower()
    if DUTCH_VALUES.get(written) in options:
        return DUTCH_VALUES[written]
    close = difflib.get_close_matches(written, options, n=1)
    return close[0] if close else None


def message_for(error: dict, model: type[BaseModel], loc: tuple) -> str:
    kind, value, ctx = error["type"], error.get("input"), error.get("ctx") or {}
    if kind == "extra_forbidden":
        allowed = _allowed_fields(model, loc)
        dutch = DUTCH_FIELDS.get(str(loc[-1]).lower())
        close = [dutch] if dutch in allowed else difflib.get_close_matches(str(loc[-1]), allowed, n=1)
        hint = f"; did you mean '{close[0]}'?" if close else (f"; allowed: {', '.join(allowed)}" if allowed else "")
        return f"unknown field '{loc[-1]}'{hint}"
    if kind == "missing":
        return "required field is missing"
    if kind in ("string_type",):
        unquoted = isinstance(value, (bool, int, float, date))  # YAML read it as a number, yes/no or date
        return f"must be text, got {_describe(value)}" + (": put it in quotes" if unquoted else "")
    if kind == "finite_number":
        return f"must be a finite number, got {_describe(value)}"
    if kind == "float_type" and isinstance(value, int) and not isinstance(value, bool):  # beyond float's range
        return too_large(_describe(value))
    if kind in ("float_type", "int_type", "float_parsing", "int_parsing", "int_from_float"):
        return f"must be a number, got {_describe(value)}"
    if kind.startswith("date_"):
        return f"must be a date written as YYYY-MM-DD, e.g. 2026-12-31; got {_describe(value)}"
    if kind == "bool_type":
        return f"must be true or false, got {_describe(value)}"
    if kind in ("list_type",):
        return f"must be a list, got {_describe(value)}"
    if kind in ("model_type", "dict_type", "model_attributes_type"):
        return f"must be a mapping of fields, got {_describe(value)}"
    if kind == "literal_error":
        expected = ctx.get("expected", "")
        close = _close_value(value, expected) if isinstance(value, str) else None
        return f"must be one of {expected}; got {_describe(value)}" + (f"; did you mean '{close}'?" if close else "")
    if kind == "string_pattern_mismatch":
        hint = PATTERN_HINTS.get(ctx.get("pattern", ""), f"must match {ctx.get('pattern')}")
        return f"{hint}; got {_describe(value)}"
    if kind == "string_too_short":
        return "must not be empty"
    if kind == "string_too_long":
        return f"is too long (at most {ctx.get('max_length')} characters)"
    if kind == "too_short":
        return f"needs at least {ctx.get('min_length')} item(s)"
    if kind == "greater_than_equal":
        return f"must be at least {ctx.get('ge')}, got {_describe(value)}"
    if kind == "greater_than":
        return f"must be more than {ctx.get('gt')}, got {_describe(value)}"
    if kind in ("less_than_equal", "less_than"):
        return f"must be at most {ctx.get('le', ctx.get('lt'))}, got {_describe(value)}"
    if kind == "value_error":
        return str(ctx.get("error", error["msg"]))
    return error["msg"]


def problems_from_validation(exc: ValidationError, doc: YamlDocument, model: type[BaseModel]) -> list[Problem]:
    problems = []
    for error in exc.errors(include_url=False):
        loc = tuple(part for part in error["loc"] if part not in UNION_TAGS)
        if error["type"] == "extra_forbidden":
            line, col = doc.key_position(loc)
        else:
            line, col = doc.position(loc)
        message = message_for(error, model, loc)
        if error["type"] == "finite_number" and loc in doc.written:  # name what the person wrote
            written = doc.written[loc]
            spelled = any(word in written.lower() for word in ("inf", "nan"))
            message = f"must be a finite number, got '{written}'" + ("" if spelled else ", which YAML reads as infinity")
        problems.append(Problem(doc.name, line, col, format_path(loc), message))
    return problems
