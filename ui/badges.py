"""How a status looks on the dashboard: a badge with the registry's colour, icon and label.

The status is never shown by colour alone: the label and the icon carry it too. Everything about a status
(label, colours, icon, meaning) comes from regiomonitor.engine.statuses; this module only writes the Streamlit badge.
"""

from __future__ import annotations

from functools import lru_cache

from regiomonitor.core.safetext import Markdown, md
from regiomonitor.engine.statuses import BY_CODE, Marker


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
