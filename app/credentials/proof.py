"""Data Integrity proofs with the `eddsa-rdfc-2022` cryptosuite (W3C vc-di-eddsa), Ed25519.

Signing (vc-di-eddsa, "Create Proof"): the proof options (type, cryptosuite, created,
verificationMethod, proofPurpose) take the document's `@context` and are canonicalised
(RDFC-1.0); so is the document without its proof; the signature covers SHA-256(canonical
options) || SHA-256(canonical document), and goes in `proofValue` as multibase base58btc ("z").
Verifying rebuilds the same 64 bytes. The caller says which public key a verification method
names: never a key carried by the document.
"""
import copy
import hashlib
from dataclasses import dataclass

import base58
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from app.credentials.contexts import NotCanonicalisable, canonical_nquads

TYPE = "DataIntegrityProof"
CRYPTOSUITE = "eddsa-rdfc-2022"
PURPOSE = "assertionMethod"


def multibase_b58(data: bytes) -> str:
    return "z" + base58.b58encode(data).decode()


def from_multibase_b58(text: str) -> bytes:
    if not isinstance(text, str) or not text.startswith("z"):
        raise ValueError("not multibase base58btc")
    return base58.b58decode(text[1:])


def _hash_data(document: dict, options: dict) -> bytes:
    config = {**options, "@context": document.get("@context")}
    return (hashlib.sha256(canonical_nquads(config).encode()).digest() +
            hashlib.sha256(canonical_nquads(document).encode()).digest())


def sign(document: dict, key: Ed25519PrivateKey, verification_method: str,
         created: str) -> dict:
    """A copy of `document` (no proof of its own) with a DataIntegrityProof by `key`, named
    `verification_method`, made at `created` (XML Schema dateTime, e.g. 2026-05-01T00:00:00Z)."""
    if "proof" in document:
        raise ValueError("the document already has a proof")
    options = {"type": TYPE, "cryptosuite": CRYPTOSUITE, "created": created,
               "verificationMethod": verification_method, "proofPurpose": PURPOSE}
    signature = key.sign(_hash_data(document, options))
    return {**copy.deepcopy(document), "proof": {**options, "proofValue": multibase_b58(signature)}}


@dataclass(frozen=True)
class Checked:
    """What verifying a proof found: `ok`, else `reason` (one word)."""

    ok: bool
    reason: str | None = None
    verification_method: str | None = None


def verify(document, public_key_for) -> Checked:
    """Check the one eddsa-rdfc-2022 proof of `document`. `public_key_for(verification_method)`
    returns the Ed25519PublicKey it names, or None for a method it does not know."""
    if not isinstance(document, dict) or not isinstance(document.get("proof"), dict):
        return Checked(False, "no_proof")
    proof = document["proof"]
    if proof.get("type") != TYPE or proof.get("cryptosuite") != CRYPTOSUITE:
        return Checked(False, "unsupported_proof")
    if proof.get("proofPurpose") != PURPOSE:
        return Checked(False, "wrong_purpose")
    method = proof.get("verificationMethod")
    key: Ed25519PublicKey | None = public_key_for(method) if isinstance(method, str) else None
    if key is None:
        return Checked(False, "unknown_key", method)
    unsecured = {k: v for k, v in document.items() if k != "proof"}
    options = {k: v for k, v in proof.items() if k != "proofValue"}
    try:
        signature = from_multibase_b58(proof.get("proofValue"))
        key.verify(signature, _hash_data(unsecured, options))
    except (InvalidSignature, ValueError, NotCanonicalisable):
        return Checked(False, "bad_signature", method)
    return Checked(True, None, method)
