"""Datakwaliteit: what is missing, old or rejected in plan and data, grouped by owner."""

import streamlit as st

from regiomonitor.core.formatting import count_nl
from regiomonitor.present.words import in_words
from ui.app_state import md, page_frame

dash, quarter = page_frame()
loaded = dash.loaded
st.title("Datakwaliteit")
st.caption(md("Stand {}. Per eigenaar staat wat ontbreekt, zodat de commissie weet wie ze kan vragen.", quarter.label))

quality = dash.quality[quarter]
words = dash.words
counted = [(md("{} zonder gegevens", words.indicators), int(quality.no_data)),
           (md("{} verouderd", words.indicators), int(quality.stale))] if words.has_indicators else []
counted += [("Afgewezen meetregels", quality.rejected.num_rows), ("Waarschuwingen in het plan", quality.warnings.num_rows)]
for column, (label, count) in zip(st.columns(len(counted)), counted):
    column.metric(md("{}", label), md("{}", count))

st.subheader("Per eigenaar")
for owner, part in quality.per_owner:
    with st.expander(md("{} — {}", owner, count_nl(part.num_rows, "punt", "punten")), expanded=len(quality.per_owner) == 1):
        st.dataframe(in_words(words, part), hide_index=True)

st.subheader("Afgewezen meetregels")
if quality.rejected.num_rows:
    st.dataframe(quality.rejected, hide_index=True)
else:
    st.success("Alle meetregels zijn ingelezen.", icon=":material/check:")

st.subheader("Waarschuwingen in de planbestanden")
st.dataframe(quality.warnings, hide_index=True)
if loaded.errors:
    st.error(md("{} in de planbestanden: zie het Overzicht.", count_nl(len(loaded.errors), "fout", "fouten")),
             icon=":material/error:")
