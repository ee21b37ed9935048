"""Run the app with uvicorn, for `covnav serve`.

The access log is written by app.core.access_log with patient links redacted; every other
log passes through RedactLinkTokens, so a patient's link never reaches a log.
"""

from __future__ import annotations

import copy
import logging
import sys
from typing import Any

import uvicorn
from uvicorn.config import LOGGING_CONFIG

from app.core.config import Settings, get_settings
from app.core.db import make_engine
from app.core.migrations import migrate, migration_summary, schema_state
from app.core.redact import redact


class RedactLinkTokens(logging.Filter):
    """Rewrites log records in place; attach to handlers (uvicorn.access, uvicorn.error, app)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.msg, str):
            record.msg = redact(record.msg)
        if isinstance(record.args, tuple):
            record.args = tuple(redact(a) if isinstance(a, str) else a for a in record.args)
        elif isinstance(record.args, dict):
            record.args = {
                k: redact(v) if isinstance(v, str) else v for k, v in record.args.items()
            }
        if record.exc_info and not record.exc_text:
            record.exc_text = redact(logging.Formatter().formatException(record.exc_info))
        return True


def log_config() -> dict[str, Any]:
    """uvicorn's logging config with the redaction filter on every handler."""
    config: dict[str, Any] = copy.deepcopy(LOGGING_CONFIG)
    config["filters"] = {"redact": {"()": RedactLinkTokens}}
    for handler in config["handlers"].values():
        handler["filters"] = ["redact"]
    config["loggers"]["app"] = {"handlers": ["default"], "level": "INFO", "propagate": False}
    return config


def prepare_database(settings: Settings) -> str | None:
    """Make sure no request meets a missing table. SQLite (the embedded default) is brought
    up to date here; a database server must be migrated on purpose (`covnav migrate`, which
    several instances may run at once). Returns why it cannot start, or None."""
    engine = make_engine(settings.sqlalchemy_url)
    try:
        state = schema_state(engine)
        sqlite = engine.dialect.name == "sqlite"
    finally:
        engine.dispose()
    if state.ready:
        return None
    if sqlite and state.reachable:
        before, after = migrate(settings.sqlalchemy_url)
        print(migration_summary(before, after), file=sys.stderr)
        return None
    return f"{state.describe()}. Run `covnav migrate` first, then start again."


def serve(host: str = "127.0.0.1", port: int = 8000) -> int:
    """Run the web server; 1 (after one line saying why) when the database is not ready."""
    settings = get_settings()
    problem = prepare_database(settings)
    if problem:
        print(f"covnav serve: {problem}", file=sys.stderr)
        return 1
    uvicorn.run(
        "app.main:app_factory",
        factory=True,
        host=host,
        port=port,
        log_config=log_config(),
        server_header=False,
        # X-Forwarded-For / -Proto are believed only from COVNAV_TRUSTED_PROXIES (by default
        # from nobody): otherwise anyone could pick the address the throttle and audit see.
        proxy_headers=bool(settings.proxy_list),
        forwarded_allow_ips=settings.proxy_list or None,
        access_log=False,  # app.main.app_factory adds its own, cheaper and redacted
    )
    return 0
