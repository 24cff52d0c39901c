"""What certificates there are and what status one can read as: the one definition. Pure."""
import enum


class CertificateKind(enum.StrEnum):
    INDIVIDUAL = "individual"  # a person's training certificate
    TRAINER = "trainer"  # a trainer qualification certificate (issued by the ToT centre)
    UNIT = "unit"  # a unit's pre-deployment training certificate


class CertificateStatus(enum.StrEnum):
    """What a certificate reads as on a date (app/certification/rules.py `lifecycle_status`).
    Only VALID, SUSPENDED and REVOKED are stored; EXPIRED and SUPERSEDED follow from its dates
    and its correction."""

    VALID = "valid"
    EXPIRED = "expired"
    SUSPENDED = "suspended"
    REVOKED = "revoked"
    SUPERSEDED = "superseded"


KINDS = tuple(CertificateKind)
STATUSES = tuple(CertificateStatus)


class IssueChoice(enum.StrEnum):
    """What issuing does when the holder already holds a valid certificate for the same
    standards (app/certification/issuing/eligibility.py `already_held` decides that)."""

    MISSING = "missing"  # the default: issue only to those without one; say how many were skipped
    SUPERSEDE = "supersede"  # re-issue: the new certificate supersedes the one(s) held
