"""The certificate signing key (Ed25519) and the signed credential.

The credential is `{"payload": {...}, "alg": "EdDSA", "kid": ..., "signature": <base64url>}`; the
signature covers the RFC 8785 (JCS) canonical bytes of `payload`, which itself names `kid` and
`alg`. Verification only ever uses keys this server publishes (`published_keys`): the current
key and any retired keys listed in SIGNING_RETIRED_KEYS_PATH; a key carried by a document is never
trusted. kid = first 16 hex digits of SHA-256 of the raw 32-byte public key.
"""
import base64
import json
import os
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

import rfc8785
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from flask import current_app

from app import keyfiles
from app.keyfiles import kid_for, raw_public  # noqa: F401 (signing.kid_for, signing.raw_public)

ALG = "EdDSA"
_cache: dict = {}


class SigningKeyMissing(RuntimeError):
    """No usable signing key at SIGNING_KEY_PATH."""


@dataclass(frozen=True)
class Signed:
    canonical: bytes
    signature: str
    kid: str

    def credential(self) -> bytes:
        """The bytes embedded in the PDF as credential.json: the RFC 8785 form of
        {"alg", "kid", "payload", "signature"}, assembled around the payload's canonical bytes
        (already canonical; the members are in JCS order) instead of canonicalising it again."""
        return b"".join((b'{"alg":', rfc8785.dumps(ALG), b',"kid":', rfc8785.dumps(self.kid),
                         b',"payload":', self.canonical, b',"signature":',
                         rfc8785.dumps(self.signature), b"}"))


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def unb64url(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def generate_key(path: str | os.PathLike, if_missing: bool = False) -> tuple[bool, str]:
    """Write a new Ed25519 private key (PKCS#8 PEM, mode 0600). Returns (created, kid).
    An existing key is never overwritten."""
    return keyfiles.generate_key(path, if_missing, SigningKeyMissing)


def _load_private(path: Path) -> Ed25519PrivateKey:
    return keyfiles.load_private(path, SigningKeyMissing)


def signing_key() -> tuple[Ed25519PrivateKey, str, datetime]:
    """(key, kid, valid_from) for SIGNING_KEY_PATH, cached until the file changes."""
    path = Path(current_app.config["SIGNING_KEY_PATH"])
    try:
        stat = path.stat()
    except OSError as exc:
        raise SigningKeyMissing(f"no signing key at {path}") from exc
    marker = (str(path), stat.st_mtime_ns, stat.st_size)
    if _cache.get("marker") != marker:
        key = _load_private(path)
        valid_from = datetime.fromtimestamp(stat.st_mtime, timezone.utc).replace(microsecond=0)
        _cache.update(marker=marker, value=(key, kid_for(key.public_key()), valid_from))
    return _cache["value"]


def current_kid() -> str:
    return signing_key()[1]


def sign(payload: dict) -> Signed:
    """Sign the canonical JSON of `payload` (which must already carry `kid` and `alg`)."""
    key, kid, _valid_from = signing_key()
    if payload.get("kid") != kid or payload.get("alg") != ALG:
        raise ValueError("payload must name the signing key's kid and alg")
    canonical = rfc8785.dumps(payload)
    return Signed(canonical, b64url(key.sign(canonical)), kid)


def published_keys() -> list[dict]:
    """The JWKS-like list served at /.well-known/pkt-signing-keys.json: the current key first,
    then retired keys (still valid for what they signed before `valid_to`)."""
    keys = []
    try:
        key, kid, valid_from = signing_key()
        keys.append({"kty": "OKP", "crv": "Ed25519", "alg": ALG, "use": "sig", "kid": kid,
                     "x": b64url(raw_public(key.public_key())),
                     "valid_from": valid_from.isoformat().replace("+00:00", "Z")})
    except SigningKeyMissing:
        pass
    retired = current_app.config.get("SIGNING_RETIRED_KEYS_PATH")
    if retired and Path(retired).is_file():
        keys += [k for k in json.loads(Path(retired).read_text()).get("keys", [])
                 if k.get("alg") == ALG and k.get("kid") and k.get("x")]
    return keys


def verify(canonical: bytes, signature: str, kid: str) -> bool:
    """True when `signature` is a valid Ed25519 signature of `canonical` by the published key
    `kid`, and `canonical` is itself canonical and names that kid. Any error means False."""
    try:
        payload = json.loads(canonical)
        if rfc8785.dumps(payload) != canonical or payload.get("kid") != kid or \
                payload.get("alg") != ALG:
            return False
        for entry in published_keys():
            if entry["kid"] == kid:
                public = Ed25519PublicKey.from_public_bytes(unb64url(entry["x"]))
                public.verify(unb64url(signature), canonical)
                return True
        return False
    except (InvalidSignature, ValueError, TypeError, KeyError, AttributeError, RecursionError):
        return False
