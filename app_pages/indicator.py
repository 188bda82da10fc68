"""Indicator: the time series against baseline, target and norm; the facts; status history; areas; data."""

import polars as pl
import streamlit as st

from regiomonitor.core.safetext import csv_text
from regiomonitor.engine.statuses import STALE
from regiomonitor.plan.commentary import notes_for
from regiomonitor.present.charts import area_bars
from regiomonitor.present.indicator_view import fact_rows, indicator_figure
from regiomonitor.present.views import latest_text
from ui.app_state import AS_OF_PARAM, chart, md, page_frame
from ui.markup import commentary_markdown, marker_badge, status_badge

dash, quarter = page_frame()
loaded, words = dash.loaded, dash.words
as_of = quarter.end
if not dash.kpi_names:
    st.title(md("{}", words.indicator))
    st.info(md("Dit plan heeft nog geen {}.", words.indicators_mid))
    st.stop()

requested = st.query_params.get("kpi")
first = next(iter(dash.kpi_names))
ids = dash.theme_kpis[dash.indicators[requested if requested in dash.kpi_names else first].theme_id]
indicator_id = st.selectbox(md("{}", words.indicator), ids, index=ids.index(requested) if requested in ids else 0,
                            format_func=dash.kpi_names.get)
if requested and requested not in dash.kpi_names:
    st.warning(md("'{}' uit de link staat niet (meer) in het plan. Kies hierboven een {}.", requested,
                  words.indicator_mid),
               icon=":material/link_off:")
st.query_params["kpi"] = indicator_id
detail = dash.indicators[indicator_id]
theme_id, ind = detail.theme_id, detail.indicator
status = dash.snapshot.at(quarter).indicators[indicator_id]

st.title(md("{}", ind.name))
st.caption(md("Id van deze {} (voor werkmappen, metingen en de toelichting):", words.indicator_mid))
st.code(ind.id, language=None)  # with a copy button
st.page_link("app_pages/thema.py", label=md("{}: {}", words.theme, loaded.themes[theme_id].name), icon=":material/arrow_back:",
             query_params={"thema": theme_id, AS_OF_PARAM: quarter.code})
stale = md(" {}", marker_badge(STALE)) if status["stale"] else md("")
st.markdown(md("{}{} — stand {}: laatste meting **{}**", status_badge(status["status_code"]), stale, quarter.label,
               latest_text(status)))
st.info(md("**{}**  \n{}", status["summary"], status["explanation"]), icon=":material/info:")
note = notes_for(loaded, quarter.code)[0].get(indicator_id)
if note:
    st.markdown(commentary_markdown(note))

series = detail.series_until(quarter)
if any(point.is_demo for point in series):
    st.caption(":material/science: Deze metingen zijn demodata.")
fed = dash.feeds.get(indicator_id)
chart(indicator_figure(ind, status, series, fed))
standing = fed.standing_until(as_of) if fed else None
if standing is not None:
    st.subheader("Vergelijking met Nederland en andere regio's")
    st.markdown(md("{}", standing.text))
    st.dataframe(standing.table, hide_index=True)

facts, history = st.columns([1, 1])
with facts:
    st.subheader("Wat en hoe")
    for label, text in fact_rows(ind):
        st.markdown(md("**{}:** {}", label, text))
    if fed:
        st.subheader("Herkomst van de cijfers")
        for label, text in fed.provenance_rows(as_of):
            st.markdown(md("**{}:** {}", label, text))
with history:
    st.subheader("Status per kwartaal")
    st.dataframe(detail.history_until(quarter), hide_index=True, height=420)

areas = detail.areas_until(quarter)
if areas:
    st.subheader("Per gemeente of wijk")
    chart(area_bars(areas, ind.unit))

st.subheader("Metingen")
shown, data = detail.measurements_until(quarter)
st.caption(md("Alle metingen tot en met de peildatum ({:%d-%m-%Y}), per gebied; 'regio' is de hele regio.", as_of))
st.dataframe(shown, hide_index=True)
st.download_button("Download als CSV", lambda: csv_text(pl.from_arrow(data)),  # made when clicked, not per view
                   file_name=f"{indicator_id}-{quarter.code}.csv", mime="text/csv", icon=":material/download:")
