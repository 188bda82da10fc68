"""The plan schema: pydantic models for the plan file and the theme files.

The schema is deliberately region-neutral. Kennemerland's plan uses opgaven with doelen beneath
them and a three-step priority legend; another region may hang doelen directly under a theme,
use other priority labels, or call its levels by other names. All of that is declared in the
plan file (`levels`, `priorities`), never hard-coded here.

Unknown keys are rejected everywhere (`extra="forbid"`) so that a typo in a field name is an
error on its own line, not a silently ignored value.
"""

from __future__ import annotations

import re
from typing import Annotated, Literal

from pydantic import Field, StringConstraints, field_validator

from regiomonitor.core.limits import MAX_MONTHS
from regiomonitor.plan.fields import TO_BE_SET, DoelRef, Label, PeriodField, PositiveNumber, Slug, Strict, Text
from regiomonitor.plan.figures import Comparison, Deadline, FigureOrToBeSet, Norm, Range, Source, Thresholds, Value


class SourceDocument(Strict):
    id: Slug
    title: Text
    date: str | None = None
    file: str | None = Field(default=None, description="path or URL of the document")


class Principle(Strict):
    name: Text
    description: str | None = None


class SectionItem(Strict):
    """One point of a plan-wide section: a condition, a step, in the plan's words."""

    title: Text
    description: str | None = None
    period: PeriodField | None = Field(default=None, description="when, where the plan says (e.g. a step in 2024)")
    source: Source


class Section(Strict):
    """Plan-wide content that belongs to no theme, under the plan's own heading (e.g. 'Landelijke
    randvoorwaarden', the plan-wide next steps)."""

    id: Slug
    title: Text
    description: str | None = None
    items: list[SectionItem] = Field(min_length=1)


class PriorityLevel(Strict):
    """One entry of the plan's priority legend for opgaven."""

    id: Slug
    label: Text


class Levels(Strict):
    """The names the dashboard shows for each level of the plan, in the plan's own words."""

    theme: Text = "Thema"
    themes: Text = "Thema's"
    opgave: Text = "Opgave"
    opgaven: Text = "Opgaven"
    doel: Text = "Doel"
    doelen: Text = "Doelen"
    indicator: Text = "Indicator"
    indicators: Text = "Indicatoren"
    initiative: Text = "Samenwerkingsinitiatief"
    initiatives: Text = "Samenwerkingsinitiatieven"
    action: Text = "Actie"
    actions: Text = "Acties"
    agenda: Text = Field(default="Werkagenda", description="the name of the plan's list of actions (page, section)")
    knelpunten: Text = "Knelpunten"
    ambitie: Text = "Ambitie"
    leads: Text = Field(default="Bestuurlijk trekkers", description="who leads a theme on behalf of the board")
    principles: Text = Field(default="Leidende principes", description="the plan's guiding principles")


class Reporting(Strict):
    """The quarterly reporting round: figures, action progress and commentary are due some weeks after a quarter."""

    deadline_weeks: int = Field(default=4, ge=0, le=26, description="weeks after the quarter's end the round closes")


class Partner(Strict):
    """A partner organisation, named once, with the other spellings the theme files use for it."""

    name: Text = Field(description="the name the dashboard shows, as the plan writes it")
    aliases: list[Text] = Field(
        default=[], description="other spellings of the same organisation (an abbreviation, a former name); upper "
        "and lower case, accents, spaces, punctuation and a remark in brackets at the end, such as '(trekker)', "
        "need no alias")


GemeenteCode = Annotated[str, StringConstraints(pattern=r"^GM[0-9]{4}$")]


class PeerRegion(Strict):
    """Another region the plan compares itself with (an IZA or ROAZ region), as the gemeenten it consists of: the
    open-data feeds compute the same figure for it, rolled up as for the plan's own region."""

    name: Text
    gemeenten: list[GemeenteCode] = Field(min_length=1, description="CBS gemeente codes, e.g. GM0479")
    note: str | None = Field(default=None, description="why this region is a peer, or where its list comes from")


class PlanPeriod(Strict):
    start: PeriodField
    end: PeriodField


