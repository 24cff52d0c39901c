"""Issuing: one certificate = one row + one stored PDF + one signed payload, all or nothing.

Steps, in the caller's transaction: allocate the serial (the state's and year's counter row,
locked with SELECT ... FOR UPDATE on PostgreSQL), a random token and a random status list
position (app/certification/verification/status_list.py); build and sign the payload; render
the PDF once, with the signed credential embedded as it is written; stage the file
(app/certification/rendering/storage.py); add the row and the audit event; flush. The caller
commits once: the file moves into place just before the COMMIT and is deleted on any rollback,
and the counter's increment and the position's reservation roll back with the rest, so a
failure at any step leaves no row, no serial or position used and no file. An issuing form's
one-time key is stored on the row under a unique constraint, so the same form sent twice issues
once (app/certification/views_issue.py).

While a certificate renders in a worker process, this process signs it (`seal`: the status list
position, the signed payload and the Open Badges credential, which the worker embeds once it has
laid the page out) and makes a token and its QR code for its next certificate
(app/certification/issuing/spare.py).
"""
import secrets
from dataclasses import dataclass, field
from datetime import date

from flask import current_app
from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from app.audit import services as audit
from app.catalogue.models import MemberState
from app.credentials import signing
from app.certification.verification import status_list
from app.certification.rendering import pdf, render_pool, storage
from app.certification.kinds import CertificateKind, CertificateStatus
from app.certification.issuing import spare
from app.certification.models import Certificate, SerialCounter
from app.credentials import certificates as open_badges
from app.extensions import db
from app.timeutil import utcnow

PAYLOAD_VERSION = 2  # 2: credentialStatus (the published status lists)
TEMPLATES = {kind: f"certificates/pdf/{kind}.html" for kind in CertificateKind}
ROLE_NAMES = {
    "centre_registrar": ("Training centre registrar", "Greffier du centre de formation"),
    "certifying_officer": ("Certifying officer", "Officier de certification"),
    "tot_trainer": ("UN Training of Trainers Centre", "Centre de formation des formateurs de l'ONU"),
    "un_officer": ("UN officer", "Fonctionnaire de l'ONU"),
    "un_admin": ("UN administrator", "Administrateur de l'ONU"),
}


@dataclass
class Draft:
    """Everything a certificate states, decided by the eligibility rules, before issue."""

    kind: str
    state: MemberState
    holder: str
    expires_on: date
    standards: list[dict]  # code, version, title_en, title_fr, date (what the table prints)
    person_id: int | None = None
    unit_id: int | None = None
    profile_id: int | None = None
    signed_extra: dict = field(default_factory=dict)  # more signed payload fields
    printed_extra: dict = field(default_factory=dict)  # more template context (not signed)
    supersedes: Certificate | None = None  # the certificate the new one names as replaced
    supersedes_more: list[Certificate] = field(default_factory=list)  # older ones it also replaces


@dataclass
class Prepared:
    """A certificate begun (`begin`: serial, token, print context) and, once sealed (`seal`),
    signed."""

    draft: Draft
    serial: str
    token: str
    verify_url: str
    payload: dict  # what the certificate signs (credentialStatus added by `seal`)
    context: dict
    signed: signing.Signed | None = None
    open_badge: bytes | None = None  # the same facts as an Open Badges credential (app/credentials)


def attachments(prepared: Prepared) -> dict[str, bytes]:
    """The files a sealed certificate's PDF carries (name: bytes): the signed credential.json and
    the Open Badges credential."""
    return {pdf.CREDENTIAL_NAME: prepared.signed.credential(),
            open_badges.FILE_NAME: prepared.open_badge}


def _new_token_and_qr() -> tuple[str, str, str]:
    """A new (token, verify URL, QR code)."""
    token = new_token()
    url = verify_url(token)
    return token, url, pdf.qr_data_uri(url)


def _make_spare() -> None:
    spare.make(_new_token_and_qr)


def new_token() -> str:
    """The public verification token: 24 random bytes (192 bits), URL-safe."""
    return secrets.token_urlsafe(24)


def next_serial(state: MemberState, year: int) -> str:
    """The next serial for `state` and `year`, e.g. KEN-2026-000123 (counter row locked)."""
    return next_serials(state, year, 1)[0]


