"""The real plan in plan/: valid, complete, and every quoted figure really stands in its source document."""

import re

import pytest

from regiomonitor.commands.dump import dump_plan
from regiomonitor.plan.figures import Source
from regiomonitor.plan.load import load_plan
from tests.conftest import ROOT

LOADED = load_plan(ROOT / "plan")
DOCUMENTS = {d.id: d for d in LOADED.plan.sources}


def normalized(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("\u00ad", "")).strip()


def source_text(document_id: str) -> str:
    path = ROOT / DOCUMENTS[document_id].file
    assert path.is_file(), f"source document {path} is missing"
    return normalized(path.read_text(encoding="utf-8"))


def all_sources(value, path=()):
    if isinstance(value, Source):
        yield path, value
    elif hasattr(type(value), "model_fields"):
        for name in type(value).model_fields:
            yield from all_sources(getattr(value, name), path + (name,))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from all_sources(item, path + (i,))


def test_real_plan_has_no_errors():
    assert [str(p) for p in LOADED.errors] == []


def test_all_six_themes_are_loaded_in_the_plans_order():
    assert [(t.number, t.id) for t in LOADED.themes.values()] == [
        (1, "ouderen"), (2, "mentale-gezondheid"), (3, "gezondheidsverschillen"),
        (4, "acute-zorg"), (5, "arbeidsmarkt"), (6, "digitalisering"),
    ]


QUOTES = [(theme_id, path, source) for theme_id, theme in LOADED.themes.items()
          for path, source in all_sources(theme) if source.quote]


@pytest.mark.parametrize("theme_id, path, source", QUOTES,
                         ids=[f"{t}:{'.'.join(map(str, p))}" for t, p, _ in QUOTES])
def test_every_quote_stands_in_its_source(theme_id, path, source):
    assert normalized(source.quote) in source_text(source.document)


def test_every_figure_carries_a_quote():
    """A baseline, target, interim target or norm without a quote cannot be checked against the plan."""
    missing = []
    for theme in LOADED.themes.values():
        for ind in theme.indicators:
            figures = [ind.baseline, ind.target, *ind.interim_targets, ind.norm, *ind.comparisons]
            for figure in figures:
                if figure is not None and not isinstance(figure, str) and not figure.source.quote:
                    missing.append(ind.id)
    assert missing == []


def test_dump_has_every_theme_with_opgaven_doelen_initiatives_indicators():
    data = dump_plan(LOADED)
    assert len(data["themes"]) == 6
    assert all(theme["opgaven"] for theme in data["themes"])
    assert len(data["initiatives"]) > 0 and len(data["indicators"]) > 0 and len(data["agenda"]) > 0
    indicator_ids = {i["id"] for i in data["indicators"]}
    for theme in data["themes"]:
        for opgave in theme["opgaven"]:
            for doel in opgave["doelen"]:
                assert set(doel["indicators"]) <= indicator_ids
