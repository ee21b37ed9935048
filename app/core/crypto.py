"""Case links and the encryption of a case's answers.

A link token is 32 random bytes in URL-safe base64 (43 characters). The first 16 bytes are
the lookup id: the server stores only its SHA-256. The last 16 bytes are the secret: they
never reach the database, and an AES-256-GCM key is derived from them with HKDF. So a copy
of the database without the links cannot be decrypted, and the link is the only key.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import os
import re
import secrets
from dataclasses import dataclass
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

TOKEN_BYTES = 32
ID_BYTES = 16
TOKEN_PATTERN = re.compile(r"^[A-Za-z0-9_-]{43}$")
NONCE_BYTES = 12
PAD_TO = 256  # plaintexts are padded so the ciphertext length says little about the answers
SCHEME = 1
HKDF_INFO = b"covnav case answers v1"


class DecryptError(Exception):
    """The blob cannot be opened with this link (wrong link, or tampered data)."""


@dataclass(frozen=True)
class LinkToken:
    """A parsed link token. `text` is the part of the URL after /c/."""

    text: str
    lookup_id: bytes
    secret: bytes

    @property
    def lookup_hash(self) -> str:
        return lookup_hash(self.lookup_id)

    def key(self) -> bytes:
        return HKDF(
            algorithm=hashes.SHA256(), length=32, salt=self.lookup_id, info=HKDF_INFO
        ).derive(self.secret)


def _encode(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode("ascii")


def new_token() -> LinkToken:
    raw = secrets.token_bytes(TOKEN_BYTES)
    return LinkToken(_encode(raw), raw[:ID_BYTES], raw[ID_BYTES:])


def parse_token(text: str) -> LinkToken | None:
    """The token in a link, or None when it cannot be one of ours (mistyped, cut short)."""
    if not TOKEN_PATTERN.match(text):
        return None
    try:
        raw = base64.urlsafe_b64decode(text + "=")
    except (binascii.Error, ValueError):
        return None
    if len(raw) != TOKEN_BYTES or _encode(raw) != text:
        # Only the canonical spelling: the last letter carries 2 spare bits, so without this
        # four spellings of a link would open the same case.
        return None
    return LinkToken(text, raw[:ID_BYTES], raw[ID_BYTES:])


def lookup_hash(lookup_id: bytes) -> str:
    return hashlib.sha256(lookup_id).hexdigest()


def _aad(token: LinkToken) -> bytes:
    """Binds a blob to its case row, so blobs cannot be swapped between cases."""
    return f"covnav:{SCHEME}:{token.lookup_hash}".encode("ascii")


def seal(token: LinkToken, data: dict[str, Any]) -> bytes:
    """Encrypt a JSON-able dict: nonce || AES-GCM(padded JSON)."""
    plain = json.dumps(data, separators=(",", ":"), ensure_ascii=False).encode("utf-8")
    padded = plain + b" " * (-len(plain) % PAD_TO)
    nonce = os.urandom(NONCE_BYTES)
    return nonce + AESGCM(token.key()).encrypt(nonce, padded, _aad(token))


def open_sealed(token: LinkToken, blob: bytes) -> dict[str, Any]:
    try:
        plain = AESGCM(token.key()).decrypt(blob[:NONCE_BYTES], blob[NONCE_BYTES:], _aad(token))
        data = json.loads(plain.decode("utf-8"))
    except (InvalidTag, ValueError) as exc:
        raise DecryptError("cannot open this case with this link") from exc
    if not isinstance(data, dict):
        raise DecryptError("unexpected case data")
    return data
