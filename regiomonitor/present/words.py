"""The plan's own words for what the dashboard and the reports name, and which of its levels the plan has.

Every label that names a level of the plan (theme, opgave, doel, KPI, initiative, action) comes from here, taken
from `plan.yaml`'s `levels` (with today's words as defaults). A level no theme of the plan uses is left out of
every view: `has_*` says which are there.
"""

from __future__ import annotations

from dataclasses import dataclass

import pyarrow as pa

from regiomonitor.plan.loaded import LoadedPlan
from regiomonitor.plan.model import Levels


def mid_sentence(word: str) -> str:
    """A level name as it reads inside a sentence: 'Doelen' → 'doelen', but 'KPI's' stays 'KPI's' (an acronym)."""
    if len(word) > 1 and word[:2].isupper():
        return word
    return word[:1].lower() + word[1:]


@dataclass(frozen=True)
class Words:
    levels: Levels
    committee: str | None
    """The body the quarterly pack is for, as the plan names it (None: the plan names none)."""
    has_opgaven: bool
    has_doelen: bool
    has_initiatives: bool
    has_indicators: bool
    has_actions: bool

    def __getattr__(self, name: str) -> str:
        """words.doelen → the plan's word ('Doelstellingen'); words.doelen_mid → the same inside a sentence."""
        if name.endswith("_mid"):
            return mid_sentence(getattr(self.levels, name[:-4]))
        return getattr(self.levels, name)


def words_of(loaded: LoadedPlan) -> Words:
    themes = list(loaded.themes.values())
    return Words(
        levels=loaded.plan.levels if loaded.plan else Levels(),
        committee=loaded.plan.committee if loaded.plan else None,
        has_opgaven=any(t.opgaven for t in themes),
        has_doelen=any(t.doelen or any(o.doelen for o in t.opgaven) for t in themes),
        has_initiatives=any(t.initiatives for t in themes),
        has_indicators=any(t.indicators for t in themes),
        has_actions=any(t.werkagenda for t in themes))


def headers(words: Words, columns: list[str]) -> dict[str, str]:
    """A table's generic column names in the plan's own words ('Thema' → 'Bedrijfsonderdeel', "KPI's met
    aandacht" → 'Kengetallen met aandacht'), for `frame.rename(...)`."""
    plain = {"Thema": words.theme, "Opgave": words.opgave, "Doel": words.doel, "KPI": words.indicator,
             "KPI's": words.indicators, "Initiatief": words.initiative, "Initiatieven": words.initiatives,
             "Actie": words.action, "Acties": words.actions}
    renamed = {}
    for column in columns:
        for generic in sorted(plain, key=len, reverse=True):
            if column == generic or column.startswith(generic + " "):
                renamed[column] = plain[generic] + column[len(generic):]
                break
    return renamed


def in_words(words: Words, table: pa.Table) -> pa.Table:
    """A table with its generic column names in the plan's words, without the columns of a level the plan does
    not have (an opgave column, KPI counts, …)."""
    absent = [generic for generic, has in (("Opgave", words.has_opgaven), ("KPI", words.has_indicators),
                                            ("Initiatie", words.has_initiatives), ("Actie", words.has_actions))
              if not has]
    table = table.drop_columns([c for c in table.column_names if c.startswith(tuple(absent))])
    renamed = headers(words, table.column_names)
    return table.rename_columns([renamed.get(name, name) for name in table.column_names])