def next_serials(state: MemberState, year: int, count: int) -> list[str]:
    """The next `count` consecutive serials for `state` and `year` (one counter update; the row
    stays locked until the transaction ends, and a rollback gives the numbers back)."""
    counter = lock_serials(state, year)
    first = counter.last + 1
    counter.last += count
    db.session.flush()
    return [f"{state.iso3}-{year}-{n:06d}" for n in range(first, first + count)]


def lock_serials(state: MemberState, year: int) -> SerialCounter:
    """The counter row of `state` and `year`, locked (SELECT ... FOR UPDATE on PostgreSQL) until
    the transaction ends: issuers of one state and year take turns from here on. Taken before
    deciding whether someone already holds a certificate (eligibility.one_unless_held), so two
    issues of the same certificate at once cannot both find none."""
    insert = pg_insert if db.engine.dialect.name == "postgresql" else sqlite_insert
    db.session.execute(insert(SerialCounter).values(state_id=state.id, year=year, last=0)
                       .on_conflict_do_nothing(index_elements=["state_id", "year"]))
    return db.session.scalars(
        select(SerialCounter).where(SerialCounter.state_id == state.id, SerialCounter.year == year)
        .with_for_update().execution_options(populate_existing=True)).one()


def verify_index_url() -> str:
    """PUBLIC_BASE_URL + /verify (the page that finds a certificate by its serial)."""
    return current_app.config["PUBLIC_BASE_URL"].rstrip("/") + "/verify"


def verify_url(token: str) -> str:
    """PUBLIC_BASE_URL + /verify/<token> (the verification.verify page)."""
    return verify_index_url() + "/" + token


def issuer_of(actor) -> dict:
    """Who certifies, as signed and printed: name, role and (when the user has one) job title."""
    role = actor.role.value if actor is not None else "un_admin"
    name = (getattr(actor, "display_name", "") or ROLE_NAMES[role][0]) if actor else "System"
    title = getattr(actor, "job_title", None)
    return {"name": name, "role": role, **({"title": title} if title else {})}


def prepare(draft: Draft, actor, on: date, qr_placeholder: str | None = None,
            serial: str | None = None, position: tuple[int, int] | None = None) -> Prepared:
    """`begin` and `seal` one draft (not yet rendered). With `qr_placeholder`, the context's QR is
    that marker, replaced by the renderer (bulk); otherwise the token and QR code are the spare
    one, if any (spare.py). With `serial` and `position`, ones the caller reserved in this
    transaction (next_serials, status_list.reserve)."""
    return seal(begin(draft, actor, on, qr_placeholder, serial), position)


def begin(draft: Draft, actor, on: date, qr_placeholder: str | None = None,
          serial: str | None = None) -> Prepared:
    """Serial, token and print context for one draft: all its page needs (see `prepare`)."""
    serial = serial or next_serial(draft.state, on.year)
    if qr_placeholder:  # bulk: each QR code is made by the render worker
        token = new_token()
        url, qr = verify_url(token), qr_placeholder
    else:
        token, url, qr = spare.take(_new_token_and_qr)
    issuer = issuer_of(actor)
    payload = {
        "v": PAYLOAD_VERSION, "alg": signing.ALG, "kid": signing.current_kid(),
        "type": "PKTCertificate", "kind": draft.kind, "serial": serial, "id": url,
        "subject": {"name": draft.holder},
        "state": {"iso3": draft.state.iso3, "name_en": draft.state.name_en,
                  "name_fr": draft.state.name_fr},
        "standards": [{"code": s["code"], "version": s["version"]} for s in draft.standards],
        "issued_on": on.isoformat(), "expires_on": draft.expires_on.isoformat(),
        "issuer": issuer, **draft.signed_extra,
    }
    role_en, role_fr = ROLE_NAMES.get(issuer["role"], (issuer["role"], issuer["role"]))
    context = {
        "kind": draft.kind, "serial": serial, "holder": draft.holder,
        "state_en": draft.state.name_en, "state_fr": draft.state.name_fr,
        "standards": draft.standards, "issued_on": on.isoformat(),
        "expires_on": draft.expires_on.isoformat(), "issuer": issuer["name"],
        "issuer_function": issuer.get("title"), "issuer_role_en": role_en,
        "issuer_role_fr": role_fr, "verify_url": url, "verify_index": verify_index_url(),
        "qr": qr, "demo": bool(current_app.config.get("DEMO_ALLOWED")),
        **draft.printed_extra,
    }
    return Prepared(draft, serial, token, url, payload, context)


