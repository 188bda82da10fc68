"""Where the plan and the measurements live: an explicit directory, an environment variable, or the default."""

from __future__ import annotations

import os
from pathlib import Path

PLAN_ENV = "REGIOMONITOR_PLAN"
DATA_ENV = "REGIOMONITOR_DATA"


def plan_dir(explicit: Path | str | None = None) -> Path:
    return Path(explicit or os.environ.get(PLAN_ENV) or "plan")


def data_dir(explicit: Path | str | None = None) -> Path:
    return Path(explicit or os.environ.get(DATA_ENV) or "data")
