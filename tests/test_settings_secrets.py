"""Secrets with too little variety are refused, and no part of a refused one is ever printed;
X-Forwarded-For is believed only from the proxies a setting names."""

from __future__ import annotations

import contextlib
import io
import secrets
from pathlib import Path

import pytest
from conftest import TEST_SECRET
from pydantic import ValidationError

from app import cli
from app.core.config import Settings, get_settings, secret_problem

WEAK = [
    "a" * 40,
    "ab" * 20,
    "abcdefghijklmnopqrstuvwxyz0123456789",
    "0123456789abcdef" * 2,
    "password1234password1234password",
    "zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzTAILQXJW",
    "changeme",
]


def parts(secret: str, size: int = 6) -> set[str]:
    """Every run of `size` characters of the secret: none may be printed."""
    return {secret[i : i + size] for i in range(len(secret) - size + 1)} | {secret[-4:]}


@pytest.mark.parametrize("secret", WEAK)
def test_weak_secrets_are_refused_without_printing_them(secret: str) -> None:
    assert secret_problem(secret) is not None
    with pytest.raises(ValidationError) as caught:
        Settings(_env_file=None, env="production", secret_key=secret)  # type: ignore[call-arg]
    shown = str(caught.value) + repr(caught.value)
    assert "COVNAV_SECRET_KEY is refused" in shown
    assert not [p for p in parts(secret) if p in shown]


def test_random_secrets_of_the_usual_shapes_pass() -> None:
    for _ in range(2000):
        for secret in (secrets.token_hex(16), secrets.token_urlsafe(32), secrets.token_hex(32)):
            assert secret_problem(secret) is None, secret
    assert secret_problem(TEST_SECRET) is None


def test_the_command_line_names_the_problem_and_never_the_secret(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    secret = "zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzTAILQXJW"
    monkeypatch.setenv("COVNAV_ENV", "production")
    monkeypatch.setenv("COVNAV_SECRET_KEY", secret)
    monkeypatch.setenv("COVNAV_DATA_DIR", str(tmp_path))
    get_settings.cache_clear()
    out, err = io.StringIO(), io.StringIO()
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = cli.main(["serve", "--port", "1"])
    finally:
        get_settings.cache_clear()
    printed = out.getvalue() + err.getvalue()
    assert code == 2
    assert "covnav serve: settings: COVNAV_SECRET_KEY is refused because" in printed
    assert "Traceback" not in printed
    assert not [p for p in parts(secret) if p in printed]


def test_trusted_proxies_are_addresses_or_networks() -> None:
    settings = Settings(_env_file=None, trusted_proxies=" 10.0.0.5, 192.168.0.0/16 ,::1")  # type: ignore[call-arg]
    assert settings.proxy_list == ["10.0.0.5", "192.168.0.0/16", "::1"]
    assert Settings(_env_file=None).proxy_list == []  # type: ignore[call-arg]
    with pytest.raises(ValidationError):
        Settings(_env_file=None, trusted_proxies="the load balancer")  # type: ignore[call-arg]
