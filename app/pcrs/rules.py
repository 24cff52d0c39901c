"""The PCRS ladder as pure rules: which moves are allowed and what evidence a move up needs.

Levels are Level 1 -> Level 2 -> Level 3 -> Rapid Deployment Level (RDL). A level goes up one step
at a time; it may go down any number of steps, but only with a reason. Moving up needs the
evidence the UN's process produces: a successful Assessment and Advisory Visit (AAV) for Level 2,
alignment with a Statement of Unit Requirements (SUR) for Level 3, and an RDL verification visit
with a deployment commitment of 30, 60 or 90 days for the RDL. Whether a unit certificate covers
the target level is decided by the service (it reads certificates); this module only explains.

No Flask, no SQLAlchemy: dates are passed in, problems come back as (code, params) pairs.
"""
from dataclasses import dataclass, field
from datetime import date

from app.catalogue.levels import LEVELS, PcrsLevel, next_level, rank
from app.certification.kinds import CertificateStatus

__all__ = ["LEVELS", "next_level", "rank", "is_up", "check_move", "check_dates",
           "check_evidence", "CertificateFact", "explain_certificate", "Problem"]

DEPLOYMENT_DAYS = (30, 60, 90)
AAV_OUTCOMES = ("successful", "unsuccessful")
NOT_YET_VALID = "not_yet_valid"  # a certificate issued after the decision date
CERTIFICATE_PROBLEMS = (CertificateStatus.EXPIRED, CertificateStatus.SUSPENDED,
                        CertificateStatus.REVOKED, CertificateStatus.SUPERSEDED, NOT_YET_VALID)


@dataclass(frozen=True)
class Problem:
    """One reason a decision is refused; `code` is stable (the API returns it), `params` name
    the specifics (levels, dates, serials)."""

    code: str
    params: dict = field(default_factory=dict)


def is_up(from_level: str, to_level: str) -> bool:
    return rank(to_level) > rank(from_level)


def check_move(from_level: str, to_level: str, reason: str | None,
               expected_from: str | None = None) -> list[Problem]:
    """One step up at a time; down with a reason; never to the level the unit already holds.
    `expected_from` (the level the decider saw) must still be the unit's level."""
    if to_level not in LEVELS:
        return [Problem("unknown_level", {"level": str(to_level)})]
    if expected_from is not None and expected_from != from_level:
        return [Problem("level_changed", {"expected": expected_from, "level": from_level})]
    if to_level == from_level:
        return [Problem("same_level", {"level": from_level})]
    if is_up(from_level, to_level):
        step = next_level(from_level)
        if to_level != step:
            return [Problem("one_step", {"from": from_level, "to": to_level, "next": step})]
        return []
    if not (reason or "").strip():
        return [Problem("reason_required", {"from": from_level, "to": to_level})]
    return []


def check_dates(decided_on: date, today: date, last_decided_on: date | None) -> list[Problem]:
    """A decision is not dated in the future, nor before the unit's latest decision."""
    problems = []
    if decided_on > today:
        problems.append(Problem("date_in_future", {"date": decided_on.isoformat()}))
    if last_decided_on is not None and decided_on < last_decided_on:
        problems.append(Problem("date_before_last", {"date": decided_on.isoformat(),
                                                     "last": last_decided_on.isoformat()}))
    return problems


def check_evidence(to_level: str, evidence: dict, decided_on: date) -> list[Problem]:
    """The evidence a move up to `to_level` needs, each item dated on or before the decision."""
    problems: list[Problem] = []

    def dated(key: str, missing_code: str):
        value = evidence.get(key)
        if not isinstance(value, date):
            problems.append(Problem(missing_code))
        elif value > decided_on:
            problems.append(Problem("evidence_after_decision", {"item": key,
                                                                "date": value.isoformat()}))

    if to_level == PcrsLevel.L2:
        dated("aav_on", "aav_missing")
        outcome = evidence.get("aav_outcome")
        if outcome != "successful":
            problems.append(Problem("aav_not_successful", {"outcome": str(outcome or "-")}))
    elif to_level == PcrsLevel.L3:
        dated("sur_aligned_on", "sur_missing")
        if evidence.get("sur_aligned") is not True:
            problems.append(Problem("sur_not_aligned"))
    elif to_level == PcrsLevel.RDL:
        dated("verification_visit_on", "rdl_visit_missing")
        if evidence.get("deployable_days") not in DEPLOYMENT_DAYS:
            problems.append(Problem("rdl_days", {"days": str(evidence.get("deployable_days"))}))
    return problems


@dataclass(frozen=True)
class CertificateFact:
    """A unit certificate as the gate sees it: which profile it covers and its status on the
    decision date (valid, expired, suspended, revoked, superseded, not_yet_valid)."""

    serial: str
    profile_code: str | None
    status: str
    expires_on: date
    superseded_by: str | None = None


def explain_certificate(profile_code: str, facts: list[CertificateFact]) -> list[Problem]:
    """Why no certificate covers `profile_code`: the failing status of each certificate for that
    profile, the other profiles the unit's valid certificates cover, or that it holds none."""
    if not facts:
        return [Problem("no_certificate", {"profile": profile_code})]
    problems = []
    for fact in facts:
        if fact.profile_code == profile_code and fact.status != CertificateStatus.VALID:
            params = {"serial": fact.serial, "profile": profile_code,
                      "date": fact.expires_on.isoformat()}
            if fact.superseded_by:
                params["by"] = fact.superseded_by
            code = fact.status if fact.status in CERTIFICATE_PROBLEMS else "not_valid"
            problems.append(Problem(f"certificate_{code}", params))
    for fact in facts:
        if fact.profile_code != profile_code and fact.status == CertificateStatus.VALID:
            problems.append(Problem("wrong_profile", {"serial": fact.serial,
                                                      "other": fact.profile_code or "-",
                                                      "profile": profile_code}))
    return problems or [Problem("no_certificate", {"profile": profile_code})]
