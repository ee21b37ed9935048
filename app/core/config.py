"""Settings from the environment (prefix COVNAV_), built once in get_settings().

A refused setting never echoes its value (`hide_input_in_errors`): a secret that is too
weak is described, never printed, not even in part.
"""

from __future__ import annotations

import math
from collections import Counter
from functools import lru_cache
from ipaddress import ip_network
from pathlib import Path
from typing import Literal

from pydantic import AliasChoices, Field, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from app.core.clock import DEFAULT_TIMEZONE, zone

PROJECT_ROOT = Path(__file__).resolve().parents[2]
DEV_SECRET = "dev-only-insecure-secret-change-me"
PLACEHOLDER_SECRETS = frozenset(
    {"", DEV_SECRET, "changeme", "change-me", "secret", "please-change", "xxx", "test"}
)
MIN_SECRET_LENGTH = 32
MIN_SECRET_DISTINCT = 8  # different characters: 32 x "a", or "ab" x 16, are not secrets
MIN_SECRET_BITS = 80  # length x the Shannon entropy of its characters
MAX_SEQUENTIAL_SHARE = 1 / 2  # "abcdef..." or "012345...": neighbours a step apart
REPEAT_LENGTH = 8  # a run of this many characters seen twice: "password1password1..."


def secret_problem(secret: str) -> str | None:
    """Why `secret` is too weak to sign with, in words that never quote it; None if fine."""
    if secret.strip().lower() in PLACEHOLDER_SECRETS:
        return "it is a known placeholder"
    if len(secret) < MIN_SECRET_LENGTH:
        return f"it is shorter than {MIN_SECRET_LENGTH} characters"
    counts = Counter(secret)
    if len(counts) < MIN_SECRET_DISTINCT:
        return f"it uses fewer than {MIN_SECRET_DISTINCT} different characters"
    per_char = -sum(n / len(secret) * math.log2(n / len(secret)) for n in counts.values())
    if per_char * len(secret) < MIN_SECRET_BITS:
        return "its characters repeat too much to be random"
    steps = sum(abs(ord(a) - ord(b)) == 1 for a, b in zip(secret, secret[1:], strict=False))
    if steps > MAX_SEQUENTIAL_SHARE * (len(secret) - 1):
        return "it runs in sequence, like letters or digits in order"
    chunks = [secret[i : i + REPEAT_LENGTH] for i in range(len(secret) - REPEAT_LENGTH + 1)]
    if len(set(chunks)) < len(chunks):
        return "it repeats a part of itself"
    return None


