"""`python -m regiomonitor.pr_comment`: the command the plan-check workflow runs (a contract since issue 6); the
comment itself is made in regiomonitor.commands.pr_comment."""

import sys

from regiomonitor.commands.pr_comment import main

if __name__ == "__main__":
    sys.exit(main())
