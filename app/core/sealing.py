"""Server-key encryption for the one piece of personal data staff type (a first name),
and the keyed hash that turns a case id into its analytics id."""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import os
import uuid

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

NAME_INFO = b"covnav staff invite names v1"
ANALYTICS_INFO = b"covnav analytics ids v1"
NONCE_BYTES = 12


def _derive(secret_key: str, info: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=info).derive(
        secret_key.encode("utf-8")
    )


def encrypt_name(secret_key: str, name: str) -> str:
    nonce = os.urandom(NONCE_BYTES)
    sealed = AESGCM(_derive(secret_key, NAME_INFO)).encrypt(nonce, name.encode(), NAME_INFO)
    return base64.b64encode(nonce + sealed).decode("ascii")


def decrypt_name(secret_key: str, blob: str | None) -> str | None:
    """The name, or None when there is none or the key changed."""
    if not blob:
        return None
    try:
        raw = base64.b64decode(blob)
        plain = AESGCM(_derive(secret_key, NAME_INFO)).decrypt(
            raw[:NONCE_BYTES], raw[NONCE_BYTES:], NAME_INFO
        )
        return plain.decode("utf-8")
    except (InvalidTag, ValueError, binascii.Error):
        return None


def analytics_id_for(secret_key: str, case_id: uuid.UUID) -> str:
    """A stable, random-looking id for funnel events: not the link, not the row id."""
    key = _derive(secret_key, ANALYTICS_INFO)
    return hmac.new(key, case_id.bytes, hashlib.sha256).hexdigest()[:32]
