"""Thema: ambitie, opgaven with priority, doelen with their KPI's, initiatives and werkagenda, knelpunten."""

import streamlit as st

from regiomonitor.app_state import AS_OF_PARAM, page_frame, quarter_code, quarter_label, show_problems
from regiomonitor.commentary import notes_for
from regiomonitor.formatting import md_escape
from regiomonitor.index import build_index
from regiomonitor.model import Levels
from regiomonitor.status_style import badge_markdown
from regiomonitor.views import (
    agenda_table,
    commentary_markdown,
    doel_views,
    figure_text,
    indicator_table,
    initiative_table,
    latest_text,
    opgave_initiatives,
    priority_labels,
    region_values,
    sparkline,
)

PRIORITY_COLOURS = ["red", "orange", "gray", "blue", "violet"]

loaded, progress, as_of = page_frame()
levels = loaded.plan.levels if loaded.plan else Levels()
index = build_index(loaded)
status = {row["indicator"]: row for row in progress.status(as_of).iter_rows(named=True)}
series = region_values(progress.measurements.rows, as_of)
kpi_notes, doel_notes = notes_for(loaded, quarter_code(as_of))

names = {t: (f"{th.number}. {th.name}" if th.number else th.name) if (th := loaded.themes.get(t)) else f"{t} (fout)"
         for t in loaded.theme_ids}
if not names:
    st.title(levels.theme)
    show_problems(loaded)
    st.stop()

requested = st.query_params.get("thema")
theme_id = st.selectbox(levels.theme, list(names), format_func=names.get,
                        index=list(names).index(requested) if requested in names else 0)
if requested and requested not in names:
    st.warning(f"Het thema '{md_escape(requested)}' uit de link staat niet in het plan. Kies hierboven een thema.",
               icon=":material/link_off:")
st.query_params["thema"] = theme_id

theme = loaded.themes.get(theme_id)
if theme is None:
    st.title(md_escape(theme_id))
    show_problems(loaded, {str(loaded.directory / f"{theme_id}.yaml")})
    st.stop()

st.title(md_escape(names[theme_id]))
st.caption(f"Stand van zaken: {quarter_label(as_of)} (peildatum {as_of.strftime('%d-%m-%Y')})")
st.info(f"**{md_escape(levels.ambitie)}:** {md_escape(theme.ambitie)}")
for detail in theme.ambitie_details:
    st.markdown(f"- {md_escape(detail)}")
if theme.bestuurlijk_trekkers:
    people = ", ".join(f"{p.name} ({p.role})" if p.role else p.name for p in theme.bestuurlijk_trekkers)
    st.caption(f"Bestuurlijk trekkers: {md_escape(people)}")

labels = priority_labels(loaded)
colours = {pid: PRIORITY_COLOURS[i % len(PRIORITY_COLOURS)] for i, pid in enumerate(labels)}


def show_doelen(doelen) -> None:
    for view in doel_views(loaded, theme, doelen, index):
        heading = f"**{md_escape(levels.doel)} {md_escape(view.doel.id)}** — {md_escape(view.doel.title)}"
        if view.doel.id == st.query_params.get("doel"):
            heading = f":violet-background[:material/search: {heading}]"
        st.markdown(heading)
        if f"{theme.id}/{view.doel.id}" in doel_notes:
            st.markdown(commentary_markdown(doel_notes[f"{theme.id}/{view.doel.id}"]))
        for ind in view.indicators:
            row = status.get(ind.id)
            badge = badge_markdown(row["status"]) if row else badge_markdown("Geen gegevens")
            stale = " " + badge_markdown("Verouderd") if row and row["stale"] else ""
            spark = sparkline(series.get(ind.id, []))
            st.page_link("pages/indicator.py", label=md_escape(ind.name), icon=":material/show_chart:",
                         query_params={"kpi": ind.id, AS_OF_PARAM: quarter_code(as_of)})
            measured = row is not None and row["latest_value"] is not None
            latest = f"laatste meting {md_escape(latest_text(row))}" if measured else "nog geen meting"
            text = (f"{badge}{stale} {f'`{spark}` ' if spark else ''}{latest}; nulmeting "
                    f"{md_escape(figure_text(ind.baseline, ind.unit))}, streefwaarde "
                    f"{md_escape(figure_text(ind.target, ind.unit))}")
            if row:
                text += f"  \n_{md_escape(row['explanation'])}_"
            if ind.id in kpi_notes:
                text += "  \n" + commentary_markdown(kpi_notes[ind.id])
            st.markdown(text)
        lines = []
        if view.initiatives:
            lines.append(":material/handshake: " + md_escape("; ".join(view.initiatives)))
        if view.actions:
            lines.append(":material/event: " + md_escape("; ".join(view.actions)))
        if view.related:
            lines.append(":material/link: Zie ook " + md_escape(", ".join(view.related)))
        if not (view.indicators or view.initiatives):
            lines.append(f"_Nog geen {md_escape(levels.indicator)} of initiatief aan dit doel gekoppeld._")
        if lines:
            st.markdown("\n".join(f"- {line}" for line in lines))


if theme.opgaven:
    st.header(levels.opgaven)
for opgave in theme.opgaven:
    with st.container(border=True):
        st.subheader(f"{md_escape(levels.opgave)} {md_escape(opgave.id)}: {md_escape(opgave.title)}")
        if opgave.priority:
            st.badge(labels.get(opgave.priority, opgave.priority), color=colours.get(opgave.priority, "gray"))
        else:
            st.badge("Prioriteit niet aangegeven in het plan", color="gray")
        if opgave.description:
            with st.expander("Toelichting"):
                st.markdown(md_escape(opgave.description))
        if opgave.related:
            st.caption("Verwijst naar: " + md_escape(", ".join(opgave.related)))
        serving = opgave_initiatives(loaded, index, theme.id, opgave.id)
        if serving:
            st.markdown(f":material/handshake: **Initiatieven voor deze {md_escape(levels.opgave.lower())}:** "
                        + md_escape("; ".join(serving)))
        show_doelen(opgave.doelen)

if theme.doelen:
    st.header(levels.doelen)
    show_doelen(theme.doelen)

st.header(levels.indicators)
if theme.indicators:
    st.dataframe(indicator_table(theme, status), hide_index=True, width="stretch")
    st.caption("'nog vast te stellen': het plan noemt (nog) geen waarde; Regiomonitor vult die niet zelf in.")
else:
    st.write(f"Voor dit thema zijn nog geen {md_escape(levels.indicators)} vastgelegd.")

st.header(levels.initiatives)
st.dataframe(initiative_table(index, theme), hide_index=True, width="stretch")

st.header(levels.actions)
st.dataframe(agenda_table(loaded, index, theme), hide_index=True, width="stretch")

with st.expander(f"{levels.knelpunten} ({len(theme.knelpunten)})"):
    for knelpunt in theme.knelpunten:
        st.markdown(f"**{md_escape(knelpunt.id)}. {md_escape(knelpunt.title)}**")
        if knelpunt.description:
            st.markdown(md_escape(knelpunt.description))
