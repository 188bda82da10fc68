"""JSON on standard output and in files: standard JSON only (RFC 8259), whatever the values.

Python's json module writes `NaN` and `Infinity` for non-finite floats, which other tools cannot read. The
plan schema and the measurement reader keep such values out, and this is the one place every JSON output goes
through, so that a value that slips through anyway is written as `null` instead of breaking the contract.
"""

from __future__ import annotations

import json
import math
from datetime import date
from typing import Any


def _standard(value: Any) -> Any:
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: _standard(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_standard(v) for v in value]
    return value


def json_text(data: Any) -> str:
    """Indented JSON with a final newline; non-finite numbers become null, dates ISO text."""
    return json.dumps(_standard(data), indent=2, ensure_ascii=False, allow_nan=False) + "\n"
