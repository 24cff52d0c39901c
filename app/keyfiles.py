"""Ed25519 private keys kept in files outside the database (the certificate signing key, the
audit checkpoint key): written once as PKCS#8 PEM with mode 0600, never overwritten.
kid = first 16 hex digits of SHA-256 of the raw 32-byte public key."""
import hashlib
import os
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey


class KeyFileError(RuntimeError):
    """No usable Ed25519 private key in the file."""


def raw_public(public: Ed25519PublicKey) -> bytes:
    return public.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def kid_for(public: Ed25519PublicKey) -> str:
    return hashlib.sha256(raw_public(public)).hexdigest()[:16]


def load_private(path: Path, error: type[Exception] = KeyFileError) -> Ed25519PrivateKey:
    """The key in `path`, or `error` saying why not."""
    try:
        key = serialization.load_pem_private_key(Path(path).read_bytes(), password=None)
    except (OSError, ValueError) as exc:
        raise error(f"cannot read the key at {path}: {exc}") from exc
    if not isinstance(key, Ed25519PrivateKey):
        raise error(f"{path} is not an Ed25519 key")
    return key


def generate_key(path: str | os.PathLike, if_missing: bool = False,
                 error: type[Exception] = KeyFileError) -> tuple[bool, str]:
    """Write a new Ed25519 private key (PKCS#8 PEM, mode 0600). Returns (created, kid).
    An existing key is never overwritten."""
    path = Path(path)
    if path.exists():
        if if_missing:
            return False, kid_for(load_private(path, error).public_key())
        raise FileExistsError(f"{path} already exists; refusing to overwrite a signing key")
    path.parent.mkdir(parents=True, exist_ok=True)
    key = Ed25519PrivateKey.generate()
    pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                            serialization.NoEncryption())
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as handle:
        handle.write(pem)
    return True, kid_for(key.public_key())
