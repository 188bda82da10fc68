"""Thema: ambitie, opgaven with priority, doelen with their KPI's, initiatives and werkagenda, knelpunten."""

import streamlit as st

from regiomonitor.core.safetext import Markdown
from regiomonitor.engine.statuses import NO_DATA, STALE
from regiomonitor.plan.commentary import notes_for
from regiomonitor.plan.model import Levels
from regiomonitor.present.views import figure_text, latest_text, priority_labels
from ui.app_state import AS_OF_PARAM, md, md_lines, page_frame, show_problems
from ui.markup import commentary_markdown, marker_badge, status_badge

PRIORITY_COLOURS = ["red", "orange", "gray", "blue", "violet"]

dash, quarter = page_frame()
loaded, words = dash.loaded, dash.words
as_of = quarter.end
levels = loaded.plan.levels if loaded.plan else Levels()
status = dash.snapshot.at(quarter).indicators
kpi_notes, doel_notes = notes_for(loaded, quarter.code)

names = {t: (f"{th.number}. {th.name}" if th.number else th.name) if (th := loaded.themes.get(t)) else f"{t} (fout)"
         for t in loaded.theme_ids}
if not names:
    st.title(md("{}", levels.theme))
    show_problems(loaded)
    st.stop()

requested = st.query_params.get("thema")
theme_id = st.selectbox(md("{}", levels.theme), list(names), format_func=names.get,
                        index=list(names).index(requested) if requested in names else 0)
if requested and requested not in names:
    st.warning(md("Het thema '{}' uit de link staat niet in het plan. Kies hierboven een thema.", requested),
               icon=":material/link_off:")
st.query_params["thema"] = theme_id

theme = loaded.themes.get(theme_id)
if theme is None:
    st.title(md("{}", theme_id))
    show_problems(loaded, {str(loaded.directory / f"{theme_id}.yaml")})
    st.stop()

st.title(md("{}", names[theme_id]))
st.caption(md("Stand van zaken: {} (peildatum {:%d-%m-%Y})", quarter.label, as_of))
if theme.ambitie:
    st.info(md("**{}:** {}", levels.ambitie, theme.ambitie))
for detail in theme.ambitie_details:
    st.markdown(md("- {}", detail))
if theme.bestuurlijk_trekkers:
    people = ", ".join(f"{p.name} ({p.role})" if p.role else p.name for p in theme.bestuurlijk_trekkers)
    st.caption(md("{}: {}", levels.leads, people))

prepared, now = dash.themes[theme_id], dash.theme_quarters[quarter, theme_id]
labels = priority_labels(loaded)
colours = {pid: PRIORITY_COLOURS[i % len(PRIORITY_COLOURS)] for i, pid in enumerate(labels)}


def kpi_markdown(ind) -> Markdown:
    row = status.get(ind.id)
    badge = status_badge(row["status_code"] if row else NO_DATA)
    stale = md(" {}", marker_badge(STALE)) if row and row["stale"] else md("")
    spark = now.sparklines.get(ind.id, "")
    measured = row is not None and row["latest_value"] is not None
    text = md("{}{} {}{}; nulmeting {}, streefwaarde {}", badge, stale, md("`{}` ", spark) if spark else md(""),
              md("laatste meting {}", latest_text(row)) if measured else md("nog geen meting"),
              figure_text(ind.baseline, ind.unit), figure_text(ind.target, ind.unit, ind.deadline))
    if row:
        text += md("  \n{}  \n:gray[{}]", row["summary"], row["explanation"])
    if ind.id in kpi_notes:
        text += md("  \n{}", commentary_markdown(kpi_notes[ind.id]))
    return text


def doel_lines(view) -> list[Markdown]:
    lines = []
    if view.not_shown:
        lines.append(md("- _En nog {} meer: zie de tabel ‘{}’ hieronder._", view.not_shown, levels.indicators))
    if view.initiatives:
        lines.append(md("- :material/handshake: {}", "; ".join(view.initiatives)))
    if view.actions:
        lines.append(md("- :material/event: {}", "; ".join(view.actions)))
    if view.related:
        lines.append(md("- :material/link: Zie ook {}", ", ".join(view.related)))
    if view.doel.gap:
        lines.append(md("- _Nog niets gekoppeld: {}_", view.doel.gap))
    elif view.via_opgave:
        lines.append(md("- _Via de {}: zie de {} hierboven._", words.opgave_mid, words.initiatives_mid))
    elif not (view.indicators or view.initiatives or view.actions):
        lines.append(md("- _Nog niets gekoppeld: geen {}, {} of {}._", words.indicator_mid, words.initiative_mid,
                        words.action_mid))
    return lines