class Plan(Strict):
    """The plan file: `plan/plan.yaml`."""

    region: Text
    title: Text
    subtitle: str | None = None
    published: PeriodField | None = None
    period: PlanPeriod
    municipalities: list[Text] = Field(default=[], description="the gemeenten the plan covers, if it names them")
    area: Text | None = Field(default=None, description="the area the plan covers, where it names no gemeenten")
    border_municipalities: list[Text] = []
    gemeente_codes: dict[Text, GemeenteCode] = Field(
        default={}, description="the CBS code of each gemeente in `municipalities` (e.g. Haarlem: GM0392), for the "
        "open-data feeds")
    peer_regions: list[PeerRegion] = Field(
        default=[], description="other regions the open-data feeds compare the region with, beside the Netherlands")
    guiding_principles: list[Principle] = []
    sources: list[SourceDocument] = Field(min_length=1)
    levels: Levels = Levels()
    committee: Text | None = Field(
        default=None, description="the body the quarterly pack is for, e.g. 'Adviescommissie Evaluatie & Monitoring'")
    priorities: list[PriorityLevel] = []
    sections: list[Section] = Field(default=[], description="plan-wide content outside the themes, each under its "
                                    "own heading")
    reporting: Reporting = Reporting()
    partners: list[Partner] = Field(
        default=[], description="the partner organisations the initiatives name; with a list, `check` warns about a "
        "partner of an initiative that is neither a name nor an alias in it")
    themes: list[Slug] = Field(min_length=1, description="theme ids in display order; file plan/<id>.yaml each")
    source: Source | None = None


class Person(Strict):
    name: Text
    role: str | None = Field(default=None, description="organisation or role, e.g. 'VVT'")


class Knelpunt(Strict):
    id: Label
    title: Text
    description: str | None = None
    source: Source


class Doel(Strict):
    id: Label = Field(description="the plan's own label: '1', '2a', '6.1', 'H'")
    title: Text
    description: str | None = None
    related: list[DoelRef] = Field(default=[], description="doelen elsewhere this doel refers to")
    gap: str | None = Field(
        default=None, description="why nothing serves this doel yet, where the plan names no KPI, initiative or action "
        "for it: check then does not warn, and the dashboard lists the doel as a gap with this text")
    source: Source


class Opgave(Strict):
    id: Label = Field(description="the plan's own number for the opgave")
    title: Text
    description: str | None = None
    priority: Slug | None = Field(default=None, description="id from the plan file's `priorities`")
    related: list[DoelRef] = Field(default=[], description="doelen of other themes this opgave points to")
    doelen: list[Doel] = []
    source: Source


InitiativeStatus = Literal["idee", "in ontwikkeling", "lopend", "afgerond", "gestopt", "onbekend"]


SHARED_THEMES = ("other themes this record also serves, where the plan lists it under them too: it stays one "
                 "record, counted once, in the file of its lead theme (doelen of other themes it serves count as well)")


class Initiative(Strict):
    """A samenwerkingsinitiatief, with the fields of the plan's inventory spreadsheet."""

    id: Slug
    label: Label | None = Field(default=None, description="the plan's own letter or number, e.g. 'A'")
    name: Text
    partners: list[Text] = []
    aim: str | None = None
    status: InitiativeStatus = "onbekend"
    status_note: str | None = Field(default=None, description="status in the plan's own words")
    themes: list[Slug] = Field(default=[], description=SHARED_THEMES)
    contributes_to: list[DoelRef] = Field(default=[], description="doelen this initiative contributes to")
    contributes_to_opgaven: list[DoelRef] = Field(
        default=[], description="opgaven it contributes to, where the plan names an opgave and no doel ('2' or 'theme/2')"
    )
    gap: str | None = Field(
        default=None, description="why it serves no doel or opgave, where the plan links it to none: check then "
        "does not warn, and the dashboard shows this text")
    region: str | None = None
    contact: str | None = None
    financing: str | None = None
    labour_saving: bool | None = Field(default=None, description="'arbeidsmarktbesparend'")
    quick_scan: str | None = Field(default=None, description="snelle toets status")
    transformation_plan: str | None = Field(default=None, description="transformatieplan status")
    source: Source


ActionStatus = Literal["niet gestart", "loopt", "afgerond", "gepauzeerd", "geschrapt"]
ACTION_STATUS_SYNONYMS = {"lopend": "loopt", "gestart": "loopt", "klaar": "afgerond", "gereed": "afgerond",
                          "on hold": "gepauzeerd", "gestopt": "geschrapt"}
"""Words a theme team may write for a status, and the status they stand for."""


class Action(Strict):
    """A werkagenda action."""

    id: Slug
    title: Text
    description: str | None = None
    doelen: list[DoelRef] = []
    start: PeriodField | None = Field(default=None, description="when it starts, if the plan says (no bar without)")
    end: PeriodField | None = Field(default=None, description="when it ends, if the plan says")
    status: ActionStatus | None = Field(
        default=None, description="the status the plan reports; left out: not reported (never counted as late)")
    owner: str | None = None
    initiatives: list[Slug] = Field(default=[], description="ids of initiatives this action concerns")
    indicators: list[Slug] = Field(default=[], description="ids of indicators this action sets up or delivers")
    source: Source

    @field_validator("status", mode="before")
    @classmethod
    def _status_in_other_words(cls, value: object) -> object:
        return ACTION_STATUS_SYNONYMS.get(value.strip().lower(), value) if isinstance(value, str) else value


Direction = Literal["higher_is_better", "lower_is_better", "within_norm"]
Kind = Literal["result", "effort", "context"]
Frequency = Literal["monthly", "quarterly", "yearly"]
GeoLevel = Literal["region", "gemeente", "wijk"]