def seal(prepared: Prepared, position: tuple[int, int] | None = None) -> Prepared:
    """Reserve a begun certificate's status list position (or take `position`), sign its
    payload and make its Open Badges credential; returns `prepared`, sealed."""
    draft = prepared.draft
    list_no, index = position or status_list.reserve([prepared.serial])[prepared.serial]
    prepared.payload["credentialStatus"] = status_list.entries(list_no, index)
    prepared.signed = signing.sign(prepared.payload)
    prepared.open_badge = open_badges.signed_json(prepared.payload, draft.standards,
                                                  draft.printed_extra)
    return prepared


def finish(prepared: Prepared, final: bytes, actor, on: date,
           key: str | None = None) -> Certificate:
    """Stage the rendered PDF (its signed credential already embedded by the renderer), add
    the row and its audit event (flushed). `key`: the issuing form's idempotency key (unique:
    the flush fails if a certificate was already issued with it)."""
    draft = prepared.draft
    name = f"{prepared.serial}.pdf"
    storage.stage(db.session(), name, final)
    cert = Certificate(
        serial=prepared.serial, token=prepared.token, kind=draft.kind, state_id=draft.state.id,
        person_id=draft.person_id, unit_id=draft.unit_id, profile_id=draft.profile_id,
        holder_name=draft.holder, issued_on=on, expires_on=draft.expires_on,
        issued_by_id=getattr(actor, "id", None), issuer_name=issuer_of(actor)["name"],
        payload=prepared.signed.canonical.decode(), signature=prepared.signed.signature,
        kid=prepared.signed.kid, open_badge=prepared.open_badge.decode(), pdf_path=name,
        pdf_sha256=storage.sha256(final), status=CertificateStatus.VALID,
        supersedes_id=draft.supersedes.id if draft.supersedes else None,
        idempotency_key=key, created_at=utcnow())
    db.session.add(cert)
    db.session.flush()
    replaced = ([draft.supersedes] if draft.supersedes is not None else []) + \
        list(draft.supersedes_more)
    for old in replaced:
        old.superseded_by_id = cert.id
    details = {"serial": cert.serial, "kind": cert.kind, "sha256": cert.pdf_sha256,
               "supersedes": cert.supersedes_id}
    if draft.supersedes_more:
        details["also_supersedes"] = [old.id for old in draft.supersedes_more]
    audit.append("certificate.issue", actor=actor, obj=cert, details=details)
    return cert


def issue(draft: Draft, actor, on: date, key: str | None = None) -> Certificate:
    """Issue one certificate (see the module docstring); the caller commits."""
    prepared = begin(draft, actor, on)
    html = pdf.render_html(TEMPLATES[draft.kind], c=prepared.context)
    rendered = render_pool.render_pdf(html, lambda: attachments(seal(prepared)),
                                      pages=expected_pages(draft), meanwhile=_make_spare)
    return finish(prepared, rendered, actor, on, key)


def expected_pages(draft: Draft) -> int:
    """Pages the certificate may take (its render's time limit follows): one, plus for a unit
    certificate one and its roster annex counted at 40 people a page (a page fits 45 to 65,
    as names wrap or not: the limit errs on the generous side)."""
    unit = draft.kind == CertificateKind.UNIT
    roster = draft.printed_extra.get("roster_size", 0) if unit else 0
    return 1 + (1 + -(-roster // 40) if roster else 0)


def record_failure(exc: BaseException, actor) -> bool:
    """After the issuing transaction rolled back: a render killed by its time limit leaves an
    audit event (added to the session; the caller commits). True if one was added."""
    if not isinstance(exc, render_pool.RenderTimeout):
        return False
    audit.append("certificate.render_timeout", actor=actor,
                 state_id=getattr(actor, "state_id", None),
                 details={"seconds": exc.seconds, "pages": exc.pages})
    return True
