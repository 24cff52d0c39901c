"""The site's DID (did:web) and its DID document.

The DID follows the site's public address (PUBLIC_BASE_URL): https://pkt.example.org ->
did:web:pkt.example.org, served at /.well-known/did.json; a port is written %3A, a path becomes
colon-separated segments served at <path>/did.json (the did:web method). The document lists
every published signing key (signing.published_keys: the current key and the retired ones, which
still verify what they signed) as a Multikey verification method `<did>#<kid>`, each an
assertion method.
"""
from urllib.parse import quote, urlsplit

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from app.credentials.contexts import DID_V1, MULTIKEY_V1
from app.credentials.proof import from_multibase_b58, multibase_b58

ED25519_PUB = b"\xed\x01"  # multicodec ed25519-pub


def did_for(base_url: str) -> str:
    parts = urlsplit(base_url.rstrip("/"))
    if not parts.hostname:
        raise ValueError(f"no host in {base_url!r}")
    host = parts.hostname + (f"%3A{parts.port}" if parts.port else "")
    path = [quote(segment, safe="") for segment in parts.path.split("/") if segment]
    return ":".join(["did", "web", host, *path])


def method_id(did: str, kid: str) -> str:
    return f"{did}#{kid}"


def public_key_multibase(raw: bytes) -> str:
    return multibase_b58(ED25519_PUB + raw)


def raw_from_multibase(text: str) -> bytes:
    data = from_multibase_b58(text)
    if len(data) != 34 or not data.startswith(ED25519_PUB):
        raise ValueError("not an Ed25519 Multikey")
    return data[2:]


def document(did: str, keys: list[tuple[str, bytes]]) -> dict:
    """The DID document for `did` with `keys` [(kid, raw 32-byte public key)]."""
    methods = [{"id": method_id(did, kid), "type": "Multikey", "controller": did,
                "publicKeyMultibase": public_key_multibase(raw)} for kid, raw in keys]
    return {"@context": [DID_V1, MULTIKEY_V1], "id": did, "verificationMethod": methods,
            "assertionMethod": [m["id"] for m in methods]}


def resolver(did: str, keys: list[tuple[str, bytes]]):
    """public_key_for(verification method id) over `keys`: a key of `did` only."""
    known = {method_id(did, kid): raw for kid, raw in keys}

    def public_key_for(method: str) -> Ed25519PublicKey | None:
        raw = known.get(method)
        return Ed25519PublicKey.from_public_bytes(raw) if raw else None

    return public_key_for
