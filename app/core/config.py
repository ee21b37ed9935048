"""Settings from the environment (prefix COVNAV_), built once in get_settings()."""

from __future__ import annotations

from functools import lru_cache
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


class Settings(BaseSettings):
    """Every knob the web app reads. Documented in the README's settings table."""

    model_config = SettingsConfigDict(
        env_prefix="COVNAV_",
        env_file=".env",
        extra="ignore",
        validate_default=True,
        populate_by_name=True,
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
    max_body_bytes: int = 256_000
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
    def _refuse_placeholder_secret(self) -> Settings:
        if self.env != "development":
            weak = self.secret_key.strip().lower() in PLACEHOLDER_SECRETS
            if weak or len(self.secret_key) < MIN_SECRET_LENGTH:
                raise ValueError(
                    f"COVNAV_SECRET_KEY must be a real secret of {MIN_SECRET_LENGTH}+ characters "
                    f"outside development (env={self.env})."
                )
        return self

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


@lru_cache
def get_settings() -> Settings:
    return Settings()
