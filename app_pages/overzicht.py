"""Overzicht: the region, and per theme its ambitie and what the plan holds for it."""

import streamlit as st

from regiomonitor.core.formatting import period_nl, period_range_nl
from regiomonitor.engine.statuses import JUDGEMENT_LABELS
from regiomonitor.plan.model import Levels
from regiomonitor.present.views import judgement_line
from ui.app_state import (
    AS_OF_PARAM,
    md,
    md_lines,
    page_frame,
    plan_title,
    show_problems,
)
from ui.markup import counts_line, status_badge, status_counts_markdown

dash, quarter = page_frame()
loaded = dash.loaded
as_of = quarter.end
plan = loaded.plan
levels = plan.levels if plan else Levels()

st.title(plan_title(loaded))
if plan:
    covers = md(" · gemeenten: {}", ", ".join(plan.municipalities)) if plan.municipalities else (
        md(" · gebied: {}", plan.area) if plan.area else md(""))
    st.caption(md("Regio {} · looptijd {}{}", plan.region, period_range_nl(plan.period.start, plan.period.end), covers))
    if plan.subtitle:
        st.markdown(md("*{}*", plan.subtitle))
show_problems(loaded)
st.markdown(md("Stand van zaken: **{}** (peildatum {:%d-%m-%Y})", quarter.label, as_of))

summaries = list(dash.summaries.values())
words = dash.words
region = dash.regions[quarter]

# Where the region stands, first: the registry's judgement of every KPI, late actions, what changed.
standing = ([(JUDGEMENT_LABELS[j], getattr(region, j)) for j in JUDGEMENT_LABELS] if words.has_indicators else [])
standing += [(md("{} te laat", levels.actions), md("{} van {}", region.actions_late, region.actions))] \
    if words.has_actions else []
for column, (label, value) in zip(st.columns(len(standing) or 1), standing):
    column.metric(md("{}", label), md("{}", value))
if words.has_indicators:
    st.caption(md("{} per oordeel van de statussen (Methodiek). Sinds vorig kwartaal: {} beter, {} slechter.",
                  levels.indicators, region.better, region.worse))

if region.items:
    st.header(md("Vraagt aandacht ({})", len(region.items)))
    lines = [md("- {} **{}** ({}) — {}  \n  :gray[{}]  \n  _Vraag het: {}_", status_badge(item.status_code),
                item.name, item.theme, item.why, item.detail, item.ask) for item in region.kpis]
    lines += [md("- :red-badge[:material/schedule: {}] **{}** ({}) — {}  \n  _Vraag het: {}_", item.status, item.name,
                 item.theme, item.why, item.ask) for item in region.late_actions]
    st.markdown(md("\n").join(lines))
elif words.has_indicators or words.has_actions:
    kinds = [w for w, has in ((words.indicators_mid, words.has_indicators), (words.actions_mid, words.has_actions)) if has]
    st.success(md("Geen {} die aandacht vragen in {}.", " en geen ".join(kinds), quarter.label),
               icon=":material/check:")

st.header(md("{}", levels.themes))
cards = dash.cards[quarter]
for position, card in enumerate(cards):
    if position % 2 == 0:  # a row of two at a time: keyboard, screen reader and phone read the cards in plan order
        columns = st.columns(2)
    with columns[position % 2].container(border=True):
        summary, rollup = card.summary, card.rollup
        if summary is None:
            st.subheader(md("{}", card.theme_id))
            st.warning("Dit thema kon niet worden geladen: zie de fouten bovenaan de pagina.", icon=":material/warning:")
            continue
        st.subheader(md("{}. {}", summary.number, summary.name) if summary.number else md("{}", summary.name))
        if summary.ambitie:
            st.markdown(md("**{}:** {}", levels.ambitie, summary.ambitie))
        st.markdown(counts_line(summary, words))
        if words.has_indicators:
            st.markdown(md("{}.", judgement_line(rollup, words)[:1].upper() + judgement_line(rollup, words)[1:]))
        if rollup and rollup["indicators"]:
            # Badges, not a Plotly bar: the Overzicht loads no chart library (bench/browser.py: 2.4× → 1.4× the
            # time of a minimal page), and each count is named by its status in text, icon and colour.
            st.markdown(status_counts_markdown(rollup))
        if card.moved:
            lines = [md("- :material/arrow_upward: {}: {} → {}" if m.change == "better" else
                        "- :material/arrow_downward: {}: {} → {}", m.name, m.previous, m.now) for m in card.moved]
            with st.expander(md("Sinds vorig kwartaal: {} beter, {} slechter", card.better, card.worse)):
                st.markdown(md("\n").join(lines))
        elif rollup and rollup["assessable"]:
            st.caption("Sinds vorig kwartaal: geen veranderingen in status.")
        notes = []
        if rollup and rollup["stale"]:
            notes.append(md(":violet-badge[:material/history: Verouderd: {}]", rollup["stale"]))
        if rollup and rollup["actions_late"]:
            notes.append(md(":red-badge[:material/schedule: {} te laat: {} van {}]", levels.actions,
                            rollup["actions_late"], rollup["actions"]))
        if notes:
            st.markdown(md(" ").join(notes))
        st.page_link("app_pages/thema.py", label=md("Naar {}", summary.name), icon=":material/arrow_forward:",
                     query_params={"thema": summary.id, AS_OF_PARAM: quarter.code})

counted = [(words.themes_mid, len(loaded.theme_ids), True),
           (words.opgaven_mid, sum(s.opgaven for s in summaries), words.has_opgaven),
           (words.doelen_mid, sum(s.doelen for s in summaries), words.has_doelen),
           (words.initiatives_mid, sum(s.initiatives for s in summaries), words.has_initiatives),
           (words.indicators_mid, sum(s.indicators for s in summaries), words.has_indicators)]
counted = [(label, count) for label, count, shown in counted if shown]  # a level the plan lacks is not counted
st.subheader("Het plan in getallen")
# One line, not a metric per level: the plan's size is context here, and every element costs the page's drawing.
st.markdown(md(" · ").join(md("**{}** {}", count, label) for label, count in counted))

if plan and plan.guiding_principles:
    with st.expander(md("{}", levels.principles)):
        for principle in plan.guiding_principles:
            st.markdown(md("**{}** — {}", principle.name, principle.description or ""))

for section in plan.sections if plan else []:
    with st.expander(md("{} ({})", section.title, len(section.items))):
        if section.description:
            st.markdown(md_lines(section.description))
        for item in section.items:
            when = md(" ({})", period_nl(item.period)) if item.period else md("")
            text = md("- **{}**{}", item.title, when)
            if item.description:
                text += md(" — {}", item.description)
            st.markdown(text + md("  \n  _Bron: {}, {}_", item.source.document, item.source.section))
