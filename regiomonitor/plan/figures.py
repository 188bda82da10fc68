"""Cited figures: where a fact comes from (`Source`) and the figures a plan states with it — baselines, targets and
interim targets (`Value`), norms, comparison figures — and the bounds a plan sets on measurements and ratios.

A figure the plan does not give is the literal text "to be set" (`FigureOrToBeSet`), never a number made up.
"""

from __future__ import annotations

from typing import Annotated, Literal, Union

from pydantic import BeforeValidator, ConfigDict, Discriminator, Field, Tag, field_validator, model_validator

from regiomonitor.core.limits import MAX_PAGE
from regiomonitor.plan.fields import Number, PeriodField, PositiveNumber, Slug, Strict, Text


class Source(Strict):
    """Where a fact comes from: a document declared in the plan file and its slide or section."""

    document: Slug = Field(description="id of a document in the plan file's `sources`")
    section: Text = Field(description="slide or section title in that document")
    page: int | None = Field(default=None, ge=1, le=MAX_PAGE, description="page or slide number, when known")
    quote: str | None = Field(default=None, description="the sentence the figure is taken from")


class Value(Strict):
    """A figure at a period, with its source: used for baselines, targets and interim targets."""

    model_config = ConfigDict(extra="forbid", strict=False, frozen=True)

    value: Number
    period: PeriodField
    source: Source
    assumed: str | None = Field(
        default=None, description="why the encoding assumes this figure or its period: the plan does not state it")

    @field_validator("value", mode="before")
    @classmethod
    def _number_not_text(cls, v: object) -> object:
        if isinstance(v, bool):
            raise ValueError(f"must be a number, got yes/no value {str(v).lower()}")
        if isinstance(v, str):
            raise ValueError(f"must be a number, got the text '{v}'")
        return v


class Deadline(Strict):
    """The period by which the plan wants a target reached when it names no number ('een gevuld PGO in 2025')."""

    model_config = ConfigDict(extra="forbid", strict=False, frozen=True)

    period: PeriodField
    source: Source


class Norm(Strict):
    model_config = ConfigDict(extra="forbid", strict=False, frozen=True)

    min: Number | None = None
    max: Number | None = None
    source: Source

    @model_validator(mode="after")
    def _has_bound(self) -> "Norm":
        if self.min is None and self.max is None:
            raise ValueError("a norm needs `min`, `max` or both")
        if self.min is not None and self.max is not None and self.min > self.max:
            raise ValueError(f"norm min {self.min:g} is above max {self.max:g}")
        return self


class Comparison(Strict):
    """A reference figure the plan sets beside the indicator, e.g. the ROAZ-region average."""

    model_config = ConfigDict(extra="forbid", strict=False, frozen=True)

    label: Text
    value: Number
    period: PeriodField
    source: Source
    assumed: str | None = Field(
        default=None, description="why the encoding assumes this figure's period: the plan does not state it")


class Range(Strict):
    """The values a measurement can plausibly take; a value outside it is rejected as a data error."""

    model_config = ConfigDict(extra="forbid", strict=False, frozen=True)

    min: Number | None = None
    max: Number | None = None

    @model_validator(mode="after")
    def _ordered(self) -> "Range":
        if self.min is not None and self.max is not None and self.min > self.max:
            raise ValueError(f"valid_range min {self.min:g} is above max {self.max:g}")
        return self


class Thresholds(Strict):
    """Ratio thresholds R for 'Op koers' and 'Matige voortgang' (defaults after Statistics Canada / Open SDG)."""

    model_config = ConfigDict(extra="forbid", strict=False, frozen=True)

    on_track: PositiveNumber = 0.95
    moderate: Number = Field(default=0.60, ge=0)

    @model_validator(mode="after")
    def _ordered(self) -> "Thresholds":
        if self.moderate >= self.on_track:
            raise ValueError(f"moderate ({self.moderate:g}) must be below on_track ({self.on_track:g})")
        return self


def _figure_or_to_be_set(value: object) -> str:
    return "to-be-set" if isinstance(value, str) else "figure"


# A cited figure, or the literal text "to be set" where the plan gives no number. The callable
# discriminator keeps the error for a broken figure about the figure's own fields, instead of a
# pydantic union error listing both alternatives.
TO_BE_SET_WORDS = {"nog vast te stellen": "to be set", "n.t.b.": "to be set", "ntb": "to be set"}
"""What a Dutch theme team may write for 'to be set'."""


def _to_be_set_in_other_words(value: object) -> object:
    return TO_BE_SET_WORDS.get(value.strip().lower(), value) if isinstance(value, str) else value


FigureOrToBeSet = Annotated[
    Union[Annotated[Value, Tag("figure")], Annotated[Literal["to be set"], Tag("to-be-set")]],
    Discriminator(_figure_or_to_be_set),
    BeforeValidator(_to_be_set_in_other_words),
]
UNION_TAGS = ("figure", "to-be-set")
