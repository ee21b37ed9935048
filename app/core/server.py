"""Run the app (uvicorn) and migrate the database (Alembic), for `covnav serve`/`migrate`.

The access log is written by app.core.access_log with patient links redacted; every other
log passes through RedactLinkTokens, so a patient's link never reaches a log.
"""

from __future__ import annotations

import copy
import logging
from pathlib import Path
from typing import Any

import uvicorn
from alembic import command
from alembic.config import Config
from uvicorn.config import LOGGING_CONFIG

from app.core.config import PROJECT_ROOT
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


def serve(host: str = "127.0.0.1", port: int = 8000) -> None:
    uvicorn.run(
        "app.main:app_factory",
        factory=True,
        host=host,
        port=port,
        log_config=log_config(),
        server_header=False,
        proxy_headers=True,
        access_log=False,  # app.main.app_factory adds its own, cheaper and redacted
    )


def alembic_config(database_url: str | None = None) -> Config:
    """alembic.ini from the working directory (Docker) or the project root (checkout)."""
    candidates = [Path.cwd() / "alembic.ini", PROJECT_ROOT / "alembic.ini"]
    ini = next((p for p in candidates if p.exists()), candidates[-1])
    config = Config(str(ini))
    config.set_main_option("script_location", str(ini.parent / "migrations"))
    config.attributes["configure_logging"] = False
    if database_url:
        config.attributes["database_url"] = database_url
    return config


def migrate(database_url: str | None = None) -> None:
    """Bring the database (settings' DATABASE_URL unless given) up to the newest revision."""
    command.upgrade(alembic_config(database_url), "head")
