"""Which areas a feed reads, in which codes, and how gemeenten make a region.

A table uses the gemeente codes of its edition (`codes` in the registry); the plan names today's. Every code a table
serves is carried forward through the registry's `code_changes` (Haarlemmerliede en Spaarnwoude GM0393 became part of
Haarlemmermeer GM0394 in 2019), so a 2016 table is read with 2024's gemeenten: the parts of a merged gemeente are
combined by the feed's own method first.

A region's figure is a sum of its gemeenten (counts) or a mean weighted by their population (shares, rates). A plain
average of percentages is never made: Zandvoort's 17,000 inhabitants do not weigh as much as Haarlem's 162,000. A region
figure needs every gemeente: with one missing, the figure is not made and the message names the gemeente.
"""

from __future__ import annotations

from dataclasses import dataclass

NETHERLANDS = "NL01"


@dataclass(frozen=True)
class Region:
    """A region as its gemeenten: the plan's own, or a peer region from plan.yaml."""

    name: str
    codes: tuple[str, ...]


def regions_of(plan) -> tuple[Region, list[Region], dict[str, str]]:
    """The plan's region, its peers, and the name of every gemeente code the plan gives a name."""
    names = {code: name for name, code in plan.gemeente_codes.items()}
    own = [code for name, code in plan.gemeente_codes.items()
           if not plan.municipalities or name in plan.municipalities]
    peers = [Region(p.name, tuple(dict.fromkeys(p.gemeenten))) for p in plan.peer_regions]
    return Region(plan.region, tuple(own)), peers, names


def carried_forward(code: str, edition_year: int, changes) -> str:
    """The code that stands for `code`'s area today: followed through every change after the table's edition."""
    seen = {code}
    for change in sorted(changes, key=lambda c: c.year):
        if change.year > edition_year and change.old == code:
            code = change.new
            if code in seen:
                break  # a cycle in the registry: stop where we are
            seen.add(code)
    return code


def wijk_of(code: str, gemeenten: tuple[str, ...]) -> bool:
    """WK039201 lies in GM0392: a wijk code is WK, the gemeente's four digits and two of its own."""
    return code.startswith("WK") and len(code) == 8 and f"GM{code[2:6]}" in gemeenten


def combine(values: list[float], weights: list[float] | None) -> float:
    """A sum, or the mean weighted by `weights`."""
    if weights is None:
        return sum(values)
    total = sum(weights)
    return sum(v * w for v, w in zip(values, weights)) / total


@dataclass
class Rolled:
    value: float | None
    missing: list[str]


def roll_up(region: Region, values: dict[str, float], weights: dict[str, float] | None) -> Rolled:
    """The region's value from its gemeenten's `values` (by today's code), with `weights` for a weighted mean."""
    missing = [c for c in region.codes if c not in values]
    if weights is not None:
        missing += [f"{c} (population)" for c in region.codes if c in values and not weights.get(c)]
    if missing or not region.codes:
        return Rolled(None, missing)
    return Rolled(combine([values[c] for c in region.codes],
                          [weights[c] for c in region.codes] if weights is not None else None), [])
