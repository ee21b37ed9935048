"""`covnav purge`: delete what is past its retention now, and say how much (counts only).

The server does the same every COVNAV_PURGE_EVERY_MINUTES; this is for cron (with the
schedule off) and for checking by hand. See app.services.purge for what goes when.
"""

from __future__ import annotations

import argparse
import sys


def cmd_purge(args: argparse.Namespace) -> int:
    from app.core.config import get_settings
    from app.core.db import Database, make_engine
    from app.core.migrations import schema_state
    from app.services.purge import Retention, run_now

    settings = get_settings()
    engine = make_engine(settings.sqlalchemy_url)
    try:
        state = schema_state(engine)
        if not state.ready:
            print(f"covnav purge: {state.describe()}; run `covnav migrate` first", file=sys.stderr)
            return 1
        report = Database(engine).call(run_now, Retention.from_settings(settings))
    finally:
        engine.dispose()
    print(f"Deleted {report.total} rows past their retention:")
    for line in report.lines():
        print(f"  {line}")
    return 0