CbsKey = Annotated[str, StringConstraints(pattern=r"^[A-Za-z][A-Za-z0-9_]*$", max_length=80)]


FilterCodes = str | list[Annotated[str, StringConstraints(min_length=1)]]
"""One code of a dimension, or a list of codes whose values are added up (the single years 50 to 64 of Leeftijd)."""


class Per(Strict):
    """A feed that is a ratio: the same measure with other codes for some dimensions, as the denominator."""

    filters: dict[CbsKey, FilterCodes] = Field(
        description="the codes that differ from the feed's own filters, e.g. {Leeftijd: '10000'} for the total")
    scale: PositiveNumber = Field(default=1, description="multiplied by, e.g. 100 for a percentage")


class Feed(Strict):
    """Where an open-data source publishes this KPI: `python -m regiomonitor fetch` reads it (data/feeds/)."""

    source: Literal["cbs"] = Field(description="the API: CBS's OData v3 (StatLine and its third-party catalogue)")
    catalog: Literal["opendata", "dataderden"] | None = Field(
        default=None, description="the catalogue: CBS's own tables (opendata) or third parties' such as RIVM "
        "(dataderden); left out: the series' catalogue in plan/feeds.yaml")
    series: Slug = Field(description="a series in plan/feeds.yaml: its table id per edition")
    measure: CbsKey = Field(description="the measure's key in the table, e.g. Eenzaamheid_27")
    filters: dict[CbsKey, FilterCodes] = Field(
        default={}, description="one code for each other dimension of the table, e.g. {Leeftijd: '20300'}, or a list "
        "of codes to add up")
    per: Per | None = Field(
        default=None, description="for a ratio: the denominator, the same measure with other codes (e.g. the total "
        "population); the region's figure is then the sum of the numerators over the sum of the denominators")
    areas: Literal["gemeenten", "wijken"] = Field(
        default="gemeenten", description="the areas kept beside the region figure: the gemeenten, or also their wijken")
    region: Literal["sum", "population-weighted"] = Field(
        description="how gemeente values make the region's: a sum (counts) or a mean weighted by population (shares "
        "and rates); never a plain average of percentages")


class Indicator(Strict):
    """A KPI. Baseline and target are either a cited figure or the literal text 'to be set'."""

    id: Slug
    name: Text
    definition: Text
    unit: Text
    direction: Direction | None = Field(
        default=None, description="which way is good; may be left out when the plan states none (no target or norm): "
        "the indicator is then shown without judgement")
    kind: Kind = Field(description="result, effort, or context (shown beside the plan, never judged)")
    themes: list[Slug] = Field(default=[], description=SHARED_THEMES)
    doelen: list[DoelRef] = Field(default=[], description="doelen this indicator measures")
    baseline: FigureOrToBeSet = TO_BE_SET
    target: FigureOrToBeSet = TO_BE_SET
    deadline: Deadline | None = Field(
        default=None, description="the year the plan sets for a target it gives no number for (cited); the target "
        "stays 'to be set'")
    interim_targets: list[Value] = []
    norm: Norm | None = None
    comparisons: list[Comparison] = []
    frequency: Frequency
    data_source: str | None = None
    owner: str | None = None
    geo_level: GeoLevel = "region"
    valid_range: Range | None = Field(default=None, description="plausible measurement values; outside is a data error")
    thresholds: Thresholds | None = Field(default=None, description="override the ratio thresholds for this KPI")
    trend_threshold: PositiveNumber | None = Field(default=None, description="units per year that count as a trend")
    max_age_months: int | None = Field(default=None, ge=1, le=MAX_MONTHS, description="stale after this many months")
    note: str | None = None
    assumed: str | None = Field(
        default=None, description="what the encoding assumes about this indicator that the plan does not say, and why")
    feed: Feed | None = Field(default=None, description="the open-data source that publishes this KPI, read by fetch")


class Theme(Strict):
    """A theme file: `plan/<theme id>.yaml`."""

    id: Slug
    number: int | None = Field(default=None, ge=1, le=999)
    name: Text
    ambitie: Text | None = Field(default=None, description="the theme's ambition, where the plan states one")
    ambitie_details: list[Text] = []
    bestuurlijk_trekkers: list[Person] = []
    scope: str | None = None
    source: Source
    knelpunten: list[Knelpunt] = []
    opgaven: list[Opgave] = []
    doelen: list[Doel] = Field(default=[], description="doelen directly under the theme, for plans without opgaven")
    initiatives: list[Initiative] = []
    werkagenda: list[Action] = []
    indicators: list[Indicator] = []


DOEL_REF = re.compile(r"^(?:(?P<theme>[a-z0-9][a-z0-9-]*)/)?(?P<doel>[A-Za-z0-9][A-Za-z0-9.\-]*)$")
