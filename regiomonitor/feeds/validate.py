"""`check` on the feeds, once a table's metadata is known: the metadata each `fetch` keeps beside the figures
(data/feeds/tables/, data/demo-feeds/tables/) says which measures, dimensions and codes a table has, so a typo in a
KPI's `feed` is a located error in the pull request that makes it, before the next monthly fetch."""

from __future__ import annotations

from pathlib import Path

from regiomonitor.core.problems import Problem
from regiomonitor.data.feed_files import DEMO_FOLDER, FOLDER, read_table_file, table_file
from regiomonitor.feeds.odata import Metadata
from regiomonitor.feeds.read import located_misfits


def known_metadata(data_dir: Path, catalog: str, table: str) -> Metadata | None:
    for folder in (FOLDER, DEMO_FOLDER):
        data = read_table_file(table_file(Path(data_dir) / folder, catalog, table), Path(data_dir))
        try:
            if data is not None:
                return Metadata.from_json(data)
        except (KeyError, TypeError):
            continue
    return None


def feed_problems(loaded, data_dir: Path) -> list[Problem]:
    registry = loaded.feeds
    if registry is None:
        return []
    problems = []
    for theme_id, theme in loaded.themes.items():
        for i, indicator in enumerate(theme.indicators):
            series = registry.find(indicator.feed.series) if indicator.feed else None
            if series is None:
                continue
            for edition in series.editions:
                meta = known_metadata(data_dir, series.catalog, edition.table)
                if meta is None:
                    continue
                measure = edition.keys.get(indicator.feed.measure, indicator.feed.measure)
                problems += located_misfits(loaded, meta, series, measure, indicator.feed.filters,
                                            (f"{theme_id}.yaml", ("indicators", i, "feed")))
    return list(dict.fromkeys(problems))
