"""A certificate's signed payload (app/certification/issuing/issue.py) -> its Open Badges
credential.

The facts come from the payload the certificate signs in its own format, so the two credentials a
certificate carries say the same thing; the standards' English titles come from the draft (what
the certificate prints).
"""
from datetime import date

from app.credentials import issuing
from app.credentials.badge import Facts

FILE_NAME = "open-badge-credential.json"  # beside credential.json in the PDF


def facts_for(payload: dict, standards: list[dict], printed: dict | None = None) -> Facts:
    """Facts from a certificate payload (version 2) and the printed standards rows (code,
    version, title_en) and extras (profile_en for a unit)."""
    printed = printed or {}
    titles = {s["code"]: s.get("title_en", "") for s in standards}
    profile = payload.get("profile") or {}
    return Facts(
        kind=payload["kind"], serial=payload["serial"], verify_url=payload["id"],
        holder=payload["subject"]["name"], state_iso3=payload["state"]["iso3"],
        state_name=payload["state"]["name_en"],
        standards=[{**s, "title": titles.get(s["code"], "")} for s in payload["standards"]],
        issued_on=date.fromisoformat(payload["issued_on"]),
        expires_on=date.fromisoformat(payload["expires_on"]),
        status=payload.get("credentialStatus", []),
        qualification=(payload.get("qualification") or {}).get("code"),
        profile={**profile, "title": printed.get("profile_en", "")} if profile else {},
        unit_type=(payload.get("unit") or {}).get("type"), roster=payload.get("roster") or {})


def signed_json(payload: dict, standards: list[dict], printed: dict | None = None) -> bytes:
    """The signed OpenBadgeCredential's JSON bytes for a certificate payload."""
    return issuing.dumps(issuing.certificate_credential(facts_for(payload, standards, printed)))
