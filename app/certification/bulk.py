"""Bulk issue: the individual certificates of every eligible member of a unit.

Eligible member: on the roster on the date and holding every standard the level's requirement
profile asks of them (key-appointment-only standards for key appointments only), by the same
rules as a single individual certificate. Each certificate still gets its own row, serial, token,
signature and stored PDF. Rendering is batched: a chunk of certificates is laid out and written by
WeasyPrint as ONE document per render process (one page per certificate; app/certification/
render_pool.py), then split into one PDF per certificate with pypdf (measured: splitting costs
~2 ms a page; writing each page again with WeasyPrint cost ~50 ms). The merged download is the
rendered documents joined with pypdf. Each chunk is one transaction, so a failure leaves the
finished chunks issued and nothing half-issued.
"""
import io
import secrets
from dataclasses import dataclass
from datetime import date

from pypdf import PdfReader, PdfWriter

from app.certification import eligibility, facts, pdf, queries, render_pool, rules
from app.certification.issue import Draft, finish, next_serials, prepare
from app.catalogue.models import MemberState
from app.extensions import db
from app.units.models import Unit

CHUNK = 50


@dataclass
class Plan:
    drafts: list[Draft]
    roster_size: int


def plan(unit: Unit, level: str, on: date) -> Plan:
    """Drafts for every eligible member (NotEligible only when the level has no profile)."""
    profile = eligibility.unit_profile(unit, level)
    if profile is None:
        raise eligibility.NotEligible([rules.Refusal("no_profile", {
            "level": level, "unit_type": unit.unit_type})])
    requirements = list(profile.requirements)
    everyone = [r.standard_code for r in requirements if not r.key_appointments_only]
    keys_too = [r.standard_code for r in requirements]
    members = queries.roster(unit, on)
    done = facts.completions([p.id for _m, p in members], keys_too, on)
    state = db.session.get(MemberState, unit.state_id)
    drafts = []
    for membership, person in members:
        codes = keys_too if membership.is_key_appointment else everyone
        held = {c: [rules.Held(d.fact, d.title_en, d.title_fr) for d in done.get((person.id, c), [])]
                for c in codes}
        verdict = rules.assess_individual(codes, held, on)
        if verdict.eligible:
            drafts.append(Draft(kind="individual", state=state, holder=person.display_name,
                                expires_on=verdict.expires_on, person_id=person.id,
                                standards=eligibility._standard_rows(verdict.covered)))
    return Plan(drafts, len(members))


def issue_chunk(drafts: list[Draft], actor, on: date) -> tuple[list, list[bytes]]:
    """Issue `drafts` in the current transaction, rendered as one document per render process;
    returns the certificates and the rendered PDFs (for the merged download). The caller
    commits. QR codes, splitting and attaching credentials happen in the render processes."""
    if len({d.state.id for d in drafts}) > 1:
        raise ValueError("a chunk holds one Member State's certificates (one serial range)")
    marker = f"pkt-qr-{secrets.token_hex(8)}-"
    serials = iter(next_serials(drafts[0].state, on.year, len(drafts))) if drafts else iter(())
    prepared = [prepare(d, actor, on, qr_placeholder=f"{marker}{n}.", serial=next(serials))
                for n, d in enumerate(drafts)]
    batches = []
    for part in _parts(list(enumerate(prepared)), render_pool.processes()):
        html = pdf.render_html("certificates/pdf/bulk.html",
                               certificates=[p.context for _n, p in part])
        batches.append((html, [(f"{marker}{n}.", p.verify_url, p.signed.credential())
                               for n, p in part]))
    rendered = render_pool.render_batches(batches)
    pages = [page for _document, part_pages in rendered for page in part_pages]
    certs = [finish(p, page, actor, on, attached=True) for p, page in zip(prepared, pages)]
    return certs, [document for document, _pages in rendered]


def _parts(items: list, count: int) -> list[list]:
    """`items` cut into at most `count` contiguous parts of near-equal size (one per render
    process)."""
    count = max(1, min(count, len(items)))
    size = -(-len(items) // count)
    return [items[i:i + size] for i in range(0, len(items), size)]


def merge(documents: list[bytes]) -> bytes:
    """The chunks' PDFs as one PDF (for printing)."""
    writer = PdfWriter()
    for document in documents:
        writer.append(PdfReader(io.BytesIO(document)))
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
