"""Students' browser passwords as the class database keeps them: scrypt hashes.

A hash is ``scrypt$n=16384,r=8,p=1$SALT$DIGEST`` (salt and digest in URL-safe base64): each
password has a random salt of its own, and the cost parameters travel with the hash, so
hashes made with other parameters still verify after the defaults change.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets

SCHEME = "scrypt"
COST_N, BLOCK_SIZE_R, PARALLEL_P = 2**14, 8, 1
DIGEST_BYTES = 32
SALT_BYTES = 16
MAX_COST_N = 2**20  # a hash asking for more is refused rather than tying up the server
MAX_PASSWORD_BYTES = 1024


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode("ascii").rstrip("=")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _scrypt(password: str, salt: bytes, n: int, r: int, p: int) -> bytes:
    return hashlib.scrypt(
        password.encode("utf-8"), salt=salt, n=n, r=r, p=p, dklen=DIGEST_BYTES,
        maxmem=128 * n * r * p + 1024 * 1024,
    )  # fmt: skip


def hash_password(password: str) -> str:
    """The hash to keep for ``password``, with a new random salt."""
    salt = secrets.token_bytes(SALT_BYTES)
    digest = _scrypt(password, salt, COST_N, BLOCK_SIZE_R, PARALLEL_P)
    parameters = f"n={COST_N},r={BLOCK_SIZE_R},p={PARALLEL_P}"
    return f"{SCHEME}${parameters}${_b64(salt)}${_b64(digest)}"


def _parse(stored: str) -> tuple[int, int, int, bytes, bytes] | None:
    parts = stored.split("$")
    if len(parts) != 4 or parts[0] != SCHEME:
        return None
    try:
        values = dict(item.split("=", 1) for item in parts[1].split(","))
        n, r, p = int(values["n"]), int(values["r"]), int(values["p"])
        salt, digest = _unb64(parts[2]), _unb64(parts[3])
    except (ValueError, KeyError):
        return None
    if not (1 < n <= MAX_COST_N and n & (n - 1) == 0 and 1 <= r <= 32 and 1 <= p <= 16):
        return None
    return n, r, p, salt, digest


DUMMY_HASH = hash_password(secrets.token_urlsafe(24))
"""Verified against when an account has no hash, so that an unknown name takes as long as a
wrong password."""


def verify_password(password: str, stored: str | None) -> bool:
    """Whether ``password`` is the one ``stored`` was made from (compared in constant time).
    ``stored`` None or malformed never verifies, after the same work as a real check."""
    parsed = _parse(stored) if stored is not None else None
    if len(password.encode("utf-8")) > MAX_PASSWORD_BYTES:
        parsed, password = None, ""
    chosen = parsed if parsed is not None else _parse(DUMMY_HASH)
    assert chosen is not None
    n, r, p, salt, digest = chosen
    computed = _scrypt(password, salt, n, r, p)
    return hmac.compare_digest(computed, digest) and parsed is not None
