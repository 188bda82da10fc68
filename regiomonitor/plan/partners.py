"""The plan's partner organisations: one name for each, whatever spelling a theme file uses for it.

`plan.yaml` may list the partners (`partners`: a name and its aliases). A spelling is then looked up without regard
to upper and lower case, accents, spaces or punctuation ("GGZ in Geest", "ggz InGeest" and "GGZInGeest" are one),
first as written and then without a remark in brackets at its end ("Spaarne Gasthuis (trekker)" is Spaarne
Gasthuis). A plan without a list keeps each spelling as it is written (its spaces tidied), as before.

This is the one place that decides which partner a spelling names: the Initiatieven page's filter and its table
per partner, the search and `check` (an unknown spelling is a warning with a suggestion) all ask it.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from types import MappingProxyType

from regiomonitor.plan.model import Partner, Plan

_REMARK = re.compile(r"^(?P<name>.*?\S)\s*\([^()]*\)\s*$", re.S)
SAME_SPELLING = "upper and lower case, accents, spaces and punctuation do not count"


def tidy(spelling: str) -> str:
    """A spelling as it is shown: its runs of white space one space, none at the ends."""
    return re.sub(r"\s+", " ", spelling).strip()


def spelling_key(spelling: str) -> str:
    """What two spellings of one name share: letters and digits, without accents, in lower case ('St. Jacob' and
    'st jacob' → 'stjacob'). A spelling of punctuation only keeps its (tidied, lower case) text."""
    folded = "".join(c for c in unicodedata.normalize("NFKD", spelling) if not unicodedata.combining(c)).casefold()
    return re.sub(r"[\W_]+", "", folded) or tidy(spelling).casefold()


def without_remark(spelling: str) -> str:
    """'Spaarne Gasthuis (trekker)' → 'Spaarne Gasthuis'; a spelling without a closing remark stays as it is."""
    found = _REMARK.match(spelling.strip())
    return found["name"] if found else spelling


@dataclass(frozen=True)
class PartnerNames:
    """The resolver: which partner a spelling names."""

    by_key: Mapping[str, str]
    """spelling_key of every declared name and alias → the partner's name."""
    aliases: Mapping[str, tuple[str, ...]]
    """Each declared partner's name → its aliases."""

    @property
    def declared(self) -> bool:
        """Whether the plan lists its partners (without a list, every spelling stands for itself)."""
        return bool(self.aliases)

    def canonical(self, spelling: str) -> str | None:
        """The declared partner `spelling` names, or None (no list, or not in it)."""
        return self.by_key.get(spelling_key(spelling)) or self.by_key.get(spelling_key(without_remark(spelling)))

    def resolve(self, spelling: str) -> str:
        """The name to show and count `spelling` under: the declared partner's, else the spelling itself."""
        return self.canonical(spelling) or tidy(spelling)

    def suggestion(self, spelling: str) -> str | None:
        """The declared partner whose name or alias comes closest to an unknown spelling, if any comes close."""
        close = difflib.get_close_matches(spelling_key(without_remark(spelling)), list(self.by_key), n=1)
        return self.by_key[close[0]] if close else None


def partner_names(plan: Plan | None) -> PartnerNames:
    """The resolver for `plan`'s list (a name or alias declared twice counts for its first partner; `check` reports
    it: declared_twice)."""
    by_key: dict[str, str] = {}
    aliases: dict[str, tuple[str, ...]] = {}
    for partner in plan.partners if plan else ():
        aliases.setdefault(partner.name, tuple(partner.aliases))
        for spelling in (partner.name, *partner.aliases):
            by_key.setdefault(spelling_key(spelling), partner.name)
    return PartnerNames(MappingProxyType(by_key), MappingProxyType(aliases))


def declared_twice(partners: list[Partner]) -> Iterator[tuple[tuple, str]]:
    """(path in plan.yaml, message) for each name or alias that another partner declared before: one spelling can
    name one partner only. An alias that repeats its own partner's name or alias does no harm and is not reported."""
    seen: dict[str, tuple[int, str, bool]] = {}  # key → (partner index, its name, declared as that name)
    for i, partner in enumerate(partners):
        spellings = [(("partners", i, "name"), partner.name, True)]
        spellings += [(("partners", i, "aliases", k), alias, False) for k, alias in enumerate(partner.aliases)]
        for path, spelling, is_name in spellings:
            key = spelling_key(spelling)
            if key not in seen:
                seen[key] = (i, partner.name, is_name)
                continue
            first, first_name, first_is_name = seen[key]
            if first == i:
                continue
            if is_name and first_is_name:
                yield path, f"partner '{spelling}' is declared twice (as '{first_name}' before; {SAME_SPELLING})"
            else:
                yield path, (f"'{spelling}' would name two partners, '{first_name}' and '{partner.name}': a name or "
                             f"alias belongs to one partner only ({SAME_SPELLING})")
