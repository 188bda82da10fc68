"""The field types every plan file uses: ids, texts, periods (parsed once, see core/periods.PeriodText), figures
within the limits the engine can compute with, and the strict base model that refuses unknown keys."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, StringConstraints

from regiomonitor.core.limits import magnitude_problem, year_problem
from regiomonitor.core.periods import PeriodError, PeriodText

TO_BE_SET = "to be set"


def usable_period(text: str) -> PeriodText:
    """A period the engine can use: one that exists in the calendar, in the years Regiomonitor works with.

    Parsed here, once: the model keeps the text (for `dump`) with its dates (for the engine)."""
    try:
        period = PeriodText(text)
    except PeriodError as exc:
        raise ValueError(str(exc)) from None
    problem = year_problem(period.end.year)
    if problem:
        raise ValueError(f"'{text}': {problem}")
    return period


def _period_text(value: object) -> object:
    """2024 (a number) and 2024-07-15 (a YAML date) are periods written without quotes."""
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    if isinstance(value, date):
        return value.isoformat()
    return value


def _usable_number(value: float) -> float:
    problem = magnitude_problem(value)
    if problem:
        raise ValueError(problem)
    return value

Slug = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9-]*$", max_length=60)]
Label = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9][A-Za-z0-9.\-]*$", max_length=20)]
Text = Annotated[str, StringConstraints(min_length=1, strip_whitespace=True)]
# "13" refers to doel 13 of the same theme, "digitalisering/2" to doel 2 of theme digitalisering.
DoelRef = Annotated[str, StringConstraints(pattern=r"^([a-z0-9][a-z0-9-]*/)?[A-Za-z0-9][A-Za-z0-9.\-]*$")]
PeriodField = Annotated[
    str,
    BeforeValidator(_period_text),
    StringConstraints(pattern=r"^[0-9]{4}(-(Q[1-4]|[0-9]{2}|[0-9]{2}-[0-9]{2}))?$"),
    AfterValidator(usable_period),
]
# Every figure: finite (no .inf or .nan) and of a magnitude whose arithmetic stays finite.
Number = Annotated[float, Field(allow_inf_nan=False), AfterValidator(_usable_number)]
PositiveNumber = Annotated[float, Field(gt=0, allow_inf_nan=False), AfterValidator(_usable_number)]


class Strict(BaseModel):
    """Base: unknown keys are errors, strings are not coerced to numbers or vice versa."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)
