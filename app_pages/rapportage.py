"""Rapportage: the quarterly round of the quarter shown — what is due and what arrived, per theme and per owner,
what still lacks a report or a toelichting, the open follow-up actions, and the workbook to fill in."""

from datetime import date

import streamlit as st

from regiomonitor.core.formatting import count_nl
from regiomonitor.core.locations import data_dir
from regiomonitor.present.words import in_words
from regiomonitor.round.template import Judged, Round, write_template
from ui.app_state import md, page_frame, plan_changes

dash, quarter = page_frame()
words = dash.words
loaded = dash.loaded
ronde = dash.rounds[quarter]
st.title("Rapportage")
left = (ronde.deadline - date.today()).days
when = (md("nog {}", count_nl(left, "dag", "dagen")) if left > 0 else md("vandaag") if left == 0 else
        md("{} geleden verstreken", count_nl(-left, "dag", "dagen")))
st.markdown(md("Kwartaalronde **{}** · inleveren uiterlijk **{:%d-%m-%Y}** ({})", quarter.label, ronde.deadline, when))
st.caption(md("Cijfers, de stand van de {} en de toelichting komen per kwartaal binnen via de werkmap hieronder "
              "(zie CONTRIBUTING.md, \"Cijfers en toelichting via de kwartaalwerkmap\").", words.actions_mid))

open_items = [(ronde.missing_figures.num_rows, "cijfers nog niet binnen", words.has_indicators),
              (ronde.unreported_actions.num_rows, md("{} zonder melding", words.actions_mid), words.has_actions),
              (ronde.missing_commentary.num_rows, "toelichtingen ontbreken", words.has_indicators),
              (ronde.follow_ups.num_rows, "vervolgacties open", True)]
st.markdown(md("**Nog open:** {}.", md(" · ").join(md("{} {}", n, what) for n, what, shown in open_items if shown)))

st.header(md("Per {}", words.theme_mid))
st.dataframe(in_words(words, ronde.themes), hide_index=True)
st.header("Per eigenaar")
st.dataframe(in_words(words, ronde.owners), hide_index=True)

for title, table, present in (("Cijfers die nog niet binnen zijn", ronde.missing_figures, words.has_indicators),
                            (md("{} zonder melding voor dit kwartaal", words.actions), ronde.unreported_actions,
                             words.has_actions),
                            (md("{} zonder toelichting", words.indicators), ronde.missing_commentary,
                             words.has_indicators),
                            ("Open vervolgacties", ronde.follow_ups, True)):
    if not present:  # a level the plan does not have
        continue
    shown = in_words(words, table)
    with st.expander(md("{} ({})", title, table.num_rows)):
        if table.num_rows:
            st.dataframe(shown, hide_index=True)
        else:
            st.caption("Niets.")

st.header("Wijzigingen in het plan dit kwartaal")
changes = plan_changes(quarter)
if changes is None:
    st.caption("Niet na te gaan: het plan staat niet in git, of zijn geschiedenis begint pas na het begin van dit "
               "kwartaal.")
elif changes:
    st.markdown(md("\n").join(md("- {}", line) for line in changes))
else:
    st.caption("Het plan is dit kwartaal niet gewijzigd.")

st.header("Werkmap voor deze ronde")
names = {t: theme.name for t, theme in loaded.themes.items()}
column, other = st.columns(2)
themes = column.multiselect(md("{}", words.themes), list(names), format_func=names.get,
                            placeholder=f"Alle {words.themes_mid}")
owner = other.selectbox("Eigenaar", ronde.owner_names, index=None, placeholder="Alle eigenaren")
chosen = Round(quarter, tuple(themes), owner)
key = ("ronde", quarter.code, chosen.themes, owner)
if st.button("Werkmap maken", icon=":material/table_view:"):
    judged = Judged(loaded, dash.snapshot.at(quarter), frozenset(dash.snapshot.measurements.demo_fed()))
    st.session_state["ronde_werkmap"] = (key, write_template(judged, data_dir(), chosen))
made = st.session_state.get("ronde_werkmap")
if made and made[0] == key:  # only ever the workbook of the quarter and choice shown
    st.download_button("Download de werkmap (.xlsx)", made[1], file_name=f"ronde-{quarter.code}.xlsx",
                       mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                       icon=":material/download:")
