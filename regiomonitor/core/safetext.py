"""Hostile text stays text: the one home for making text from plan and data files safe at each output boundary.

Text in YAML and CSV files comes from anyone who can open a pull request or send a spreadsheet. Each medium
has its own markup, so each has one function here, applied where text leaves Regiomonitor:

- `visible`: control, zero-width and direction-changing characters shown as escapes (`\\u202e`), so a
  message names the id or file a person can actually see and type (every Problem goes through it);
- `md_text`: Streamlit and GitHub markdown (no links, images, mentions, headings or HTML); `md` and `Markdown`
  build every markdown string the dashboard renders, so a value cannot reach Streamlit unescaped; `md_code` and
  `md_code_block` quote text as code in the pull-request comment;
- `safe_figure`: Plotly figures, which render their own tag subset in every label (`<a href>` becomes a live link);
- `csv_cell`: spreadsheet cells that would start a formula (`=`, `+`, `-`, `@`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
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
# starts markup: no emphasis, link, image, HTML, heading, list, table, math or Streamlit directive (`:red[…]`,
# `:material/…:`).
_MARKDOWN_PUNCTUATION = re.compile(r"""([!"#$%&'()*+,\-./:;<=>?@\[\\\]^_`{|}~])""")
# Escapes do not stop GFM's literal autolinks: Streamlit's renderer (remark-gfm) and GitHub find `https://…`,
# `www.…` and `a@b.nl` in the text *after* escapes are resolved (seen in Chromium: `https\:\/\/evil\.example`
# became a live link), and GitHub finds `@team` mentions in its HTML. A WORD JOINER (U+2060, invisible, no line
# break) after `@`, between `:` and `/`, and between `www` and `.` breaks each pattern without changing what a
# reader sees. (The same trick as bots that quote release notes, which put a zero-width space after `@`.)
WORD_JOINER = "\u2060"
_AUTOLINK_START = re.compile(r"@|:(?=/)|(?i:www)(?=\.)")


def md_text(text: str, multiline: bool = False) -> str:
    """Text from a file as Markdown that shows exactly that text, as text: no markup, no link, no mention. Line
    breaks become spaces (a title, a label, a table cell stays one line), or Markdown line breaks with
    `multiline` (a description)."""
    lines = [_MARKDOWN_PUNCTUATION.sub(r"\\\1", _AUTOLINK_START.sub(lambda m: m[0] + WORD_JOINER, line))
             for line in str(text).splitlines() or [""]]
    return ("  \n" if multiline else " ").join(lines)


class Markdown(str):
    """Markdown that is safe to render: our own template with every value escaped by `md_text`.

    Only `md`, `md_lines` and `Markdown.join` make one. The dashboard passes nothing else to a Streamlit call
    that renders markdown (tests/test_markup.py reads every page and fails on an f-string, a concatenation or
    a variable there), so text from a file cannot reach Streamlit's markdown without passing `md_text`."""

    __slots__ = ()

    def join(self, parts) -> Markdown:
        """The separator is ours; parts that are not Markdown yet are text, and are escaped."""
        return Markdown(str.join(self, (p if isinstance(p, Markdown) else md_text(p) for p in parts)))

    def __add__(self, other):
        """Markdown + Markdown stays Markdown; anything else gives a plain str, which the page check rejects."""
        return Markdown(str.__add__(self, other)) if isinstance(other, Markdown) else str.__add__(self, other)


class _Text:
    """A value from a file inside an md template: formatted with its spec (`{:%d-%m-%Y}`), then escaped."""

    __slots__ = ("value",)

    def __init__(self, value: Any):
        self.value = value

    def __format__(self, format_spec: str) -> str:
        return md_text(format(self.value, format_spec))


def _value(value: Any) -> Any:
    return value if isinstance(value, Markdown) else _Text(value)


def md(template: str, /, *values: Any, **named: Any) -> Markdown:
    """`md("**{}:** {}", levels.ambitie, theme.ambitie)`: the template is our own Markdown (always a literal),
    each `{}` a value shown as text (escaped with md_text; a format spec such as `{:.0f}` applies first).
    A value that is Markdown already (from md) is inserted as it is. (str.format with wrapped values: the
    overview makes a few hundred of these per run, and string.Formatter took five times as long.)"""
    return Markdown(template.format(*map(_value, values), **{k: _value(v) for k, v in named.items()}))


def md_lines(text: Any) -> Markdown:
    """A description from a file as Markdown text that keeps its line breaks."""
    return Markdown(md_text(str(text), multiline=True))


def md_code(text: str, table: bool = False) -> str:
    """Inline code for GitHub (an id in the pull-request comment): on one line (line breaks and invisible
    characters shown as escapes), in a backtick run longer than any inside it, so it cannot end early. In a
    table cell a `|` would end the cell even inside code, so there it is escaped (GFM shows `\\|` as `|`)."""
    text = visible(str(text))
    if table:
        text = text.replace("|", "\\|")
    fence = "`" * (max((len(run) for run in re.findall("`+", text)), default=0) + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def md_code_block(lines: list[str], info: str = "") -> list[str]:
    """A fenced code block around lines of text (problems in the pull-request comment). The fence is longer
    than any backtick run in the text, so no line can close it and continue as Markdown."""
    longest = max((len(run) for line in lines for run in re.findall("`+", line)), default=0)
    fence = "`" * max(3, longest + 1)
    return [fence + info, *lines, fence]


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
    if getattr(value, "dtype", None) is not None and value.dtype.kind in "OUS":  # a NumPy array of text:
        return [_plain(v) for v in value.tolist()]  # Plotly turns pandas and Polars columns into these
    return value


def _has_special(value: Any) -> bool:
    if isinstance(value, str):
        return _HTML_SPECIAL.search(value) is not None
    if isinstance(value, dict):
        return any(_has_special(v) for v in value.values())
    if isinstance(value, (list, tuple)):
        return any(_has_special(v) for v in value)
    if getattr(value, "dtype", None) is not None and value.dtype.kind in "OUS":
        return any(_has_special(v) for v in value.tolist())
    return False


def safe_figure(fig):
    """The figure with every string as text for Plotly (its tags and entities escaped).

    Called once where a figure leaves Regiomonitor (the dashboard's chart call, the export's images and HTML),
    so no chart needs to remember it. Our own figures use no Plotly markup: hover texts are plain `hovertext`.
    A figure with no `&`, `<` or `>` in any string is returned as it is; otherwise a copy is made, and not
    validated again (`_validate=False`): it is the JSON of a figure Plotly already validated with only its
    strings changed. Copying and validating cost ~4 ms per figure, 25 ms on the overview's status bars."""
    import plotly.graph_objects as go

    data = fig.to_plotly_json()
    if not _has_special(data):
        return fig
    return go.Figure(_plain(data), _validate=False)


@dataclass(frozen=True)
class SafeFigure:
    """A figure that has been through safe_figure already: prepared once (for every session and quarter, by the
    dashboard) and then shown as it is, without building or escaping it again on each page view."""

    figure: Any


def prepared_figure(fig) -> SafeFigure:
    return SafeFigure(safe_figure(fig))


FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value: Any) -> Any:
    """A text cell that Excel or LibreOffice would read as a formula gets a leading apostrophe (OWASP's advice
    against CSV injection); numbers and other values are left as they are."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def csv_text(frame) -> str:
    """A Polars frame as CSV for a download, each text cell through `csv_cell` (a spreadsheet that opens it
    runs no formula from a data file); numeric and other columns are written as they are, so numbers stay
    numbers."""
    import polars as pl

    def neutral(column: str) -> pl.Expr:
        text = pl.col(column).cast(pl.String)
        starts = pl.any_horizontal([text.str.starts_with(start) for start in FORMULA_START])
        return pl.when(starts).then(pl.lit("'") + text).otherwise(text).alias(column)

    textual = [name for name, dtype in frame.schema.items() if dtype in (pl.String, pl.Categorical) or
               isinstance(dtype, pl.Enum)]
    return frame.with_columns(neutral(name) for name in textual).write_csv()


# Characters no plan or data text may hold: controls other than tab and line breaks (YAML escapes such as "\0" or
# "\e" make them; Chromium's chart renderer and XML-based reports fail on them), surrogates (no text can be encoded
# with them), non-characters (XML forbids U+FFFE and U+FFFF), and the bidi embeddings, overrides and isolates that
# make text display in another order than it is stored ("Trojan Source"). Refused where text enters, so no output
# medium ever meets them.
_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufdd0-\ufdef\ufffe\uffff"
                        "\u202a-\u202e\u2066-\u2069]")
_FORBIDDEN_KINDS = (("\u202a", "\u202e", "a character that changes the direction of the text"),
                    ("\u2066", "\u2069", "a character that changes the direction of the text"),
                    ("\ud800", "\udfff", "half of a surrogate pair (not a character)"),
                    ("\ufdd0", "\uffff", "a non-character"))


def forbidden_character(text: str) -> str | None:
    """Why `text` cannot be plan or data text ('contains U+0000, a control character: remove it'), or None."""
    found = _FORBIDDEN.search(text)
    if found is None:
        return None
    char = found[0]
    kind = next((name for low, high, name in _FORBIDDEN_KINDS if low <= char <= high), "a control character")
    return f"contains U+{ord(char):04X}, {kind}: remove it"
