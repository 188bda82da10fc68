"""Open-data feeds: `fetch` reads the KPI's that declare a `feed` from CBS's OData v3 API (StatLine and its
third-party catalogue) into data/feeds/ (transport → odata → read → fetch)."""
