"""Hostile text stays text: the one home for making text from plan and data files safe at each output boundary.

Text in YAML and CSV files comes from anyone who can open a pull request or send a spreadsheet. Each medium
has its own markup, so each has one function here, applied where text leaves Regiomonitor:

- `visible`: control, zero-width and direction-changing characters shown as escapes (`\\u202e`), so a
  message names the id or file a person can actually see and type (every Problem goes through it);
- `md_text`: Streamlit and GitHub markdown (no links, images, mentions, headings or HTML);
- `safe_figure`: Plotly figures, which render their own tag subset in every label (`<a href>` becomes a live link);
- `csv_cell`: spreadsheet cells that would start a formula (`=`, `+`, `-`, `@`).
"""

from __future__ import annotations

import re
from typing import Any

# C0/C1 controls (tab and newline included: a message is one line), soft hyphen, Arabic letter mark, Mongolian
# vowel separator, zero-width and joiner characters, line/paragraph separators, bidi embeddings, overrides and
# isolates, word joiner and invisible operators, byte-order mark, interlinear annotation characters.
_INVISIBLE = re.compile("[\x00-\x1f\x7f-\x9f\u00ad\u061c\u180e\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff"
                        "\ufff9-\ufffb]")
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def visible(text: str) -> str:
    """'zorg\\u202egnp.yaml' instead of a name that displays as 'zorgpng.yaml': every character a reader
    cannot see, or that reorders what they see, is written as an escape."""
    return _INVISIBLE.sub(lambda m: _NAMED.get(m[0], f"\\u{ord(m[0]):04x}"), text)


# CommonMark lets every ASCII punctuation character be escaped with a backslash, and an escaped character never
# starts markup: no emphasis, link, image, HTML, heading, list, table, math, Streamlit directive (`:red[…]`,
# `:material/…:`), GitHub mention (`@team`) or autolink (`https\:\/\/…`, `www\.…`, `a\@b\.nl` are not linked).
_MARKDOWN_PUNCTUATION = re.compile(r"""([!"#$%&'()*+,\-./:;<=>?@\[\\\]^_`{|}~])""")


def md_text(text: str, multiline: bool = False) -> str:
    """Text from a file as Markdown that shows exactly that text. Line breaks become spaces (a title, a label, a
    table cell stays one line), or Markdown line breaks with `multiline` (a description)."""
    lines = [_MARKDOWN_PUNCTUATION.sub(r"\\\1", line) for line in str(text).splitlines() or [""]]
    return ("  \n" if multiline else " ").join(lines)


_HTML = {"&": "&amp;", "<": "&lt;", ">": "&gt;"}
_HTML_SPECIAL = re.compile("[&<>]")


def plot_text(text: str) -> str:
    """Text for Plotly, which renders `<a href>`, `<b>`, `<br>` and entities in titles, labels and hover texts."""
    return _HTML_SPECIAL.sub(lambda m: _HTML[m[0]], text)


def _plain(value: Any) -> Any:
    if isinstance(value, str):
        return plot_text(value)
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value


def safe_figure(fig):
    """A copy of the figure in which every string is text for Plotly (its tags and entities escaped).

    Called once where a figure leaves Regiomonitor (the dashboard's chart call, the export's images and HTML),
    so no chart needs to remember it. Our own figures use no Plotly markup: hover texts are plain `hovertext`."""
    import plotly.graph_objects as go

    return go.Figure(_plain(fig.to_plotly_json()), skip_invalid=False)


FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value: Any) -> Any:
    """A text cell that Excel or LibreOffice would read as a formula gets a leading apostrophe (OWASP's advice
    against CSV injection); numbers and other values are left as they are."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value
