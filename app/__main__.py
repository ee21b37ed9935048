"""`python -m app` runs the `covnav` command line."""

import sys

from app.cli import main

sys.exit(main())
