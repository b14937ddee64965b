"""`python -m bot run` is `herald run`."""

import sys

from bot.cli import main

sys.exit(main())
