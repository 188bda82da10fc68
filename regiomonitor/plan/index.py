"""Lookups across the loaded plan: doelen by reference, and what points at each doel.

Relations are stored one way in the YAML (an initiative says which doelen it serves, an indicator
which doelen it measures); the dashboard and `dump` need them the other way round too.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field

from regiomonitor.plan.model import DOEL_REF, Doel, Theme


@dataclass
class PlanIndex:
    theme_ids: list[str]
    doelen: dict[tuple[str, str], Doel] = field(default_factory=dict)
    doel_opgave: dict[tuple[str, str], str | None] = field(default_factory=dict)
    themes: dict[str, Theme] = field(default_factory=dict)
    indicators_by_doel: dict[tuple[str, str], list[str]] = field(default_factory=lambda: defaultdict(list))
    initiatives_by_doel: dict[tuple[str, str], list[str]] = field(default_factory=lambda: defaultdict(list))
    actions_by_doel: dict[tuple[str, str], list[str]] = field(default_factory=lambda: defaultdict(list))
    opgaven: dict[tuple[str, str], str] = field(default_factory=dict)
    initiatives_by_opgave: dict[tuple[str, str], list[str]] = field(default_factory=lambda: defaultdict(list))

    shared: dict[str, list[tuple[str, str]]] = field(default_factory=lambda: defaultdict(list))
    """Per theme, the (kind, id) of indicators and initiatives led by another theme that serve it, in plan order."""
    lead: dict[str, str] = field(default_factory=dict)
    """The lead theme (the file it is in) of every indicator and initiative."""

    def served_themes(self, record_id: str) -> list[str]:
        """The themes an indicator or initiative serves besides its lead theme."""
        return [t for t in self.theme_ids if any(i == record_id for _, i in self.shared.get(t, ()))]

    def resolve(self, theme_id: str, ref: str) -> tuple[str, str]:
        """'13' in theme t -> (t, '13'); 'digitalisering/2' -> ('digitalisering', '2')."""
        match = DOEL_REF.match(ref)
        return (match["theme"] or theme_id, match["doel"])

    def unresolved_doel(self, theme_id: str, ref: str) -> str | None:
        """Why `ref` (written in theme `theme_id`) does not resolve, or None when it does."""
        target_theme, doel_id = self.resolve(theme_id, ref)
        if target_theme not in self.theme_ids:
            return f"reference '{ref}' names theme '{target_theme}', which is not in the plan"
        if target_theme not in self.themes:
            return None  # that theme file failed to load; its own errors are reported
        if (target_theme, doel_id) not in self.doelen:
            known = ", ".join(d for t, d in self.doelen if t == target_theme)
            return f"reference '{ref}': theme '{target_theme}' has no doel '{doel_id}' (its doelen: {known or 'none'})"
        return None

    def unresolved_opgave(self, theme_id: str, ref: str) -> str | None:
        """Why opgave reference `ref` (written in theme `theme_id`) does not resolve, or None when it does."""
        target_theme, opgave_id = self.resolve(theme_id, ref)
        if target_theme not in self.theme_ids:
            return f"reference '{ref}' names theme '{target_theme}', which is not in the plan"
        if target_theme in self.themes and (target_theme, opgave_id) not in self.opgaven:
            known = ", ".join(o for t, o in self.opgaven if t == target_theme)
            return f"reference '{ref}': theme '{target_theme}' has no opgave '{opgave_id}' (its opgaven: {known or 'none'})"
        return None

    def serves(self, key: tuple[str, str]) -> bool:
        """Whether any indicator, initiative or action serves doel `key`: directly, or an initiative through the
        doel's opgave (a plan that lists its initiatives per opgave names no doel)."""
        opgave = self.doel_opgave.get(key)
        return bool(self.indicators_by_doel.get(key) or self.initiatives_by_doel.get(key)
                    or self.actions_by_doel.get(key)
                    or (opgave is not None and self.initiatives_by_opgave.get((key[0], opgave))))

    def doel_paths(self, theme_id: str) -> Iterator[tuple[tuple, Doel]]:
        theme = self.themes[theme_id]
        for i, opgave in enumerate(theme.opgaven):
            for j, doel in enumerate(opgave.doelen):
                yield ("opgaven", i, "doelen", j), doel
        for j, doel in enumerate(theme.doelen):
            yield ("doelen", j), doel


def build_index(loaded) -> PlanIndex:
    index = PlanIndex(theme_ids=list(loaded.theme_ids), themes=dict(loaded.themes))
    for theme_id, theme in loaded.themes.items():
        for opgave in theme.opgaven:
            index.opgaven[(theme_id, opgave.id)] = opgave.title
            for doel in opgave.doelen:
                index.doelen.setdefault((theme_id, doel.id), doel)
                index.doel_opgave.setdefault((theme_id, doel.id), opgave.id)
        for doel in theme.doelen:
            index.doelen.setdefault((theme_id, doel.id), doel)
            index.doel_opgave.setdefault((theme_id, doel.id), None)
    for theme_id, theme in loaded.themes.items():
        for indicator in theme.indicators:
            for ref in indicator.doelen:
                index.indicators_by_doel[index.resolve(theme_id, ref)].append(indicator.id)
        for initiative in theme.initiatives:
            for ref in initiative.contributes_to:
                index.initiatives_by_doel[index.resolve(theme_id, ref)].append(initiative.id)
            for ref in initiative.contributes_to_opgaven:
                index.initiatives_by_opgave[index.resolve(theme_id, ref)].append(initiative.id)
        for action in theme.werkagenda:
            for ref in action.doelen:
                index.actions_by_doel[index.resolve(theme_id, ref)].append(action.id)
    for theme_id, theme in loaded.themes.items():
        for kind, records, refs in (("indicator", theme.indicators, "doelen"),
                                    ("initiative", theme.initiatives, "contributes_to")):
            for record in records:
                index.lead[record.id] = theme_id
                others = [*record.themes, *(index.resolve(theme_id, r)[0] for r in getattr(record, refs))]
                if kind == "initiative":
                    others += [index.resolve(theme_id, r)[0] for r in record.contributes_to_opgaven]
                for other in dict.fromkeys(others):
                    if other != theme_id and other in index.themes:
                        index.shared[other].append((kind, record.id))
    return index
