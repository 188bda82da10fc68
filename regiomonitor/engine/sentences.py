"""The Dutch sentences that explain a status: one plain sentence for people (`summarise`), and the analyst's
sentence with the numbers behind it (`explain`: the `explanation` column of `status`, a contract).

The steering group reads the first ("Stijgt, terwijl het plan een daling wil; de streefwaarde voor 2026 raakt
buiten bereik."); the second is shown one line lower for whoever wants the R or the threshold. Both are written
from the columns of queries/indicator_status.sql and the status registry, and from nothing else.
"""

from __future__ import annotations

from regiomonitor.core.formatting import number_nl, period_nl, period_range_nl, value_with_unit
from regiomonitor.core.periods import Quarter
from regiomonitor.engine.statuses import BY_CODE, NO_DATA


def explain_action(row: dict, quarter: Quarter | None = None) -> str:
    """One Dutch sentence: what was reported for the action (and when: a report from before `quarter`, the
    quarter shown, says that nothing came for this one), and what its planned period says about it."""
    planned = period_range_nl(row["start"], row["end"])
    plan = f" Gepland: {planned}." if planned != "–" else " Het plan geeft geen periode."
    reported_in = row.get("reported_period")
    if reported_in and quarter and reported_in != quarter.code:
        plan += f" Voor {quarter.label} is nog niets gerapporteerd."
    code = row["status_code"]
    if code == "not_reported":
        return "Geen status gerapporteerd: niet bekend hoe de actie ervoor staat." + plan
    reported = (f"Gerapporteerd voor {period_nl(reported_in)}: {row['reported_status']}" if reported_in
                else f"Gerapporteerd: {row['reported_status']}")
    if code == "late":
        return f"{reported}, maar de eindperiode ({period_nl(row['end'])}) is voorbij: vertraagd." + plan
    if code == "start_late":
        return f"{reported}, maar de startperiode ({period_nl(row['start'])}) is voorbij: start vertraagd." + plan
    return f"{reported}." + plan


def _pct(value: float) -> str:
    """0.62 -> '62%'. A share computed from minute differences can overflow to infinity: number_nl writes '–'."""
    return f"{number_nl(100 * value, 0)}%"


def explain(row: dict) -> str:
    """One Dutch sentence that explains the status with its numbers, chosen by the status's method (registry)."""
    status = BY_CODE[row["status_code"]]
    latest = (f"{value_with_unit(row['latest_value'], row['unit'])} ({period_nl(row['latest_period'])})"
              if row["latest_value"] is not None else None)
    if status.code == NO_DATA:
        sentence = _no_data_sentence(row, latest)
    elif status.method == "norm":
        sentence = f"Laatste meting {latest} {'voldoet' if status.code == 'norm_met' else 'voldoet niet'} " \
                   f"aan de norm van {_norm_text(row)}."
    elif status.code in ("reached", "missed"):
        target = f"{value_with_unit(row['target_value'], row['unit'])} ({period_nl(row['target_period'])})"
        sentence = f"Streefwaarde {target} {'behaald' if status.code == 'reached' else 'niet behaald'}: " \
                   f"laatste meting {latest}."
    elif status.method == "target":
        movement = "daling" if row["target_value"] < row["baseline_value"] else "stijging"
        ratio = "–" if row["ratio"] is None else number_nl(row["ratio"], 2)
        expected = "–" if row["expected_share"] is None else _pct(row["expected_share"])
        sentence = (f"Gerealiseerd {_pct(row['realised_share'])} van de beoogde {movement}, verwacht {expected} "
                    f"op {row['latest_end'].strftime('%d-%m-%Y')} (R = {ratio}): {status.label.lower()}.")
    elif status.code == "not_assessable":
        sentence = "Nulmeting is 0 en er is geen trenddrempel vastgelegd: niet te beoordelen."
    elif status.code in ("context", "no_direction"):
        why = status.label if status.code == "context" else "Het plan legt niet vast welke kant goed is"
        shown = f"laatste meting {latest}" if latest else "nog geen meting"
        sentence = f"{why}: {shown}; wordt getoond, niet beoordeeld."
    else:
        sentence = _trend_sentence(row, status)
    if row["target_assumed"] and status.method == "target":
        sentence += (f" Let op: de streefwaarde of haar jaartal is een aanname, het plan noemt het niet "
                     f"({row['target_assumed']}).")
    if row["baseline_from_data"] and status.method in ("target", "trend"):
        sentence += f" Het plan geeft geen nulmeting: de eerste meting ({period_nl(row['baseline_period'])}) telt als nulmeting."
    if row["stale"]:
        sentence += f" Let op: de laatste meting is ouder dan {row['max_age_months']} maanden."
    return sentence


def _no_data_sentence(row: dict, latest: str | None) -> str:
    if row["baseline_value"] is None and latest is None:
        return "Nog geen nulmeting en geen meting: geen gegevens."
    if latest is None:
        return f"Nog geen meting sinds de nulmeting ({period_nl(row['baseline_period'])}): geen gegevens."
    return f"Laatste meting {latest} ligt niet na de nulmeting ({period_nl(row['baseline_period'])}): geen gegevens."


