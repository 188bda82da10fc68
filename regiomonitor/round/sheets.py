"""The round's workbook as a contract: sheet names, header rows (row 1, exactly as written), which columns are
filled in beforehand (and locked), and which periods of a KPI are due in a quarter's round. `template` writes
and `intake` reads from these definitions only."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from regiomonitor.core.periods import Quarter


@dataclass(frozen=True)
class Sheet:
    name: str
    columns: tuple[str, ...]
    prefilled: tuple[str, ...]
    """Columns Regiomonitor fills in and locks; the others a person fills in."""

    def letter(self, column: str) -> str:
        return chr(ord("A") + self.columns.index(column))


MEASUREMENTS = Sheet("Metingen", ("kpi", "naam", "eenheid", "periode", "gebied", "waarde", "bron", "opmerking"),
                     ("kpi", "naam", "eenheid", "periode"))
"""`gebied` is pre-filled (empty: the region) but open: a person may add rows for gemeenten or wijken."""
ACTIONS = Sheet("Acties", ("actie", "titel", "thema", "start", "einde", "huidige status", "nieuwe status",
                           "toelichting"), ("actie", "titel", "thema", "start", "einde", "huidige status"))
COMMENTARY = Sheet("Toelichting", ("kpi", "naam", "status", "toelichting", "vervolgactie", "eigenaar", "deadline"),
                   ("kpi", "naam"))
"""One row per KPI that needs commentary (its `status` pre-filled and locked) and per open follow-up action from
an earlier quarter (`status` open: 'open' or 'afgerond')."""
EXPLANATION = "Uitleg"
SHEETS = (MEASUREMENTS, ACTIONS, COMMENTARY)
SHEET_NAMES = tuple(s.name for s in SHEETS) + (EXPLANATION,)

FOLLOW_UP_OPEN, FOLLOW_UP_DONE = "open", "afgerond"
FOLLOW_UP_STATES = (FOLLOW_UP_OPEN, FOLLOW_UP_DONE)
FROM_QUARTER = "vervolgactie uit "
"""A follow-up row's `naam` starts with this and the quarter it was agreed in ('vervolgactie uit 2026-Q2')."""


def due_periods(frequency: str, quarter: Quarter) -> list[str]:
    """The periods of a KPI reported in `quarter`'s round: a monthly KPI its three months, a quarterly KPI the
    quarter, a yearly KPI its year in the round of the year's last quarter (and nothing in the other rounds)."""
    if frequency == "monthly":
        first = (quarter.number - 1) * 3 + 1
        return [f"{quarter.year}-{month:02d}" for month in range(first, first + 3)]
    if frequency == "quarterly":
        return [quarter.code]
    return [str(quarter.year)] if quarter.number == 4 else []


def owners(loaded) -> tuple[str, ...]:
    """The owners the plan names for its KPI's and actions: those a round's workbook can be made for."""
    return tuple(sorted({x.owner for t in loaded.themes.values() for x in (*t.indicators, *t.werkagenda) if x.owner}))


def round_deadline(quarter: Quarter, weeks: int) -> date:
    """The day the round of `quarter` closes: `weeks` (plan.yaml `reporting.deadline_weeks`) after its end."""
    return quarter.end + timedelta(weeks=weeks)
