"""The dashboard's own Markdown: status badges, counts, shares and the committee's toelichting, in Streamlit's
syntax (`:blue-badge[…]`, `:material/…:`), kept out of the package.

The status is never shown by colour alone: the label and the icon carry it too. Everything about a status
(label, colours, icon, meaning) comes from regiomonitor.engine.statuses; this module only writes the markup, and
every value from a file goes through safetext.md.
"""

from __future__ import annotations

from functools import lru_cache

from regiomonitor.core.safetext import Markdown, md
from regiomonitor.engine.statuses import BY_CODE, Marker, label_counts
from regiomonitor.present.views import ThemeSummary


def _badge(colour: str, icon: str, label: str, count: int | None) -> Markdown:
    template = f":{colour}-badge[:material/{icon}: {{}}]"  # built from the registry's own constants only
    return md(template, md("{}", label) if count is None else md("{}: {}", label, count))


@lru_cache(maxsize=512)  # a handful of statuses and counts, drawn many times per page
def status_badge(code: str, count: int | None = None) -> Markdown:
    """':blue-badge[:material/trending_up: Op koers]' for a status code, or with a count ('Op koers: 2')."""
    status = BY_CODE[code]
    return _badge(status.badge, status.icon, status.label, count)


@lru_cache(maxsize=64)
def marker_badge(marker: Marker, count: int | None = None) -> Markdown:
    """The badge of what is shown beside a status: Verouderd, Vertraagd, Start vertraagd."""
    return _badge(marker.badge, marker.icon, marker.label, count)


def status_counts_markdown(rollup_row: dict | None) -> Markdown:
    """Badges with counts, e.g. ':blue-badge[:material/trending_up: Op koers: 2]', for the statuses present."""
    if not rollup_row:
        return md("")
    return md(" ").join(status_badge(status.code, count) for status, count in label_counts(rollup_row))


def counts_line(summary: ThemeSummary, words) -> Markdown:
    """'7 opgaven · 17 doelen · 8 samenwerkingsinitiatieven · 0 KPI's · 11 acties', in the plan's own words and
    only for the levels the plan has."""
    parts = [(summary.opgaven, words.opgaven_mid, words.has_opgaven), (summary.doelen, words.doelen_mid, True),
             (summary.initiatives, words.initiatives_mid, words.has_initiatives),
             (summary.indicators, words.indicators_mid, words.has_indicators),
             (summary.actions, words.actions_mid, words.has_actions)]
    return md(" · ").join(md("**{}** {}", n, label) for n, label, shown in parts if shown)


def commentary_markdown(note) -> Markdown:
    """The committee's toelichting and follow-up actions for one KPI or doel, as escaped markdown."""
    lines = [md(":material/comment: **Toelichting commissie:** {}", note.toelichting)]
    for action in note.vervolgacties:
        lines.append(md(":material/assignment: Vervolgactie: {} — {}, uiterlijk {:%d-%m-%Y}", action.action, action.owner,
                        action.due))
    return md("  \n").join(lines)
