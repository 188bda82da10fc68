import sys

from regiomonitor.commands.cli import main

sys.exit(main())
