"""Chart figures: what they draw and how their axes are set (Plotly figure objects, no browser)."""

from datetime import date

import pytest

from regiomonitor.present.charts import GanttBar, SeriesPoint, indicator_chart, quarter_ticks, value_range


@pytest.mark.parametrize(("values", "unit", "expected"), [
    # Noise around 35% is not magnified: the axis spans 20% of 35.1 (7.02), centred on the data.
    ([35, 35.1], "%", [31.54, 38.56]),
    # A full percentage range stays within 0-100.
    ([0, 100], "%", [0, 100]),
    # 12 weeks: 20% is 2.4, the data spans 2: 0.2 either side.
    ([10, 12], "weken", [9.8, 12.2]),
    # Negative values: 10% padding on a span of 10.
    ([-5, 5], "", [-6, 6]),
    # All zero (a count that stayed 0): an axis of 0 to 1, not a billionth (whose ticks read '0,2n … 1n').
    ([0, 0, 0], "aantal", [0, 1]),
])
def test_value_range(values, unit, expected):
    assert value_range(values, unit) == pytest.approx(expected)


def test_quarter_ticks_are_dutch_quarter_ends():
    ticks, labels = quarter_ticks(date(2024, 1, 1), date(2024, 12, 31))
    assert ticks == [date(2024, 3, 31), date(2024, 6, 30), date(2024, 9, 30), date(2024, 12, 31)]
    assert labels == ["1e kw. 2024", "2e kw. 2024", "3e kw. 2024", "4e kw. 2024"]


def test_indicator_chart_draws_path_measurements_and_norm():
    status = {"norm_min": 95.0, "norm_max": None}
    series = [SeriesPoint("2024-Q1", date(2024, 3, 31), 96.5), SeriesPoint("2024-Q2", date(2024, 6, 30), 94.0)]
    path = [(date(2023, 12, 31), 90.0, "Nulmeting"), (date(2026, 12, 31), 98.0, "Streefwaarde")]
    fig = indicator_chart(status, series, path, "%")
    names = [trace.name for trace in fig.data]
    assert names == ["Verwachte lijn", "Nulmeting", "Streefwaarde", "Metingen"]
    assert list(fig.data[3].hovertext) == ["1e kwartaal 2024: 96,5%", "2e kwartaal 2024: 94%"]
    assert fig.layout.shapes[0].y0 == 95.0
    assert fig.layout.annotations[0].text == "Norm (minimaal) 95%"
    # Values 90-98: span 8 < 20% of 98 (19.6), so 5.8 either side, capped at 100 and shifted down.
    assert list(fig.layout.yaxis.range) == pytest.approx([84.2 - 3.8, 100.0])
    assert fig.layout.separators == ",."


def test_gantt_keeps_plan_order_and_marks_late_actions_and_the_as_of_date():
    from regiomonitor.present.charts import gantt

    actions = [GanttBar("1 · Eerste", "Eerste", "Op schema", False, date(2024, 1, 1), date(2024, 12, 31)),
               GanttBar("1 · Tweede", "Tweede", "Vertraagd", True, date(2024, 1, 1), date(2025, 6, 30)),
               GanttBar("2 · Derde", "Derde", "Op schema", False, date(2024, 1, 1), date(2026, 12, 31))]
    fig = gantt(actions, date(2024, 1, 1), date(2026, 12, 31), date(2026, 9, 30))
    assert list(fig.layout.yaxis.categoryarray) == ["1 · Eerste", "1 · Tweede", "2 · Derde"]
    late = [t for t in fig.data if t.name == "Te laat"][0]
    assert list(late.y) == ["1 · Tweede"] and late.marker.pattern.shape == "/"
    # 1 Jan 2024 to 30 Jun 2025 is 546 days.
    assert list(late.x) == [546 * 86_400_000]
    assert fig.layout.annotations[0].text == "Peildatum 30-09-2026"


def test_indicator_chart_without_target_has_no_expected_line_but_shows_comparisons():
    series = [SeriesPoint("2024", date(2024, 12, 31), 260.0)]
    fig = indicator_chart({}, series, [(date(2023, 12, 31), 272.0, "Nulmeting")], "per 1.000 inwoners",
                          [(date(2023, 12, 31), 246.0, "ROAZ-regio NH-FL (totaal)")])
    assert [trace.name for trace in fig.data] == ["Nulmeting", "ROAZ-regio NH-FL (totaal)", "Metingen"]
    assert list(fig.data[1].hovertext) == ["ROAZ-regio NH-FL (totaal): 246 per 1.000 inwoners (31-12-2023)"]
    assert fig.data[1].hoverinfo == "text" and fig.data[1].hovertemplate is None
    # Values 246-272: span 26 < 20% of 272 (54.4): 14.2 either side.
    assert list(fig.layout.yaxis.range) == pytest.approx([231.8, 286.2])
