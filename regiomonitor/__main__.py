import sys

from regiomonitor.cli import main

sys.exit(main())
