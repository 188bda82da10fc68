"""Citations: every `quote` in the plan stands in the text of its source document, and every figure of an
indicator carries one.

A source document is read from its `file`, a plain-text copy kept beside the plan folder (`file:` is relative to
the folder that holds the plan folder: `sources/regioplan.txt` for `plan/`). Quote and text are compared after
normalising both sides, so that what a PDF extraction or a typist changes does not count:

- runs of white space are one space; soft hyphens (U+00AD) are dropped, with the line break after one;
- typographic quotes and dashes are their ASCII forms: ‘ ’ as ', “ ” as ", – — as -;
- a hyphen at a line end may split a word ("zorg-⏎verzekeraar", quoted "zorgverzekeraar") or be a hyphen of its own
  ("GGZ-⏎instellingen", "welzijns-⏎en"): the quote may have either. A hyphen inside a line stays a hyphen.

Problems are located like every other plan problem (plan/crosscheck.py's reporter: the YAML position of the value):
a quote not found is an error on the quote; a document that cannot be read is one error on its entry under
`sources`; a baseline, target, interim target, norm or comparison without a quote is a warning on the figure.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from regiomonitor.core.problems import Problem, sort_key
from regiomonitor.core.safefiles import Refused, read_bytes
from regiomonitor.plan.crosscheck import _Reporter, _walk_sources
from regiomonitor.plan.figures import Source
from regiomonitor.plan.loaded import PLAN_FILE, LoadedPlan
from regiomonitor.plan.model import Indicator, SourceDocument

MAX_SOURCE_BYTES = 20_000_000  # the Kennemerland plan's text is 230 kB
SHOWN_CHARS = 60  # how much of a quote a message repeats

_MARK = "\x00"  # stands for a hyphen at a line end: no character of a text file, see _TRANSLATE
_TRANSLATE = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'",
                            "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"',
                            "\u2010": "-", "\u2011": "-", "\u2013": "-", "\u2014": "-", _MARK: None})
_SOFT_HYPHEN = re.compile(r"\u00ad(?:[ \t]*\r?\n\s*)?")
_LINE_END_HYPHEN = re.compile(r"(?<=\w)-[ \t]*\r?\n\s*(?=\w)")
_SPACE = re.compile(r"\s+")
_WEB_ADDRESS = re.compile(r"^[a-z][a-z0-9+.-]*://", re.IGNORECASE)
# Between two word characters: a hyphen, a hyphen and a space ('welzijns- en zorg'), or a hyphen at a line end.
_HYPHEN = re.compile(rf"(?<=\w)(?:-|- |{_MARK})(?=\w)")


@dataclass(frozen=True)
class _Text:
    """A normalised text as its characters without hyphens between words, and the hyphens apart: `hyphens[i]` is
    what stood before `letters[i]` ('-', '- ' or a line-end hyphen)."""

    letters: str
    hyphens: dict[int, str]

    def contains(self, quote: _Text) -> bool:
        start = self.letters.find(quote.letters)
        while start >= 0:
            if all(_same_hyphen(quote.hyphens.get(i, ""), self.hyphens.get(start + i, ""))
                   for i in range(1, len(quote.letters))):
                return True
            start = self.letters.find(quote.letters, start + 1)
        return False


def _same_hyphen(quoted: str, written: str) -> bool:
    return quoted == written or _MARK in (quoted, written)


def normalized(text: str) -> str:
    """White space as single spaces, typographic quotes and dashes as ASCII, soft hyphens gone; a hyphen at a line
    end is kept as a mark (see `_Text`)."""
    text = _SOFT_HYPHEN.sub("", text.translate(_TRANSLATE))
    return _SPACE.sub(" ", _LINE_END_HYPHEN.sub(_MARK, text)).strip()


def _text(text: str) -> _Text:
    letters: list[str] = []
    hyphens: dict[int, str] = {}
    position = length = 0
    for match in _HYPHEN.finditer(text):
        letters.append(text[position:match.start()])
        length += match.start() - position
        hyphens[length] = match.group()
        position = match.end()
    letters.append(text[position:])
    return _Text("".join(letters), hyphens)


def cited_quotes(loaded: LoadedPlan) -> Iterator[tuple[str, tuple, Source]]:
    """(file, path, source) for every source with a quote, in the plan file and each theme file that loaded."""
    models = ([(PLAN_FILE, loaded.plan)] if loaded.plan is not None else []) + \
        [(f"{theme_id}.yaml", theme) for theme_id, theme in loaded.themes.items()]
    for file, model in models:
        for path, source in _walk_sources(model, ()):
            if source.quote is not None:
                yield file, path, source


def citation_problems(loaded: LoadedPlan) -> list[Problem]:
    """Every quote not found in its document, every document a quote cites that cannot be read (once), and every
    figure of an indicator without a quote."""
    report = _Reporter(loaded)
    if loaded.plan is None:
        return report.problems
    documents = {d.id: (i, d) for i, d in enumerate(loaded.plan.sources)}
    texts: dict[str, _Text | None] = {}  # document id -> its normalised text, None when it cannot be read
    for file, path, source in cited_quotes(loaded):
        quote = normalized(source.quote)
        if not quote:
            report.at(file, path + ("quote",), "quote is empty: give the sentence from the source, or leave quote out")
            continue
        if source.document not in documents:
            continue  # an unknown document is the cross-check's error
        index, document = documents[source.document]
        if source.document not in texts:
            texts[source.document] = _read_document(loaded, index, document, report)
        text = texts[source.document]
        if text is not None and not text.contains(_text(quote)):
            shown = _SPACE.sub(" ", source.quote).strip()
            shown = shown if len(shown) <= SHOWN_CHARS else shown[:SHOWN_CHARS] + "…"
            report.at(file, path + ("quote",), f'quote not found in {document.file}: "{shown}"')
    for theme_id, theme in loaded.themes.items():
        for i, indicator in enumerate(theme.indicators):
            for figure_path, what in _figures_without_quote(indicator):
                report.at(f"{theme_id}.yaml", ("indicators", i) + figure_path,
                          f"{what} of indicator '{indicator.id}' has no quote: cite the sentence the figure comes from",
                          "warning", key=True)
    return sorted(report.problems, key=sort_key)


def _figures_without_quote(indicator: Indicator) -> Iterator[tuple[tuple, str]]:
    figures = [(("baseline",), "baseline", indicator.baseline), (("target",), "target", indicator.target),
               (("norm",), "norm", indicator.norm)]
    figures += [(("interim_targets", k), f"interim target for {v.period}", v) for k, v in enumerate(indicator.interim_targets)]
    figures += [(("comparisons", k), f"comparison '{c.label}'", c) for k, c in enumerate(indicator.comparisons)]
    for path, what, figure in figures:
        if figure is not None and not isinstance(figure, str) and figure.source.quote is None:  # empty: an error
            yield path, what


def _read_document(loaded: LoadedPlan, index: int, document: SourceDocument, report: _Reporter) -> _Text | None:
    """The document's normalised text, or None with one problem on its entry under `sources` saying why."""
    where = f"source document '{document.id}'"
    file = document.file
    if not file or not file.strip():
        report.at(PLAN_FILE, ("sources", index),
                  f"{where} has no file: add a text copy of the document (file:) so that quotes can be checked")
        return None
    at = ("sources", index, "file")
    if _WEB_ADDRESS.match(file):
        report.at(PLAN_FILE, at, f"{where} has a web address as file ({file}): quotes are checked against a text "
                                 "copy of the document, so give the path of one (file:)")
        return None
    root = Path(os.path.abspath(loaded.directory)).parent  # 'plan' and '.' both have a parent
    relative = os.path.normpath(file)
    if os.path.isabs(file) or relative == ".." or relative.startswith(".." + os.sep):
        report.at(PLAN_FILE, at, f"{where}: file {file} lies outside the folder that holds the plan folder: "
                                 "give a path inside it")
        return None
    path = root / file
    if not os.path.lexists(path):
        report.at(PLAN_FILE, at, f"{where}: file {file} does not exist (file: is read relative to the folder that "
                                 "holds the plan folder)")
        return None
    try:
        raw = read_bytes(path, root, MAX_SOURCE_BYTES, "source documents")
    except Refused as exc:
        report.at(PLAN_FILE, at, f"{where}: file {file} is not read: {exc}")
        return None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        report.at(PLAN_FILE, at, f"{where}: file {file} is not UTF-8 text (byte {raw[exc.start]:#04x} at position "
                                 f"{exc.start:,}): save it as UTF-8")
        return None
    return _text(normalized(text.removeprefix("\ufeff")))