def _trend_sentence(row: dict, status) -> str:
    per_year = f"{_rounded(abs(row['trend_per_year']), row['unit'])} per jaar"
    word = "verbeterd" if row["trend_per_year"] > 0 else "verslechterd" if row["trend_per_year"] < 0 else "gelijk"
    threshold = f"{_rounded(row['trend_threshold'], row['unit'])} per jaar"
    return (f"Sinds de nulmeting ({period_nl(row['baseline_period'])}) {per_year} {word} "
            f"(drempel {threshold}): {status.label.lower()}.")


def _norm_text(row: dict) -> str:
    parts = []
    if row["norm_min"] is not None:
        parts.append(f"minimaal {value_with_unit(row['norm_min'], row['unit'])}")
    if row["norm_max"] is not None:
        parts.append(f"maximaal {value_with_unit(row['norm_max'], row['unit'])}")
    return " en ".join(parts)


def _rounded(value: float, unit: str) -> str:
    """A rate with its unit, to two decimals: '4,12 per jaar' for a count, '0,5% per jaar' for a share."""
    return value_with_unit(round(value, 2), unit)


def _wanted(row: dict) -> str:
    """The movement the plan wants: 'een stijging' or 'een daling'."""
    if row["target_value"] is not None and row["baseline_value"] is not None \
            and row["target_value"] != row["baseline_value"]:
        return "een stijging" if row["target_value"] > row["baseline_value"] else "een daling"
    return "een stijging" if row["direction"] == "higher_is_better" else "een daling"


def _moves(row: dict) -> str | None:
    """'stijgt', 'daalt' or None: how the KPI moved from its baseline to its latest measurement."""
    latest, base = row["latest_value"], row["baseline_value"]
    if latest is None or base is None or latest == base:
        return None
    return "stijgt" if latest > base else "daalt"


def _target_year(row: dict) -> str:
    return f"de streefwaarde voor {period_nl(row['target_period'])}"


def summarise(row: dict) -> str:
    """One plain Dutch sentence on where the KPI stands, without ratios or thresholds: what it does and what that
    means for the plan's target or norm. Assumptions and an old measurement are said in a few words."""
    sentence = _SUMMARY[row["status_code"]](row)
    if row["target_assumed"] and BY_CODE[row["status_code"]].method == "target":
        sentence += " De streefwaarde is een aanname."
    if row["stale"]:
        sentence += f" De laatste meting is ouder dan {row['max_age_months']} maanden."
    return sentence


def _moving(row: dict, since: str = "") -> str:
    """'Stijgt[ since], terwijl het plan een daling wil', or 'Gaat de verkeerde kant op[ since]'."""
    moves = _moves(row)
    return f"{moves.capitalize()}{since}, terwijl het plan {_wanted(row)} wil" if moves \
        else f"Gaat de verkeerde kant op{since}"


def _missed(row: dict) -> str:
    if row["target_met_when_due"]:
        return (f"{_target_year(row).capitalize()} was gehaald ({period_nl(row['at_target_period'])}), maar de "
                f"laatste meting ({period_nl(row['latest_period'])}) voldoet er niet meer aan.")
    return f"{_target_year(row).capitalize()} is niet gehaald."


def _no_data(row: dict) -> str:
    if row["latest_value"] is None:
        return "Er is nog geen meting."
    return "Er is nog geen meting van na de nulmeting."


def _norm(row: dict) -> str:
    if row["status_code"] == "norm_met":
        return f"Voldoet aan de norm ({_norm_text(row)})."
    return (f"Voldoet niet aan de norm: {value_with_unit(row['latest_value'], row['unit'])} "
            f"({period_nl(row['latest_period'])}), de norm is {_norm_text(row)}.")


def _since(row: dict) -> str:
    return f"sinds de nulmeting ({period_nl(row['baseline_period'])})"


_SUMMARY = {
    "reached": lambda row: f"{_target_year(row).capitalize()} is gehaald.",
    "missed": _missed,
    "on_track": lambda row: f"Op koers naar {_target_year(row)}.",
    "moderate": lambda row: f"Gaat de goede kant op, maar langzamer dan nodig voor {_target_year(row)}.",
    "limited": lambda row: f"Gaat nauwelijks vooruit; {_target_year(row)} raakt buiten bereik.",
    "worsening": lambda row: f"{_moving(row)}; {_target_year(row)} raakt buiten bereik.",
    "improving": lambda row: f"Gaat de goede kant op: {_moves(row) or 'verandert'} {_since(row)}.",
    "stable": lambda row: f"Blijft ongeveer gelijk {_since(row)}.",
    "trend_worsening": lambda row: f"{_moving(row, ' ' + _since(row))}.",
    "norm_met": _norm,
    "norm_not_met": _norm,
    "not_assessable": lambda row: "Niet te beoordelen: de nulmeting is 0.",
    "no_direction": lambda row: "Het plan zegt niet welke kant goed is: getoond, niet beoordeeld.",
    "context": lambda row: "Context: getoond, niet beoordeeld.",
    NO_DATA: _no_data,
}