def show_doelen(views) -> None:
    """Each doel as few elements as its content allows (each one costs its share of every page view): a doel
    without KPI's is one block; with KPI's, its heading, per KPI a link and its line, and what serves it."""
    for view in views:
        heading = md("**{} {}** — {}", levels.doel, view.doel.id, view.doel.title)
        if view.doel.id == st.query_params.get("doel"):
            heading = md(":violet-background[:material/search: {}]", heading)
        if view.doel.description:
            heading += md("  \n_{}_", view.doel.description)
        if f"{theme.id}/{view.doel.id}" in doel_notes:
            heading += md("  \n{}", commentary_markdown(doel_notes[f"{theme.id}/{view.doel.id}"]))
        lines = md("\n").join(doel_lines(view))
        if not view.shown:
            st.markdown(md("{}\n\n{}", heading, lines) if lines else heading)
            continue
        st.markdown(heading)
        for ind in view.shown:
            st.page_link("app_pages/indicator.py", label=md("{}", ind.name), icon=":material/show_chart:",
                         query_params={"kpi": ind.id, AS_OF_PARAM: quarter.code})
            st.markdown(kpi_markdown(ind))
        if lines:
            st.markdown(md("{}", lines))


def chosen_part() -> int:
    """The part of a theme with many doelen to show: the one asked for (`deel`), else the one holding the doel a
    search hit names, else the first."""
    count = len(prepared.parts)
    asked = st.query_params.get("deel", "")
    if asked.isdigit() and 1 <= int(asked) <= count:
        index = int(asked) - 1
    else:
        index = prepared.part_of_doel.get(st.query_params.get("doel"), 0)
    if count == 1:
        return 0
    def label(n: int) -> str:
        first, last = prepared.parts[n].first, prepared.parts[n].last
        doelen = f"{first} tot en met {last}" if first != last else first
        return f"Deel {n + 1} van {count}: {levels.doel} {doelen}"

    choice = st.selectbox("Deel", range(count), index=index, format_func=label)
    st.query_params["deel"] = str(choice + 1)
    return choice


def show_opgave(opgave) -> None:
    st.subheader(md("{} {}: {}", levels.opgave, opgave.id, opgave.title))
    if opgave.priority:
        st.badge(md("{}", labels.get(opgave.priority, opgave.priority)), color=colours.get(opgave.priority, "gray"))
    else:
        st.badge("Prioriteit niet aangegeven in het plan", color="gray")
    if opgave.description:
        with st.expander("Toelichting"):
            st.markdown(md_lines(opgave.description))
    if opgave.related:
        st.caption(md("Verwijst naar: {}", ", ".join(opgave.related)))
    serving = prepared.opgave_initiatives[opgave.id]
    if serving:
        st.markdown(md(":material/handshake: **{} voor deze {}:** {}", levels.initiatives, words.opgave_mid,
                       "; ".join(serving)))


opgaven = {o.id: o for o in theme.opgaven}
part = prepared.parts[chosen_part()]
if any(opgave_id is not None for opgave_id, _ in part.groups):
    st.header(md("{}", levels.opgaven))
for opgave_id, views in part.groups:
    if opgave_id is None:
        st.header(md("{}", levels.doelen))
        show_doelen(views)
        continue
    with st.container(border=True):
        show_opgave(opgaven[opgave_id])
        show_doelen(views)

if words.has_indicators:
    st.header(md("{}", levels.indicators))
if theme.indicators:
    st.dataframe(now.indicators, hide_index=True, width="stretch")
    st.caption("'nog vast te stellen': het plan noemt (nog) geen waarde; Regiomonitor vult die niet zelf in.")
elif words.has_indicators:
    st.markdown(md("Hier zijn nog geen {} vastgelegd.", words.indicators_mid))

if words.has_initiatives:
    st.header(md("{}", levels.initiatives))
    st.dataframe(prepared.initiatives, hide_index=True, width="stretch")

if words.has_actions:
    st.header(md("{}", levels.agenda))
    st.dataframe(prepared.agenda, hide_index=True, width="stretch")

with st.expander(md("{} ({})", levels.knelpunten, len(theme.knelpunten))):
    for knelpunt in theme.knelpunten:
        st.markdown(md("**{}. {}**", knelpunt.id, knelpunt.title))
        if knelpunt.description:
            st.markdown(md_lines(knelpunt.description))
