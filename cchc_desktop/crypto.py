"""Password protection (packages, backups) with the ``cryptography`` library, no home-made cipher.

The password gives a 256-bit key through scrypt (salt and cost in the manifest).
Every member is encrypted on its own with AES-256-GCM, streamed in chunks so
that a large evidence file never sits whole in memory, and stored as
``nonce (12 bytes) | ciphertext | tag (16 bytes)``. The member's name is the
authenticated associated data, so members cannot be swapped. A short known
text encrypted with the key (``check``) tells a wrong password from damage.
"""

from __future__ import annotations

import base64
import os
from collections.abc import Iterator
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

METHOD = "AES-256-GCM"
KDF = "scrypt"
NONCE_SIZE = 12
TAG_SIZE = 16
OVERHEAD = NONCE_SIZE + TAG_SIZE
# scrypt cost: 2**15 × 8 × 128 bytes = 32 MiB of memory and about 0,1 s, fine on an old PC.
_N, _R, _P = 2**15, 8, 1
_CHECK_TEXT = b"CCHC Desktop"
_CHECK_AAD = b"kiem-tra-mat-khau"
# The shortest password a package or a backup may be protected with.
MIN_PASSWORD_LENGTH = 6


def short_password_text(password: str) -> str | None:
    """Why ``password`` is too short to protect a package or a backup; None when it is not."""
    if len(password) < MIN_PASSWORD_LENGTH:
        return f"Mật khẩu cần ít nhất {MIN_PASSWORD_LENGTH} ký tự."
    return None


class DecryptionError(Exception):
    """The ciphertext does not authenticate: wrong key, or damaged bytes."""


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.b64decode(text.encode("ascii"), validate=True)


def derive_key(password: str, params: dict[str, Any]) -> bytes:
    kdf = Scrypt(
        salt=_unb64(params["salt"]),
        length=32,
        n=int(params["n"]),
        r=int(params["r"]),
        p=int(params["p"]),
    )
    return kdf.derive(password.encode("utf-8"))


def new_encryption(password: str) -> tuple[dict[str, Any], bytes]:
    """The manifest's ``encryption`` entry for a new package, and the key."""
    params: dict[str, Any] = {
        "method": METHOD,
        "kdf": KDF,
        "salt": _b64(os.urandom(16)),
        "n": _N,
        "r": _R,
        "p": _P,
    }
    key = derive_key(password, params)
    nonce = os.urandom(NONCE_SIZE)
    params["check"] = _b64(nonce + AESGCM(key).encrypt(nonce, _CHECK_TEXT, _CHECK_AAD))
    return params, key


def key_for(password: str, params: dict[str, Any]) -> bytes | None:
    """The key when ``password`` is the package's password, else None."""
    try:
        if params.get("method") != METHOD or params.get("kdf") != KDF:
            raise ValueError(params.get("method"))
        n, r, p = int(params["n"]), int(params["r"]), int(params["p"])
        # A package cannot make this PC spend more than 64 MiB or a few seconds on the key.
        if not (2**10 <= n <= 2**17 and 1 <= r <= 16 and p == 1 and 128 * n * r <= 64 * 2**20):
            raise ValueError("chi phí tạo khóa vượt giới hạn")
        key = derive_key(password, params)
        check = _unb64(params["check"])
        AESGCM(key).decrypt(check[:NONCE_SIZE], check[NONCE_SIZE:], _CHECK_AAD)
    except InvalidTag:
        return None
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise DecryptionError(f"thông số mã hóa không hợp lệ ({exc})") from exc
    return key


class Encryptor:
    """Streams one member: ``header()`` first, then ``update()`` per chunk, then ``finish()``."""

    def __init__(self, key: bytes, name: str):
        self._nonce = os.urandom(NONCE_SIZE)
        self._encryptor = Cipher(algorithms.AES(key), modes.GCM(self._nonce)).encryptor()
        self._encryptor.authenticate_additional_data(name.encode("utf-8"))

    def header(self) -> bytes:
        return self._nonce

    def update(self, chunk: bytes) -> bytes:
        return self._encryptor.update(chunk)

    def finish(self) -> bytes:
        return self._encryptor.finalize() + self._encryptor.tag


def decrypt_stream(key: bytes, name: str, chunks: Iterator[bytes]) -> Iterator[bytes]:
    """Plaintext chunks of a member; raises :class:`DecryptionError` at the end if it
    does not authenticate (the caller must not keep what it received before that)."""
    buffer = b""
    decryptor = None
    for chunk in chunks:
        buffer += chunk
        if decryptor is None:
            if len(buffer) < NONCE_SIZE:
                continue
            decryptor = Cipher(algorithms.AES(key), modes.GCM(buffer[:NONCE_SIZE])).decryptor()
            decryptor.authenticate_additional_data(name.encode("utf-8"))
            buffer = buffer[NONCE_SIZE:]
        if len(buffer) > TAG_SIZE:
            out = decryptor.update(buffer[:-TAG_SIZE])
            buffer = buffer[-TAG_SIZE:]
            if out:
                yield out
    if decryptor is None or len(buffer) != TAG_SIZE:
        raise DecryptionError("thành phần bị cắt cụt")
    try:
        decryptor.finalize_with_tag(buffer)
    except InvalidTag as exc:
        raise DecryptionError("không xác thực được") from exc
