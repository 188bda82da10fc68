"""Datakwaliteit: what is missing, old or rejected in plan and data, grouped by owner."""

import streamlit as st

from regiomonitor.present.quality_view import indicator_issues, plan_warnings, rejected_rows
from ui.app_state import md, page_frame

loaded, progress, quarter = page_frame()
as_of = quarter.end
st.title("Datakwaliteit")
st.caption(md("Stand {}. Per eigenaar staat wat ontbreekt, zodat de commissie weet wie ze kan vragen.", quarter.label))

issues = indicator_issues(loaded, progress.status(as_of))
rejected = rejected_rows(progress.measurements)
warnings = plan_warnings(loaded)
counts = st.columns(4)
counts[0].metric("KPI's zonder gegevens", issues.filter(issues["Probleem"] == "geen gegevens").height)
counts[1].metric("KPI's verouderd", issues.filter(issues["Probleem"].str.starts_with("verouderd")).height)
counts[2].metric("Afgewezen meetregels", rejected.height)
counts[3].metric("Waarschuwingen in het plan", warnings.height)

st.subheader("Per eigenaar")
for owner in issues["Eigenaar"].unique(maintain_order=True).to_list():
    part = issues.filter(issues["Eigenaar"] == owner)
    with st.expander(md("{} — {} punt(en)", owner, part.height), expanded=issues["Eigenaar"].n_unique() == 1):
        st.dataframe(part.drop("Eigenaar"), hide_index=True)

st.subheader("Afgewezen meetregels")
if rejected.height:
    st.dataframe(rejected, hide_index=True)
else:
    st.success("Alle meetregels zijn ingelezen.", icon=":material/check:")

st.subheader("Waarschuwingen in de planbestanden")
st.dataframe(warnings, hide_index=True)
if loaded.errors:
    st.error(md("{} fout(en) in de planbestanden: zie het Overzicht.", len(loaded.errors)), icon=":material/error:")
