"""How a status looks: a text label with an icon, and a colour from a colour-blind-safe set.

The status is never shown by colour alone: the label and the icon carry it too.
"""

from __future__ import annotations

# (badge colour, Material icon)
STATUS_STYLE = {
    "Behaald": ("blue", "check_circle"),
    "Op koers": ("blue", "trending_up"),
    "Matige voortgang": ("orange", "trending_flat"),
    "Beperkte voortgang": ("orange", "south_east"),
    "Verslechterd": ("red", "trending_down"),
    "Niet behaald": ("red", "cancel"),
    "Verbetering": ("blue", "arrow_upward"),
    "Stabiel": ("gray", "drag_handle"),
    "Voldoet aan norm": ("blue", "check"),
    "Voldoet niet aan norm": ("red", "close"),
    "Niet te beoordelen": ("gray", "block"),
    "Geen gegevens": ("gray", "help"),
    "Verouderd": ("violet", "history"),
    "Vertraagd": ("red", "schedule"),
    "Start vertraagd": ("orange", "hourglass_empty"),
}


def badge_markdown(status: str) -> str:
    """Streamlit Markdown for a badge, e.g. ':blue-badge[:material/trending_up: Op koers]'."""
    colour, icon = STATUS_STYLE.get(status, ("gray", "label"))
    return f":{colour}-badge[:material/{icon}: {status}]"
