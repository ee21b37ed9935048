"""The clinic settings form: turn what an admin submitted into ClinicValues, or messages."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from pydantic import ValidationError

from app.services import clinic_fields as check
from app.services.clinic import ClinicValues


class SettingsFormError(ValueError):
    """The form had mistakes: `errors` maps field name to a message."""

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__("; ".join(f"{k}: {v}" for k, v in errors.items()))
        self.errors = errors


def values_from_form(
    form: Mapping[str, str], lists: Mapping[str, Sequence[str]], current: ClinicValues
) -> ClinicValues:
    """Validate a submitted settings form. A masked NPI or tax ID left as shown is kept."""
    data: dict[str, Any] = {name: form.get(name, "") for name in _SCALARS}
    for name in ("npi", "tax_id"):
        stored = getattr(current, name)
        if stored and data[name].strip() == check.mask(stored):
            data[name] = stored
    data["cpt_codes"] = list(lists.get("cpt_codes", ()))
    data["embed_origins"] = form.get("embed_origins", "").splitlines()
    names, statuses = lists.get("insurer_name", ()), lists.get("insurer_status", ())
    data["network"] = [
        {"insurer": n, "status": s} for n, s in zip(names, statuses, strict=False) if n.strip()
    ]
    try:
        return ClinicValues.model_validate(data)
    except ValidationError as exc:
        raise SettingsFormError(_messages(exc)) from None


_SCALARS = (
    "clinic_name",
    "address",
    "phone",
    "email",
    "website",
    "npi",
    "tax_id",
    "default_fee",
    "default_session_minutes",
    "accent_colour",
    "retention_days",
    "invite_days",
)


def _messages(exc: ValidationError) -> dict[str, str]:
    errors: dict[str, str] = {}
    for err in exc.errors():
        field = str(err["loc"][0]) if err["loc"] else "form"
        message = str(err["msg"]).removeprefix("Value error, ")
        if err["type"] == "string_too_long":
            message = f"Please keep this under {err['ctx']['max_length']} characters."
        if err["type"] == "literal_error":
            message = "Pick a network status from the list."
        if err["type"] == "too_long":
            message = "That is more entries than we can keep. Please remove some."
        errors.setdefault(field, message)
    return errors
