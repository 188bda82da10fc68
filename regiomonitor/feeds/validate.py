"""`check` on the feeds, once a table's metadata is known: the metadata each `fetch` keeps beside the figures
(data/feeds/tables/, data/demo-feeds/tables/) says which measures, dimensions and codes a table has, so a typo in a
KPI's `feed` is a located error in the pull request that makes it, before the next monthly fetch."""

from __future__ import annotations

import json
from pathlib import Path

from regiomonitor.core.problems import Problem
from regiomonitor.data.feed_files import DEMO_FOLDER, FOLDER, TABLES
from regiomonitor.feeds.odata import Metadata
from regiomonitor.feeds.read import misfits
from regiomonitor.plan.feeds import REGISTRY_FILE
from regiomonitor.plan.yamlsource import format_path


def known_metadata(data_dir: Path, catalog: str, table: str) -> Metadata | None:
    for folder in (FOLDER, DEMO_FOLDER):
        path = Path(data_dir) / folder / TABLES / f"{catalog}-{table}.json"
        try:
            return Metadata.from_json(json.loads(path.read_text(encoding="utf-8")))
        except (OSError, ValueError, KeyError, TypeError):
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
                for in_registry, path, message in misfits(meta, series, measure, indicator.feed.filters):
                    file, at = ((REGISTRY_FILE, ("series", registry.series.index(series), *path)) if in_registry
                                else (f"{theme_id}.yaml", ("indicators", i, "feed", *path)))
                    doc = loaded.documents.get(file)
                    line, col = doc.position(at) if doc else (1, 1)
                    problems.append(Problem(loaded.file_name(file), line, col, format_path(at), message))
    return list(dict.fromkeys(problems))
