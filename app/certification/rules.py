"""Certificate rules, pure: who is eligible, until when a certificate is valid, what status it
reads as. No Flask, no SQLAlchemy, no clock: dates are passed in.

* Counting and expiry of completions are the readiness rules' (app/readiness/rules.py `cell_for`),
  so a certificate never disagrees with the readiness matrix. `last_valid_day` turns a
  completion's `expires_on` into the last day it still holds under those rules.
* **Individual certificate**: eligible on `on` when every chosen standard (1 to 25) is held by a
  counting completion valid on `on`. It covers, per standard, the counting completion that lasts
  longest; it is valid until the earliest last valid day among them.
* **Trainer certificate**: eligible when the qualification is valid on `on` (from `valid_from` to
  `valid_until`, not revoked) and the catalogue has standards it signs off; valid until the
  qualification's `valid_until`.
* **Unit certificate**: eligible when readiness says the unit is certifiable on `on` against the
  level's profile. Valid until the earliest of: the day before issue date + the profile's
  `certificate_validity_months`; and, for each required standard, the last day the roster still
  meets it if nobody trained again (for a share rule, the k-th longest-lasting holder's last valid
  day, k = the people the share needs; for key appointments, the earliest among them).
* A certificate is valid through its `expires_on` day inclusive; `lifecycle_status` orders the
  stored status and expiry.
"""
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Iterable, Mapping

from app.certification.kinds import CertificateStatus
from app.readiness.rules import CompletionFact, Status, cell_for
from app.training.rules import add_months, qualification_problems

MAX_STANDARDS = 25  # what fits on one A4 landscape page


@dataclass(frozen=True)
class Held:
    """A completion as facts, with the titles a certificate prints."""

    fact: CompletionFact
    title_en: str = ""
    title_fr: str = ""


@dataclass(frozen=True)
class Covered:
    code: str
    version: str
    title_en: str
    title_fr: str
    completed_on: date
    last_valid_day: date


@dataclass(frozen=True)
class Refusal:
    """Why a certificate cannot be issued. `code` is stable; the UI words it with `params`."""

    code: str
    params: Mapping = field(default_factory=dict)


@dataclass(frozen=True)
class Verdict:
    eligible: bool
    refusals: tuple[Refusal, ...] = ()
    covered: tuple[Covered, ...] = ()
    expires_on: date | None = None


def _expiry_day_holds() -> bool:
    probe = CompletionFact(0, "X", "1", date(2000, 1, 1), True, True, True, 12)
    return cell_for([probe], probe.expires_on).status.holds


_HOLDS_ON_EXPIRY = _expiry_day_holds()


def last_valid_day(expires_on: date) -> date:
    """The last day a completion with this `expires_on` still holds (readiness convention)."""
    return expires_on if _HOLDS_ON_EXPIRY else expires_on - timedelta(days=1)


def lifecycle_status(status: str, superseded: bool, expires_on: date,
                     on: date) -> CertificateStatus:
    """What a certificate reads as on `on`: superseded (corrected) first, then revoked,
    suspended, expired after its last valid day; otherwise valid."""
    if superseded:
        return CertificateStatus.SUPERSEDED
    if status in (CertificateStatus.REVOKED, CertificateStatus.SUSPENDED):
        return CertificateStatus(status)
    if on > expires_on:
        return CertificateStatus.EXPIRED
    return CertificateStatus.VALID


def assess_individual(codes: Iterable[str], held: Mapping[str, list[Held]], on: date,
                      known: Iterable[str] | None = None) -> Verdict:
    """Eligibility of one person for a certificate covering `codes`, from their completions of
    each code (`held[code]`). Every failing standard is listed."""
    codes = list(dict.fromkeys(codes))
    refusals: list[Refusal] = []
    if not codes:
        return Verdict(False, (Refusal("no_standards"),))
    if len(codes) > MAX_STANDARDS:
        refusals.append(Refusal("too_many_standards", {"count": len(codes), "max": MAX_STANDARDS}))
    known = set(known) if known is not None else None
    covered = []
    for code in codes:
        if known is not None and code not in known:
            refusals.append(Refusal("unknown_standard", {"standard": code}))
            continue
        done = held.get(code, [])
        cell = cell_for([h.fact for h in done], on)
        if cell.status.holds:
            best = max((h for h in done if h.fact.counts and h.fact.completed_on <= on),
                       key=lambda h: (h.fact.expires_on, h.fact.completed_on))
            covered.append(Covered(code, best.fact.version, best.title_en, best.title_fr,
                                   best.fact.completed_on, last_valid_day(best.fact.expires_on)))
        elif cell.status is Status.EXPIRED:
            refusals.append(Refusal("expired", {"standard": code,
                                                "date": last_valid_day(cell.expires_on)}))
        elif cell.status is Status.NOT_COUNTED:
            refusals.append(Refusal("not_counted", {"standard": code,
                                                    "why": cell.not_counted_because}))
        else:
            refusals.append(Refusal("missing", {"standard": code}))
    if refusals:
        return Verdict(False, tuple(refusals))
    return Verdict(True, (), tuple(covered), min(c.last_valid_day for c in covered))


@dataclass(frozen=True)
class QualificationFact:
    code: str
    valid_from: date
    valid_until: date
    revoked_on: date | None = None


def assess_trainer(q: QualificationFact, standard_codes: Iterable[str], on: date) -> Verdict:
    """Eligibility for a trainer qualification certificate on `on`."""
    dates = {"revoked": q.revoked_on, "not_yet_valid": q.valid_from, "expired": q.valid_until}
    refusals = [Refusal(f"qualification_{problem}", {"date": dates[problem]}) for problem in
                qualification_problems(q.valid_from, q.valid_until, q.revoked_on, on)]
    if not list(standard_codes):
        refusals.append(Refusal("qualification_signs_nothing", {"qualification": q.code}))
    if refusals:
        return Verdict(False, tuple(refusals))
    return Verdict(True, expires_on=q.valid_until)


@dataclass(frozen=True)
class RequirementCover:
    """For one required standard: the last valid days of the people holding it, and how many
    must hold it (a share rule), or the key appointments' days when all of them must."""

    code: str
    holder_days: tuple[date, ...] = ()
    needed: int = 0
    key_days: tuple[date, ...] = ()


def unit_expiry(issued_on: date, validity_months: int,
                covers: Iterable[RequirementCover]) -> date:
    """A unit certificate's last valid day (see the module docstring)."""
    ends = [add_months(issued_on, validity_months) - timedelta(days=1)]
    for cover in covers:
        if cover.needed > 0:
            days = sorted(cover.holder_days, reverse=True)
            ends.append(days[cover.needed - 1] if len(days) >= cover.needed else issued_on)
        if cover.key_days:
            ends.append(min(cover.key_days))
    return max(min(ends), issued_on)
