"""Werkagenda: a timeline 2024–2026 per theme; late actions stand out. A link (a search hit) may name an action
(`actie`): it is shown first, highlighted, with its status this quarter."""

import streamlit as st

from regiomonitor.present.dashboard import ALL_THEMES
from regiomonitor.present.words import in_words
from ui.app_state import chart, linked_item, md, page_frame

dash, quarter = page_frame()
loaded = dash.loaded
as_of = quarter.end
st.title(md("{}", dash.words.agenda))
theme_names = {t: theme.name for t, theme in loaded.themes.items()}
requested = st.query_params.get("thema")
words = dash.words
choice = st.selectbox(md("{}", words.theme), [ALL_THEMES, *theme_names],
                      format_func=lambda t: f"Alle {words.themes_mid}" if t == ALL_THEMES else theme_names[t],
                      index=([*theme_names].index(requested) + 1) if requested in theme_names else 0)
st.query_params["thema"] = choice
agenda = dash.agenda[quarter, choice]

found = linked_item("actie", dash.agenda[quarter, ALL_THEMES].by_id, words.action_mid)
if found is not None:
    with st.container(border=True):
        st.markdown(md(":violet-background[:material/search: **{}**]  \n{} · {} · **{}**", found.title, found.theme,
                       found.period, found.status))
        if found.explanation:
            st.markdown(md("_{}_", found.explanation))
        st.caption(md("Eigenaar: {}", found.owner or "nog niet belegd"))

st.markdown(md("Stand {}: **{}** van {} {} lopen achter (gestreept en rood in de tijdlijn).", quarter.label,
               agenda.late_count, agenda.total, words.actions_mid))
if agenda.timeline:
    short = {t: str(theme.number or t) for t, theme in loaded.themes.items()}
    st.caption(md("Labels beginnen met het nummer van het {}: {}", words.theme_mid,
                  " · ".join(f"{short[t]} {n}" for t, n in theme_names.items())))
    chart(agenda.timeline)

st.subheader(md("{} die achterlopen", words.actions))
st.dataframe(in_words(words, agenda.late), hide_index=True)

with st.expander(md("Alle {} met hun stand ({})", words.actions_mid, agenda.total)):
    st.caption(md("'Gemeld voor': het kwartaal van de laatste melding (data/actions/, via de kwartaalwerkmap); 'het "
                  "plan': de status die het plan zelf noemt; '–': nog niets gemeld."))
    st.dataframe(in_words(words, agenda.actions), hide_index=True)
