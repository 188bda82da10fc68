import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"


@pytest.fixture
def minimal_plan(tmp_path: Path) -> Path:
    """A copy of the small valid test plan, safe to modify, with the text of its source document beside it
    (tmp_path/sources/testplan.txt, where the plan's `file:` points)."""
    target = tmp_path / "plan"
    shutil.copytree(FIXTURES / "plan-minimal", target)
    shutil.copytree(FIXTURES / "sources", tmp_path / "sources")
    return target


@pytest.fixture
def plan_with_bad_theme(minimal_plan: Path):
    """Put a fixture from tests/fixtures/bad/ in place of the 'zorg' theme file."""

    def make(fixture_name: str) -> Path:
        shutil.copy(FIXTURES / "bad" / fixture_name, minimal_plan / "zorg.yaml")
        return minimal_plan

    return make


def code_files() -> list[Path]:
    """Every Python file of the product: the package, the dashboard's glue and pages, and app.py."""
    return [*sorted((ROOT / "regiomonitor").rglob("*.py")), *sorted((ROOT / "ui").glob("*.py")),
            *sorted((ROOT / "app_pages").glob("*.py")), ROOT / "app.py"]


def judged(loaded, data: Path, quarter: str):
    """(snapshot, quarter): the quarter judged on demand, as `export --quarter` does, for run_export and build_pack."""
    from regiomonitor.core.periods import Quarter
    from regiomonitor.engine.progress import Progress
    from regiomonitor.engine.snapshot import quarter_snapshot

    q = Quarter.parse(quarter)
    return quarter_snapshot(Progress.build(loaded, data), q), q
