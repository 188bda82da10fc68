"""The dashboard's search: everything the plan names, found by part of its name, best matches first.

`search_entries` prepares, once per plan (Dashboard.search), what can be found: KPI's, doelen, initiatives,
werkagenda actions, partners and owners, each with its label in the plan's own words, the texts it is found by
(folded: no upper and lower case, accents or punctuation) and where it lands. `rank` is the search itself: a loop
over those entries, in plain Python, with no fuzzy matching (a typed term never finds text it does not contain):

0. the whole name is the term;
1. the name starts with the term;
2. a word of the name starts with the term;
3. the term stands anywhere in the name (terms of three characters or more: "sg" is not found inside
   "persoonsgerichte");
4. every word of the term starts a word of the name, in any order ("ggz wachttijd").

Within a rank, the plan's order: per theme its KPI's, doelen, initiatives and actions, then partners, then owners.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from regiomonitor.plan.index import build_index
from regiomonitor.plan.load import LoadedPlan
from regiomonitor.plan.partners import PartnerNames, partner_names
from regiomonitor.present.initiative_view import InitiativeRow, partner_list
from regiomonitor.present.words import Words
from regiomonitor.round.sheets import owners

KINDS = ("kpi", "doel", "initiative", "action", "partner", "owner")
MIN_SUBSTRING = 3
"""A term this long or longer is also found inside a word (rank 3); a shorter one only at the start of a word."""


def fold(text: str) -> str:
    """Text as the search compares it: lower case, no accents, punctuation as spaces ('St.Jacob' → 'st jacob')."""
    plain = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c)).casefold()
    return " ".join(re.sub(r"[\W_]+", " ", plain).split())


@dataclass(frozen=True)
class SearchEntry:
    kind: str
    """One of KINDS: which page it lands on (ui/app_state.SEARCH_PAGES)."""
    label: str
    """What the result shows, in the plan's words: 'KPI · Wachttijd intake (Zorg)'. Unique among the entries."""
    params: tuple[tuple[str, str], ...]
    """The link's query parameters (the quarter is added by the page): ('kpi', 'zorg-wachttijd')."""
    keys: tuple[str, ...]
    """The folded texts it is found by: its name, and a partner's other spellings."""


def _entry(kind: str, label: str, params: dict[str, str], *names: str) -> SearchEntry:
    keys = tuple(dict.fromkeys(k for k in (fold(n) for n in names) if k))
    return SearchEntry(kind, label, tuple(params.items()), keys)


def search_entries(loaded: LoadedPlan, words: Words, initiatives: tuple[InitiativeRow, ...] | list[InitiativeRow],
                   names: PartnerNames | None = None) -> tuple[SearchEntry, ...]:
    """Everything the plan names, in plan order; a level the plan does not have has no entries."""
    names = names or partner_names(loaded.plan)
    index = build_index(loaded)
    entries: list[SearchEntry] = []
    for theme_id, theme in loaded.themes.items():
        where = f"({theme.name})"
        entries += [_entry("kpi", f"{words.indicator} · {ind.name} {where}", {"kpi": ind.id}, ind.name)
                    for ind in theme.indicators]
        entries += [_entry("doel", f"{words.doel} {doel.id} · {doel.title} {where}",
                           {"thema": theme_id, "doel": doel.id}, doel.title, f"{doel.id} {doel.title}")
                    for _, doel in index.doel_paths(theme_id)]
        entries += [_entry("initiative", f"{words.initiative} · {(i.label + '. ') if i.label else ''}{i.name} {where}",
                           {"initiatief": i.id}, i.name) for i in theme.initiatives]
        entries += [_entry("action", f"{words.action} · {a.title} {where}", {"thema": theme_id, "actie": a.id},
                           a.title) for a in theme.werkagenda]
    spellings: dict[str, list[str]] = {}
    for theme in loaded.themes.values():
        for initiative in theme.initiatives:
            for spelling in initiative.partners:
                spellings.setdefault(names.resolve(spelling), []).append(spelling)
    entries += [_entry("partner", f"Partner · {p}", {"partner": p}, p, *names.aliases.get(p, ()),
                       *spellings.get(p, ())) for p in partner_list(initiatives)]
    entries += [_entry("owner", f"Eigenaar · {o}", {"eigenaar": o}, o) for o in owners(loaded)]
    return _unique_labels(entries)


def _unique_labels(entries: list[SearchEntry]) -> tuple[SearchEntry, ...]:
    """Two entries with one label (two KPI's of a theme with the same name) are told apart by their id."""
    seen: set[str] = set()
    unique = []
    for entry in entries:
        label = entry.label
        if label in seen:
            label = f"{label} [{entry.params[-1][1]}]"
        seen.add(label)
        unique.append(entry if label == entry.label else SearchEntry(entry.kind, label, entry.params, entry.keys))
    return tuple(unique)


def match_rank(key: str, term: str) -> int | None:
    """How well the folded `term` matches the folded name `key` (see the module's list), or None."""
    if key == term:
        return 0
    if key.startswith(term):
        return 1
    spaced = f" {key}"
    if f" {term}" in spaced:
        return 2
    if len(term) >= MIN_SUBSTRING and term in key:
        return 3
    parts = term.split()
    if len(parts) > 1 and all(f" {part}" in spaced for part in parts):
        return 4
    return None


def rank(entries: tuple[SearchEntry, ...], term: str, limit: int | None = None) -> tuple[list[SearchEntry], int]:
    """The entries `term` finds, best first (and in plan order within a rank), at most `limit` of them, and how
    many it finds in all."""
    folded = fold(term)
    if not folded:
        return [], 0
    found = []
    for position, entry in enumerate(entries):
        ranks = [r for r in (match_rank(key, folded) for key in entry.keys) if r is not None]
        if ranks:
            found.append((min(ranks), position, entry))
    found.sort(key=lambda hit: hit[:2])
    return [entry for _, _, entry in found[:limit]], len(found)