class Settings(BaseSettings):
    """Every knob the web app reads. Documented in the README's settings table."""

    model_config = SettingsConfigDict(
        env_prefix="COVNAV_",
        env_file=".env",
        extra="ignore",
        validate_default=True,
        populate_by_name=True,
        hide_input_in_errors=True,
    )

    env: Literal["development", "production", "test"] = "development"
    secret_key: str = DEV_SECRET
    data_dir: Path = Path("instance")
    database_url: str = Field(
        default="",
        validation_alias=AliasChoices("COVNAV_DATABASE_URL", "DATABASE_URL"),
        description="SQLAlchemy URL; empty means an SQLite file in data_dir.",
    )
    flow_path: Path = Path("data/steps.yaml")
    public_base_url: str = Field(
        default="", description="e.g. https://help.example-clinic.com; empty: from the request."
    )

    clinic_name: str = "Example Massage & Pain Care (a made-up clinic)"
    clinic_phone: str = "555-0100"
    clinic_email: str = "hello@clinic.example"
    clinic_address: str = "123 Example Street, Springfield, XX 00000"
    clinic_in_network_with: list[str] = Field(
        default_factory=list, description="Insurers the clinic is in network with (JSON list)."
    )
    # Defaults for the clinic settings page; what an admin saves there wins.
    clinic_website: str = ""
    clinic_npi: str = ""
    clinic_tax_id: str = ""
    clinic_default_fee: str = ""
    clinic_session_minutes: int | None = Field(default=None, ge=1, le=600)
    invite_days: int = Field(default=30, ge=1, le=365, description="Days an invite link works.")
    clinic_timezone: str = Field(
        default=DEFAULT_TIMEZONE, description="IANA zone of the clinic: every 'today' is its date."
    )

    pdf_page_size: Literal["letter", "a4"] = Field(
        default="letter", description="Paper for PDFs unless the link asks (?size=a4)."
    )
    frame_ancestors: str = "'none'"
    case_retention_days: int = Field(default=90, ge=1, le=3650)
    cookie_secure: bool | None = Field(
        default=None, description="Secure cookies; default on in production."
    )
    max_body_bytes: int = Field(default=256_000, ge=10_000, le=10_000_000)
    trusted_proxies: str = Field(
        default="",
        description="Comma-separated addresses (or networks) whose X-Forwarded-For is believed.",
    )
    # Retention: what `covnav purge` (and the server, every purge_every_minutes) deletes.
    funnel_retention_days: int = Field(default=400, ge=90, le=3650)
    invite_retention_days: int = Field(default=30, ge=0, le=3650)
    audit_retention_days: int = Field(default=365, ge=30, le=3650)
    login_attempt_retention_days: int = Field(default=2, ge=1, le=365)
    purge_every_minutes: int = Field(
        default=60, ge=0, le=1440, description="0: the server never purges (run covnav purge)."
    )
    password_hashing: Literal["standard", "fast"] = Field(
        default="standard", description="fast: cheap argon2 for the test suite; test env only."
    )

    @field_validator("clinic_timezone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        zone(value)  # raises ValueError naming the bad value
        return value

    @model_validator(mode="after")
    def _fast_hashing_only_in_tests(self) -> Settings:
        if self.password_hashing == "fast" and self.env != "test":
            raise ValueError("COVNAV_PASSWORD_HASHING=fast is for the test suite only")
        return self

    @model_validator(mode="after")
    def _refuse_weak_secret(self) -> Settings:
        if self.env != "development" and (problem := secret_problem(self.secret_key)):
            raise ValueError(
                f"COVNAV_SECRET_KEY is refused because {problem}. Outside development it must "
                f"be a random secret of {MIN_SECRET_LENGTH}+ characters, e.g. the output of "
                "python -c 'import secrets; print(secrets.token_urlsafe(48))' (env="
                f"{self.env})."
            )
        return self

    @field_validator("trusted_proxies")
    @classmethod
    def _proxy_list(cls, value: str) -> str:
        for item in _split(value):
            try:
                ip_network(item, strict=False)
            except ValueError:
                raise ValueError(
                    "COVNAV_TRUSTED_PROXIES takes IP addresses or networks, comma-separated"
                ) from None
        return ",".join(_split(value))

    @property
    def sqlalchemy_url(self) -> str:
        if self.database_url:
            return self.database_url
        return f"sqlite:///{self.data_dir / 'covnav.db'}"

    @property
    def resolved_flow_path(self) -> Path:
        """The flow file, relative to the working directory or else to the project."""
        if self.flow_path.is_absolute() or self.flow_path.exists():
            return self.flow_path
        return PROJECT_ROOT / self.flow_path

    @property
    def secure_cookies(self) -> bool:
        return self.env == "production" if self.cookie_secure is None else self.cookie_secure

    @property
    def clinic_in_network(self) -> bool:
        return bool(self.clinic_in_network_with)

    @property
    def proxy_list(self) -> list[str]:
        """The addresses whose X-Forwarded-For is believed (none by default)."""
        return _split(self.trusted_proxies)


def _split(value: str) -> list[str]:
    return [part.strip() for part in value.split(",") if part.strip()]


@lru_cache
def get_settings() -> Settings:
    return Settings()
