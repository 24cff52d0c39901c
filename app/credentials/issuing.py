"""The open credentials as the app issues and checks them: the site's DID from PUBLIC_BASE_URL,
its keys from the certificate signing key (app/credentials/signing.py: the current key signs,
every published key verifies), Data Integrity proofs over Open Badges and status list
credentials.

Verifying never trusts a key or a DID a document names: the issuer must be this site's DID and
the verification method one of its published keys.
"""
import gzip
import json
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import current_app

from app.credentials import did, proof, signing
from app.credentials.badge import Facts, build_credential
from app.credentials.contexts import VC_V2
from app.timeutil import utcnow

SITE_NAME = "PKT Standards: UN peacekeeping training certification"


def base_url() -> str:
    return current_app.config["PUBLIC_BASE_URL"].rstrip("/")


def site_did() -> str:
    return did.did_for(base_url())


def _keys() -> list[tuple[str, bytes]]:
    return [(k["kid"], signing.unb64url(k["x"])) for k in signing.published_keys()]


def did_document() -> dict:
    """The DID document served at /.well-known/did.json."""
    return did.document(site_did(), _keys())


def _zulu(moment: datetime) -> str:
    return moment.replace(microsecond=0).isoformat().replace("+00:00", "Z")


def sign(document: dict) -> dict:
    """`document` with a Data Integrity proof by the current signing key (raises
    signing.SigningKeyMissing without one)."""
    key, kid, _valid_from = signing.signing_key()
    return proof.sign(document, key, did.method_id(site_did(), kid), _zulu(utcnow()))


def certificate_credential(facts: Facts) -> dict:
    """The signed OpenBadgeCredential for a certificate's facts."""
    return sign(build_credential(facts, site_did(), base_url(), SITE_NAME))


def dumps(credential: dict) -> bytes:
    """The JSON bytes stored, embedded and downloaded (UTF-8, indented for people reading it;
    the proof covers the JSON-LD data, not these bytes)."""
    return json.dumps(credential, ensure_ascii=False, indent=2).encode()


@dataclass(frozen=True)
class Verdict:
    """A credential checked against this site's keys: `ok`, else `reason`."""

    ok: bool
    reason: str | None = None  # not_ours | no_proof | unsupported_proof | wrong_purpose |
    #                            unknown_key | bad_signature
    kid: str | None = None


def issuer_id(credential) -> str | None:
    issuer = credential.get("issuer") if isinstance(credential, dict) else None
    return issuer.get("id") if isinstance(issuer, dict) else issuer


def verify(credential) -> Verdict:
    """Check a credential's proof against this site's published keys."""
    mine = site_did()
    if not isinstance(credential, dict) or issuer_id(credential) != mine:
        return Verdict(False, "not_ours")
    checked = proof.verify(credential, did.resolver(mine, _keys()))
    kid = (checked.verification_method or "").rpartition("#")[2] or None
    return Verdict(checked.ok, checked.reason, kid)


def status_list_credential(url: str, purpose: str, bits: bytes, ttl_seconds: int,
                           compression: int) -> dict:
    """The signed BitstringStatusListCredential publishing `bits` (1 = flagged) at `url`."""
    now = utcnow()
    return sign({
        "@context": [VC_V2], "id": url,
        "type": ["VerifiableCredential", "BitstringStatusListCredential"],
        "issuer": site_did(), "validFrom": _zulu(now),
        "validUntil": _zulu(now + timedelta(seconds=ttl_seconds)),
        "credentialSubject": {
            "id": f"{url}#list", "type": "BitstringStatusList", "statusPurpose": purpose,
            "encodedList": "u" + signing.b64url(gzip.compress(bits, compression, mtime=0)),
            "ttl": ttl_seconds * 1000},
    })
