"""A certificate's facts -> its unsigned Open Badges 3.0 credential (VC Data Model 2.0).

Individual and trainer certificates are achievements of a person; a unit certificate is a
collective achievement whose subject is the unit, its roster annex referenced as evidence (size
and SHA-256, no names). Only what the printed certificate shows goes in: the holder's (or unit's)
name, the Member State, the standards, the dates, the serial; never a service number, gender or
birth date. Text is NFC-normalised and stripped of control characters, which canonical N-Quads
escape differently from one implementation to another.

Mapping (Open Badges 3.0 terms):
- id: the verify page URL; name: "<kind> <serial>"; validFrom: the issue day 00:00:00Z;
  validUntil: the last valid day 23:59:59Z; credentialStatus: the BitstringStatusListEntry pair.
- issuer: the site's DID, as a Profile with the site's name and address.
- credentialSubject (AchievementSubject): name and an IdentityObject (identityType "name",
  not hashed) for the holder or unit; source: the Member State (Profile, ISO 3166 code).
- achievement: id <verify URL>#achievement; achievementType CertificateOfCompletion
  (individual), Certification (trainer) or ext:UnitCertificate (unit); tag: "CODE vVERSION" of
  each standard; description and criteria in words.
- evidence (unit only): the roster annex printed with the certificate, by reference.
"""
import unicodedata
import uuid
from dataclasses import dataclass, field
from datetime import date

import pycountry

from app.credentials.contexts import OB_V3, VC_V2

KIND_NAME = {"individual": "Individual training certificate",
             "trainer": "Trainer qualification certificate",
             "unit": "Unit pre-deployment training certificate"}
ACHIEVEMENT_TYPE = {"individual": "CertificateOfCompletion", "trainer": "Certification",
                    "unit": "ext:UnitCertificate"}


@dataclass(frozen=True)
class Facts:
    """What a certificate states, as the credential carries it."""

    kind: str  # individual | trainer | unit
    serial: str
    verify_url: str
    holder: str  # the person's or unit's name
    state_iso3: str
    state_name: str
    standards: list[dict]  # code, version, title (English)
    issued_on: date
    expires_on: date
    status: list[dict]  # the credentialStatus entries
    qualification: str | None = None  # trainer: the qualification code
    profile: dict = field(default_factory=dict)  # unit: code, level, title
    unit_type: str | None = None
    roster: dict = field(default_factory=dict)  # unit: size, sha256 (of the printed annex)


def text(value) -> str:
    """NFC, no control characters, spaces collapsed."""
    value = unicodedata.normalize("NFC", str(value))
    return " ".join("".join(" " if unicodedata.category(c).startswith("C") else c
                            for c in value).split())


def _state(base_url: str, iso3: str, name: str) -> dict:
    profile = {"id": uuid.uuid5(uuid.NAMESPACE_URL, f"{base_url}/member-states/{iso3}").urn,
               "type": ["Profile"], "name": text(name)}
    country = pycountry.countries.get(alpha_3=iso3)
    if country is not None:
        profile["address"] = {"type": ["Address"], "addressCountry": text(name),
                              "addressCountryCode": country.alpha_2}
    return profile


def _standard_line(s: dict) -> str:
    return text(f"{s['code']} v{s['version']}" + (f" ({s['title']})" if s.get("title") else ""))


def _achievement(f: Facts) -> dict:
    standards = "; ".join(_standard_line(s) for s in f.standards)
    if f.kind == "individual":
        name = "Peacekeeping pre-deployment training: " + ", ".join(s["code"] for s in f.standards)
        description = f"Completed the United Nations peacekeeping training standards: {standards}."
        criteria = ("A pass in each standard, signed off by a trainer qualified for it on the "
                    "completion date, in a version current that day, still valid on the issue "
                    "date.")
    elif f.kind == "trainer":
        name = f"Qualified trainer: {f.qualification}"
        description = (f"Qualified to deliver and sign off the standards of qualification "
                       f"{f.qualification}: {standards}.")
        criteria = ("A valid trainer qualification, gained at the UN Training of Trainers "
                    "Centre, on the issue date.")
    else:
        level = f.profile.get("level")
        name = f"Unit pre-deployment training, PCRS level {level}: {f.profile.get('code')}"
        description = (f"The {f.unit_type} unit met the pre-deployment training requirements of "
                       f"profile {f.profile.get('code')} ({f.profile.get('title', '')}) for PCRS "
                       f"level {level}: {standards}.")
        criteria = ("The share of the unit's roster the profile requires holds each standard, "
                    "and every key appointment holds the standards asked of it, on the issue "
                    "date (the roster annex lists each person).")
    return {"id": f"{f.verify_url}#achievement", "type": ["Achievement"],
            "achievementType": ACHIEVEMENT_TYPE[f.kind], "name": text(name),
            "description": text(description), "criteria": {"narrative": criteria},
            "tag": [text(f"{s['code']} v{s['version']}") for s in f.standards]}


def build_credential(f: Facts, issuer_did: str, base_url: str, site_name: str) -> dict:
    """The unsigned OpenBadgeCredential for `f`, issued by `issuer_did`."""
    holder = text(f.holder)
    subject = {"type": ["AchievementSubject"], "name": holder,
               "identifier": [{"type": ["IdentityObject"], "identityType": "name",
                               "hashed": False, "identityHash": holder}],
               "source": _state(base_url, f.state_iso3, f.state_name),
               "achievement": _achievement(f)}
    credential = {
        "@context": [VC_V2, OB_V3],
        "id": f.verify_url,
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "name": text(f"{KIND_NAME[f.kind]} {f.serial}"),
        "issuer": {"id": issuer_did, "type": ["Profile"], "name": text(site_name),
                   "url": base_url},
        "validFrom": f"{f.issued_on.isoformat()}T00:00:00Z",
        "validUntil": f"{f.expires_on.isoformat()}T23:59:59Z",
        "credentialSubject": subject,
        "credentialStatus": f.status,
    }
    if f.kind == "unit":
        credential["evidence"] = [{
            "id": f"{f.verify_url}#roster-annex", "type": ["Evidence"],
            "name": "Roster annex", "genre": "Roster annex",
            "description": text(f"The roster annex printed with certificate {f.serial}: "
                                f"{f.roster.get('size')} people. SHA-256 of its rows (RFC 8785 "
                                f"JSON of [name, appointment, valid until]): "
                                f"{f.roster.get('sha256')}.")}]
    return credential
