"""RSA signing keys, the JWKS document, and the key rotation command.

The current private key signs new tokens. Retired public keys (``<kid>.pem`` files in
``JWT_RETIRED_KEYS_DIR``) stay in the JWKS so tokens signed before a rotation keep
verifying until they expire; ``rotate`` prunes retired keys older than the grace period.

    python -m <package>.keys generate   # create a key if none exists
    python -m <package>.keys rotate     # retire the current key and create a new one
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import hmac
import json
import os
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from jwt.algorithms import RSAAlgorithm

from .config import Settings, get_settings

ALGORITHM = "RS256"
MIN_KEY_SIZE = 2048


class KeyConfigError(RuntimeError):
    """The signing key is missing or unusable."""


def _b64url_uint(value: int) -> str:
    raw = value.to_bytes((value.bit_length() + 7) // 8, "big")
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def thumbprint(public_key: rsa.RSAPublicKey) -> str:
    """RFC 7638 JWK thumbprint (SHA-256), used as the key id."""
    numbers = public_key.public_numbers()
    canonical = json.dumps(
        {"e": _b64url_uint(numbers.e), "kty": "RSA", "n": _b64url_uint(numbers.n)},
        separators=(",", ":"),
        sort_keys=True,
    )
    return base64.urlsafe_b64encode(hashlib.sha256(canonical.encode()).digest()).rstrip(b"=").decode()


@dataclass(frozen=True)
class KeySet:
    private_key: rsa.RSAPrivateKey
    kid: str
    public_keys: dict[str, rsa.RSAPublicKey] = field(default_factory=dict)
    # Built once: the JWKS document and the key that derives child refresh tokens.
    _jwks: dict[str, list[dict[str, Any]]] = field(init=False, repr=False, compare=False)
    _refresh_key: bytes = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        keys = []
        for kid, key in self.public_keys.items():
            jwk = RSAAlgorithm.to_jwk(key, as_dict=True)
            jwk.pop("key_ops", None)  # RFC 7517 4.3: `use` or `key_ops`, not both
            keys.append({**jwk, "kid": kid, "use": "sig", "alg": ALGORITHM})
        object.__setattr__(self, "_jwks", {"keys": keys})
        secret = hmac.new(_private_pem(self.private_key), b"refresh-token-children", hashlib.sha256).digest()
        object.__setattr__(self, "_refresh_key", secret)

    @classmethod
    def from_private_key(cls, private_key: rsa.RSAPrivateKey, retired: Sequence[rsa.RSAPublicKey] = ()) -> KeySet:
        kid = thumbprint(private_key.public_key())
        public_keys = {kid: private_key.public_key()}
        for key in retired:
            public_keys.setdefault(thumbprint(key), key)
        return cls(private_key=private_key, kid=kid, public_keys=public_keys)

    def jwks(self) -> dict[str, list[dict[str, Any]]]:
        return self._jwks

    def child_refresh_token(self, refresh_token: str) -> str:
        """The token that replaces `refresh_token`: the same for every request that spends it,
        unpredictable without the signing key (so it cannot be computed from a stolen parent)."""
        mac = hmac.new(self._refresh_key, refresh_token.encode(), hashlib.sha256).digest()
        return base64.urlsafe_b64encode(mac).rstrip(b"=").decode()


def generate_private_key() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=MIN_KEY_SIZE)


def _private_pem(key: rsa.RSAPrivateKey) -> bytes:
    return key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )


def _public_pem(key: rsa.RSAPublicKey) -> bytes:
    return key.public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)


def write_private_key(path: Path, key: rsa.RSAPrivateKey, *, exclusive: bool = False) -> None:
    """Write a PEM private key readable by its owner only; `exclusive` refuses an existing file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    flags = os.O_WRONLY | os.O_CREAT | (os.O_EXCL if exclusive else os.O_TRUNC)
    fd = os.open(path, flags, 0o600)
    with os.fdopen(fd, "wb") as handle:
        handle.write(_private_pem(key))


def load_keyset(private_key_file: Path, retired_dir: Path) -> KeySet:
    if not private_key_file.is_file():
        raise KeyConfigError(
            f"JWT signing key not found at {private_key_file}: "
            f"create one with `python -m {__package__}.keys generate` or set JWT_PRIVATE_KEY_FILE"
        )
    try:
        key = serialization.load_pem_private_key(private_key_file.read_bytes(), password=None)
    except ValueError as exc:
        raise KeyConfigError(f"{private_key_file} is not a PEM private key: {exc}") from exc
    if not isinstance(key, rsa.RSAPrivateKey) or key.key_size < MIN_KEY_SIZE:
        raise KeyConfigError(f"{private_key_file} must hold an RSA key of at least {MIN_KEY_SIZE} bits")
    retired = []
    for path in sorted(retired_dir.glob("*.pem")) if retired_dir.is_dir() else []:
        public = serialization.load_pem_public_key(path.read_bytes())
        if isinstance(public, rsa.RSAPublicKey):
            retired.append(public)
    return KeySet.from_private_key(key, retired)


def rotate_keys(private_key_file: Path, retired_dir: Path, grace_seconds: int) -> KeySet:
    """Retire the current key (its public half stays in the JWKS) and start signing with a new one."""
    current = load_keyset(private_key_file, retired_dir)
    retired_dir.mkdir(parents=True, exist_ok=True)
    cutoff = time.time() - grace_seconds
    for path in retired_dir.glob("*.pem"):
        if path.stat().st_mtime < cutoff:
            path.unlink()
    (retired_dir / f"{current.kid}.pem").write_bytes(_public_pem(current.private_key.public_key()))
    write_private_key(private_key_file, generate_private_key())
    return load_keyset(private_key_file, retired_dir)


def main(argv: Sequence[str] | None = None, settings: Settings | None = None) -> int:
    parser = argparse.ArgumentParser(description="Manage the JWT signing keys.")
    parser.add_argument("command", choices=["generate", "rotate"])
    args = parser.parse_args(argv)
    settings = settings or get_settings()
    path, retired = settings.jwt_private_key_file, settings.jwt_retired_keys_dir
    if args.command == "generate":
        if path.exists():
            print(f"{path} already exists; use `rotate` to replace it.", file=sys.stderr)
            return 1
        write_private_key(path, generate_private_key())
        print(f"Wrote a new signing key to {path} (kid {load_keyset(path, retired).kid}).")
        return 0
    keys = rotate_keys(path, retired, settings.jwt_retired_key_grace_seconds)
    print(f"Now signing with kid {keys.kid}; restart the service. JWKS keys: {', '.join(keys.public_keys)}.")
    return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
