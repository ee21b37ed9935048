"""Field checks for the clinic settings form, each with a message an admin can act on."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from urllib.parse import urlsplit

CPT_CODES: tuple[str, ...] = ("97124", "97140", "97139", "97110", "97112", "97530")
CODE_LABELS: dict[str, str] = {
    "97124": "97124 Massage",
    "97140": "97140 Manual therapy",
    "97139": "97139 Other (unlisted) therapeutic procedure",
    "97110": "97110 Therapeutic exercise",
    "97112": "97112 Neuromuscular re-education",
    "97530": "97530 Therapeutic activities",
}
NETWORK_STATUSES: dict[str, str] = {
    "in_network": "In network",
    "out_of_network": "Out of network",
}
_PHONE = re.compile(r"^[0-9+().\-\s]{7,25}(\s*(x|ext\.?)\s*[0-9]{1,6})?$", re.IGNORECASE)
_EMAIL = re.compile(r"^[^@\s<>\"]+@[^@\s<>\"]+\.[A-Za-z]{2,}$")
_HEX = re.compile(r"^#[0-9a-fA-F]{6}$")
_HOST = re.compile(r"^(\*\.)?[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*$")
LOCAL_HOSTS = ("localhost", "127.0.0.1")


def phone(value: str) -> str:
    if value and not _PHONE.match(value):
        raise ValueError("Enter a phone number with digits, like (555) 010-0199.")
    return value


def email(value: str) -> str:
    if value and not _EMAIL.match(value):
        raise ValueError("Enter an email address, like front-desk@example.com.")
    return value


def website(value: str) -> str:
    if not value:
        return value
    parts = urlsplit(value)
    if parts.scheme not in ("https", "http") or not parts.hostname:
        raise ValueError("Enter the full address, starting with https://.")
    return value


def npi(value: str) -> str:
    """A 10-digit National Provider Identifier with a valid check digit (Luhn, prefix 80840)."""
    digits = re.sub(r"[\s-]", "", value)
    if not digits:
        return ""
    if not re.fullmatch(r"[0-9]{10}", digits):
        raise ValueError("An NPI has exactly 10 digits.")
    if not _luhn_ok("80840" + digits):
        raise ValueError("That NPI's last digit does not match. Please check it.")
    return digits


def _luhn_ok(number: str) -> bool:
    total = 0
    for i, ch in enumerate(reversed(number)):
        d = int(ch)
        if i % 2 == 1:
            d = d * 2 - 9 if d > 4 else d * 2
        total += d
    return total % 10 == 0


def tax_id(value: str) -> str:
    """An employer identification number, stored as 12-3456789."""
    digits = re.sub(r"[\s-]", "", value)
    if not digits:
        return ""
    if not re.fullmatch(r"[0-9]{9}", digits):
        raise ValueError("A tax ID (EIN) has 9 digits, like 12-3456789.")
    return f"{digits[:2]}-{digits[2:]}"


def money(value: str) -> str:
    text = value.replace("$", "").replace(",", "").strip()
    if not text:
        return ""
    try:
        amount = Decimal(text)
    except InvalidOperation:
        raise ValueError("Enter an amount in dollars, like 120 or 95.50.") from None
    if not amount.is_finite() or amount < 0 or amount >= 100000:
        raise ValueError("Enter an amount between 0 and 99,999.")
    if amount != amount.quantize(Decimal("0.01")):
        raise ValueError("Use dollars and cents, like 95.50.")
    return str(amount.quantize(Decimal("0.01")))


def whole_number(value: str, low: int, high: int) -> int | None:
    text = value.strip()
    if not text:
        return None
    if not re.fullmatch(r"[0-9]{1,6}", text) or not low <= int(text) <= high:
        raise ValueError(f"Enter a whole number from {low} to {high}.")
    return int(text)


def colour(value: str) -> str:
    """A #rrggbb colour dark enough for white text on it (WCAG AA, 4.5:1)."""
    if not value:
        return value
    if not _HEX.match(value):
        raise ValueError("Enter a colour like #1a5f7a.")
    if contrast_with_white(value) < 4.5:
        raise ValueError("That colour is too light for white text. Please pick a darker one.")
    return value.lower()


def contrast_with_white(hex_colour: str) -> float:
    channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    luminance = 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]
    return 1.05 / (luminance + 0.05)


def darker(hex_colour: str, factor: float = 0.75) -> str:
    """The same hue, darker: for hover states."""
    channels = (round(int(hex_colour[i : i + 2], 16) * factor) for i in (1, 3, 5))
    return "#" + "".join(f"{c:02x}" for c in channels)


def origin(value: str) -> str:
    """A site allowed to embed the wizard: https://host[:port] (http only for localhost)."""
    text = value.strip().rstrip("/").lower()
    parts = urlsplit(text)
    host = parts.hostname or ""
    if parts.scheme not in ("https", "http") or not _HOST.match(host):
        raise ValueError(f"“{value.strip()}” is not a web address like https://www.example.com.")
    if parts.scheme == "http" and host not in LOCAL_HOSTS:
        raise ValueError(f"“{value.strip()}” must start with https://.")
    if parts.path or parts.query or parts.fragment or parts.username:
        raise ValueError(f"“{value.strip()}”: give only the site, without a page path.")
    port = f":{parts.port}" if parts.port else ""
    return f"{parts.scheme}://{host}{port}"


def mask(value: str, keep: int = 4) -> str:
    """Show only the last digits: •••••1234."""
    digits = [c for c in value if c.isdigit()]
    if not digits:
        return ""
    return "•" * max(len(digits) - keep, 0) + "".join(digits[-keep:])
