"""The status registry: every status an indicator or a werkagenda action can have, once, as data.

Rules as data, as datasette keeps each filter with its SQL and its words: the SQL (queries/indicator_status.sql)
decides a status and emits its *code*; everything else — the Dutch label, how it is judged, its rank for
"better or worse", whether it is favourable, whether it needs attention and a toelichting, its colours, icon and
meaning — is read from here by the pages, the exports, the legend, `check`'s commentary rule and the counts.

Two statuses may share a label: "Verslechterd" is a target status (moving away from the target) and a trend status
(a worsening trend without a target). Counting by code keeps them apart; counting by label would report a KPI
without a target as one "met streefwaarde" (the bug in the committee pack this registry ended).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from regiomonitor.core.formatting import number_nl
from regiomonitor.plan.figures import Thresholds

Method = Literal["target", "trend", "norm", "none"]
Judgement = Literal["favourable", "unfavourable", "neutral"]

# The ratio thresholds of the plan schema (after Statistics Canada / Open SDG); a KPI may set its own.
DEFAULT_ON_TRACK, DEFAULT_MODERATE = Thresholds().on_track, Thresholds().moderate


@dataclass(frozen=True)
class Status:
    code: str
    label: str
    method: Method          # how the KPI is judged when it has this status
    rank: int | None        # higher is better; None: not an assessment (no better or worse)
    judgement: Judgement
    colour: str             # chart colour (Okabe-Ito, distinguishable with colour-vision deficiencies)
    badge: str              # Streamlit badge colour of the same family
    icon: str               # Material icon
    meaning: str            # for the legend; {on_track} and {moderate} are the plan's thresholds

    @property
    def assessed(self) -> bool:
        return self.rank is not None

    @property
    def needs_attention(self) -> bool:
        """Unfavourable: the steering group looks at it (Eigenaren) and the committee owes a toelichting with
        follow-up actions for the quarter (`check --strict`) — one definition for both."""
        return self.judgement == "unfavourable"

    def meaning_for(self, on_track: float = DEFAULT_ON_TRACK, moderate: float = DEFAULT_MODERATE) -> str:
        return self.meaning.format(on_track=number_nl(on_track, 2), moderate=number_nl(moderate, 2))


# In display order (legend, status bars, counts). Codes are what the SQL emits.
INDICATOR_STATUSES: tuple[Status, ...] = (
    Status("reached", "Behaald", "target", 5, "favourable", "#0072B2", "blue", "check_circle",
           "de streefwaarde is gehaald"),
    Status("on_track", "Op koers", "target", 4, "favourable", "#56B4E9", "blue", "trending_up",
           "voortgang volgens de lijn naar de streefwaarde (R ≥ {on_track})"),
    Status("moderate", "Matige voortgang", "target", 3, "unfavourable", "#E69F00", "orange",
           "trending_flat", "achter op de lijn ({moderate} ≤ R < {on_track})"),
    Status("limited", "Beperkte voortgang", "target", 2, "unfavourable", "#F0E442", "orange",
           "south_east", "ver achter op de lijn (0 ≤ R < {moderate})"),
    Status("worsening", "Verslechterd", "target", 1, "unfavourable", "#D55E00", "red", "trending_down",
           "de waarde beweegt van de streefwaarde af (R < 0)"),
    Status("missed", "Niet behaald", "target", 1, "unfavourable", "#CC79A7", "red", "cancel",
           "de streefdatum is voorbij zonder dat de streefwaarde is gehaald"),
    Status("improving", "Verbetering", "trend", 5, "favourable", "#009E73", "green", "arrow_upward",
           "zonder streefwaarde: trend de goede kant op"),
    Status("stable", "Stabiel", "trend", 3, "neutral", "#BBBBBB", "gray", "drag_handle",
           "zonder streefwaarde: geen duidelijke trend"),
    Status("trend_worsening", "Verslechterd", "trend", 1, "unfavourable", "#D55E00", "red",
           "trending_down", "zonder streefwaarde: trend de verkeerde kant op"),
    Status("norm_met", "Voldoet aan norm", "norm", 5, "favourable", "#009E73", "green", "check",
           "de laatste meting ligt binnen de norm"),
    Status("norm_not_met", "Voldoet niet aan norm", "norm", 1, "unfavourable", "#D55E00", "red",
           "close", "de laatste meting ligt buiten de norm"),
    Status("not_assessable", "Niet te beoordelen", "none", None, "neutral", "#6B6B6B", "gray", "block",
           "nulmeting 0 en geen trenddrempel"),
    Status("no_direction", "Richting niet vastgelegd", "none", None, "neutral", "#999999", "gray", "swap_vert",
           "het plan legt niet vast welke kant goed is: getoond, niet beoordeeld"),
    Status("context", "Context", "none", None, "neutral", "#AAAAAA", "gray", "info",
           "beschrijft de omgeving van het plan en wordt niet beoordeeld"),
    Status("no_data", "Geen gegevens", "none", None, "neutral", "#DDDDDD", "gray", "help",
           "nog geen meting na de nulmeting"),
)
BY_CODE: dict[str, Status] = {s.code: s for s in INDICATOR_STATUSES}
JUDGEMENT_LABELS: dict[str, str] = {"favourable": "Gunstig", "unfavourable": "Ongunstig", "neutral": "Neutraal",
                                    "not_assessable": BY_CODE["not_assessable"].label}
"""How the Overzicht and the pack name the registry's judgements, and the KPI's that cannot be judged."""
LABEL: dict[str, str] = {s.code: s.label for s in INDICATOR_STATUSES}
RANK: dict[str, int] = {s.code: s.rank for s in INDICATOR_STATUSES if s.rank is not None}
ON_COURSE = frozenset({"reached", "on_track"})
NO_DATA = "no_data"


def severity(code: str) -> tuple[int, int, int]:
    """Sort key, most severe first: the unfavourable statuses (worst rank first), then the neutral and the ones
    that cannot be judged, then the favourable; within each, display order. The attention list and the pack's
    KPI tables sort by it."""
    status = BY_CODE[code]
    group = {"unfavourable": 0, "neutral": 1, "favourable": 2}[status.judgement]
    return group, status.rank or 0, _DISPLAY_ORDER[code]


_DISPLAY_ORDER = {s.code: n for n, s in enumerate(INDICATOR_STATUSES)}


def tint(code: str | None) -> tuple[int, int, int] | None:
    """A status's colour lightened 60% towards white: the badge behind its label in the PDF and HTML reports, on
    which black text reads at well over 4.5:1 (the same colour family as its chart bar). None for no status."""
    if code not in BY_CODE:
        return None
    colour = BY_CODE[code].colour.lstrip("#")
    return tuple(round(c + (255 - c) * 0.6) for c in (int(colour[i:i + 2], 16) for i in (0, 2, 4)))


def codes(**flags) -> list[str]:
    """The codes whose fields have the given values, in display order: codes(needs_attention=True),
    codes(method='target')."""
    return [s.code for s in INDICATOR_STATUSES if all(getattr(s, k) == v for k, v in flags.items())]


def label_counts(rollup_row: dict) -> list[tuple[Status, int]]:
    """Per label the number of indicators, in display order, for the labels present. Two codes may share a label
    (target and trend 'Verslechterd'); a reader sees one label, so their counts are shown together."""
    counts: dict[str, tuple[Status, int]] = {}
    for status in INDICATOR_STATUSES:
        first, count = counts.get(status.label, (status, 0))
        counts[status.label] = (first, count + (rollup_row.get(status.code) or 0))
    return [(status, count) for status, count in counts.values() if count]


def plan_thresholds(loaded) -> tuple[float, float, bool]:
    """(on_track, moderate, uniform): the ratio thresholds the plan's KPI's with a target use — the plan's own when
    they all set the same `thresholds:`, else the defaults — and whether every such KPI uses those."""
    pairs = {(i.thresholds.on_track, i.thresholds.moderate) if i.thresholds else (DEFAULT_ON_TRACK, DEFAULT_MODERATE)
             for t in loaded.themes.values() for i in t.indicators if not isinstance(i.target, str)}
    if len(pairs) == 1:
        on_track, moderate = pairs.pop()
        return on_track, moderate, True
    return DEFAULT_ON_TRACK, DEFAULT_MODERATE, not pairs


@dataclass(frozen=True)
class Marker:
    """What is shown beside a status, not instead of it: stale data, and werkagenda actions that run late."""

    code: str
    label: str
    badge: str
    icon: str
    meaning: str


STALE = Marker("stale", "Verouderd", "violet", "history", "de laatste meting is ouder dan twee rapportageperioden")


def attention_labels() -> str:
    """'matige voortgang, beperkte voortgang, verslechterd, niet behaald of voldoet niet aan norm': what needs
    attention, in words, for captions."""
    labels = list(dict.fromkeys(s.label.lower() for s in INDICATOR_STATUSES if s.needs_attention))
    return ", ".join(labels[:-1]) + " of " + labels[-1]


@dataclass(frozen=True)
class ActionStatus:
    """A werkagenda action's status as of a date: the status the plan reports (`plan_status`), or what the dates
    say about it (late: after its end period and not done; start late: after its start period and not started),
    or that nobody reported one (not late: nothing is known)."""

    code: str
    label: str
    plan_status: str | None  # the value of `status:` in the plan file it stands for; None for the date rules
    late: bool
    badge: str
    icon: str


ACTION_STATUSES: tuple[ActionStatus, ...] = (
    ActionStatus("not_reported", "Niet gerapporteerd", None, False, "gray", "help"),
    ActionStatus("late", "Vertraagd", None, True, "red", "schedule"),
    ActionStatus("start_late", "Start vertraagd", None, True, "orange", "hourglass_empty"),
    ActionStatus("not_started", "Niet gestart", "niet gestart", False, "gray", "radio_button_unchecked"),
    ActionStatus("running", "Loopt", "loopt", False, "blue", "play_arrow"),
    ActionStatus("done", "Afgerond", "afgerond", False, "green", "check_circle"),
    ActionStatus("paused", "Gepauzeerd", "gepauzeerd", False, "gray", "pause"),
    ActionStatus("dropped", "Geschrapt", "geschrapt", False, "gray", "block"),
)
ACTION_LABEL: dict[str, str] = {a.code: a.label for a in ACTION_STATUSES}
ACTION_LABEL_OF_PLAN_STATUS: dict[str | None, str] = {
    **{a.plan_status: a.label for a in ACTION_STATUSES if a.plan_status}, None: ACTION_LABEL["not_reported"]}
