"""The JSON Schema that editors use to autocomplete and underline plan files.

One file, `plan/schema.json`, serves the plan file, the theme files and the quarterly toelichting files
(`anyOf`), because every plan YAML points at the same schema.
"""

from __future__ import annotations

import json

from pydantic.json_schema import models_json_schema

from regiomonitor.plan.commentary import Commentary
from regiomonitor.plan.feeds import Registry
from regiomonitor.plan.model import Plan, Theme

SCHEMA_FILE = "schema.json"


def plan_json_schema() -> dict:
    _, schema = models_json_schema([(Plan, "validation"), (Theme, "validation"), (Commentary, "validation"),
                                    (Registry, "validation")], title="Regiomonitor plan file")
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["description"] = ("A regional plan file (plan.yaml), a theme file (<theme id>.yaml), a quarter's "
                             "commentary (toelichting/<YYYY-Qn>.yaml) or the open-data registry (feeds.yaml) for "
                             "Regiomonitor.")
    schema["anyOf"] = [{"$ref": "#/$defs/Plan"}, {"$ref": "#/$defs/Theme"}, {"$ref": "#/$defs/Commentary"},
                       {"$ref": "#/$defs/Registry"}]
    return schema


def render_schema() -> str:
    return json.dumps(plan_json_schema(), indent=2, ensure_ascii=False) + "\n"
