"""How a status looks: a text label with an icon, and a colour from a colour-blind-safe set.

The status is never shown by colour alone: the label and the icon carry it too.
"""

from __future__ import annotations

from functools import lru_cache

from regiomonitor.safetext import Markdown, md

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


# Chart colours from the Okabe-Ito palette, which stays distinguishable with the common colour-vision
# deficiencies. Charts also label every segment with its status name.
STATUS_COLOUR = {
    "Behaald": "#0072B2",
    "Op koers": "#56B4E9",
    "Verbetering": "#009E73",
    "Voldoet aan norm": "#009E73",
    "Matige voortgang": "#E69F00",
    "Stabiel": "#BBBBBB",
    "Beperkte voortgang": "#F0E442",
    "Verslechterd": "#D55E00",
    "Niet behaald": "#CC79A7",
    "Voldoet niet aan norm": "#D55E00",
    "Niet te beoordelen": "#777777",
    "Geen gegevens": "#DDDDDD",
}

STATUS_MEANING = {
    "Behaald": "de streefwaarde is gehaald",
    "Op koers": "voortgang volgens de lijn naar de streefwaarde (R ≥ 0,95)",
    "Matige voortgang": "achter op de lijn (0,60 ≤ R < 0,95)",
    "Beperkte voortgang": "ver achter op de lijn (0 ≤ R < 0,60)",
    "Verslechterd": "de waarde beweegt de verkeerde kant op",
    "Niet behaald": "de streefdatum is voorbij zonder dat de streefwaarde is gehaald",
    "Verbetering": "zonder streefwaarde: trend de goede kant op",
    "Stabiel": "zonder streefwaarde: geen duidelijke trend",
    "Voldoet aan norm": "de laatste meting ligt binnen de norm",
    "Voldoet niet aan norm": "de laatste meting ligt buiten de norm",
    "Niet te beoordelen": "nulmeting 0 en geen trenddrempel",
    "Geen gegevens": "nog geen meting na de nulmeting",
    "Verouderd": "de laatste meting is ouder dan twee rapportageperioden",
}


@lru_cache(maxsize=512)  # a handful of statuses and counts, drawn many times per page
def badge_markdown(status: str, count: int | None = None) -> Markdown:
    """Streamlit Markdown for a badge, e.g. ':blue-badge[:material/trending_up: Op koers]', or with a count
    (':blue-badge[:material/trending_up: Op koers: 2]'). Colour and icon are ours; the label is escaped."""
    colour, icon = STATUS_STYLE.get(status, ("gray", "label"))
    template = f":{colour}-badge[:material/{icon}: {{}}]"  # built from our own constants only
    return md(template, md("{}", status) if count is None else md("{}: {}", status, count))
