"""Bulk issue: the individual certificates of every eligible member of a unit.

Eligible member: on the roster on the date and holding every standard the level's requirement
profile asks of them (a standard for commanders, key appointments or NIOs only of those who
hold that appointment: app/readiness/rules.py `asked_of`), by the same rules as a single
individual certificate. A member who already holds a valid certificate for those standards is
skipped and counted (the default), or re-issued one that supersedes it when the job was started
with IssueChoice.SUPERSEDE (eligibility.apply_choice decides both). Each
certificate still gets its own row, serial, token, signature and stored PDF. Rendering is
batched, one batch per render process: members laid out alike (the same standards set) share a
page laid out once by WeasyPrint, each person's name, serial, dates, address and QR code drawn
over it, and anything that does not fit is laid out in full (app/certification/rendering/
overlay.py); each PDF is written with its credentials attached (docs/performance.md). The merged
download is the batches' documents joined with pypdf, and the ZIP holds the stored PDFs, both
written at the end (Outputs). Each chunk is one transaction with one serial range, so a failure
leaves the finished chunks issued and nothing half-issued.
"""
import io
import os
import secrets
import zipfile
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from pypdf import PdfReader, PdfWriter

from app.certification import facts, queries, rules
from app.certification.verification import status_list
from app.certification.rendering import overlay, pdf, render_pool, storage
from app.certification.issuing import eligibility
from app.certification.issuing.issue import (Draft, Prepared, attachments, finish, lock_serials,
                                             next_serials,
                                             prepare)
from app.certification.kinds import CertificateKind, IssueChoice
from app.catalogue.models import MemberState
from app.extensions import db
from app.readiness.rules import asked_of
from app.units.models import Unit

CHUNK = 50
PART = 13  # certificates a render process draws at a time: a chunk's four parts keep both busy
SECTION = "certificates/pdf/_individual.html"  # one certificate of bulk.html


@dataclass
class Plan:
    drafts: list[Draft]  # to issue
    roster_size: int
    skipped: int = 0  # eligible, but already holding a valid certificate for these standards
    superseding: int = 0  # drafts that supersede a certificate their holder holds


def plan(unit: Unit, level: str, on: date, choice: str = IssueChoice.MISSING) -> Plan:
    """Drafts for every eligible member (NotEligible only when the level has no profile),
    through `choice` (eligibility.apply_choice)."""
    profile = eligibility.unit_profile(unit, level)
    if profile is None:
        raise eligibility.NotEligible([rules.Refusal("no_profile", {
            "level": level, "unit_type": unit.unit_type})])
    requirements = list(profile.requirements)
    every_code = [r.standard_code for r in requirements]
    members = queries.roster(unit, on)
    done = facts.completions([p.id for _m, p in members], every_code, on)
    state = db.session.get(MemberState, unit.state_id)
    drafts = []
    for membership, person in members:
        codes = [r.standard_code for r in requirements if asked_of(r, membership)]
        held = {c: [rules.Held(d.fact, d.title_en, d.title_fr) for d in done.get((person.id, c), [])]
                for c in codes}
        verdict = rules.assess_individual(codes, held, on)
        if verdict.eligible:
            drafts.append(Draft(kind=CertificateKind.INDIVIDUAL, state=state, holder=person.display_name,
                                expires_on=verdict.expires_on, person_id=person.id,
                                standards=eligibility._standard_rows(verdict.covered)))
    chosen = eligibility.apply_choice(drafts, choice, on)
    return Plan(chosen.drafts, len(members), len(chosen.skipped), chosen.superseding)


def still_to_issue(drafts: list[Draft], choice: str, on: date) -> eligibility.Choice:
    """`drafts` through `choice` again, as the records stand now, in this transaction: the
    state's serial counter is locked first (until the commit), since a certificate may have been
    issued to one of these members after the plan (a single issue, another job)."""
    if drafts:
        lock_serials(drafts[0].state, on.year)
    return eligibility.apply_choice(drafts, choice, on)


def issue_chunk(drafts: list[Draft], actor, on: date) -> tuple[list, list[bytes]]:
    """Issue `drafts` in the current transaction, rendered in parts of PART certificates, each
    sent to a render process as soon as it is prepared; returns the certificates and the
    rendered documents (for the merged download). The caller commits. QR codes, the PDFs and
    their attached credentials are made in the render processes."""
    if len({d.state.id for d in drafts}) > 1:
        raise ValueError("a chunk holds one Member State's certificates (one serial range)")
    marker = f"pkt-qr-{secrets.token_hex(8)}-"
    serials = next_serials(drafts[0].state, on.year, len(drafts)) if drafts else []
    positions = status_list.reserve(serials)
    shell = pdf.render_html("certificates/pdf/bulk.html", certificates=[])
    prepared = []

    def batches():  # each prepared and signed while the render processes draw the ones before
        for start in range(0, len(drafts), PART):
            part = [(f"{marker}{n}.", prepare(d, actor, on, qr_placeholder=f"{marker}{n}.",
                                               serial=serials[n], position=positions[serials[n]]))
                    for n, d in enumerate(drafts[start:start + PART], start)]
            prepared.extend(p for _placeholder, p in part)
            yield shell, _items(part)

    rendered = render_pool.render_overlaid(batches())
    pages = [page for _document, part_pages in rendered for page in part_pages]
    certs = [finish(p, page, actor, on) for p, page in zip(prepared, pages)]
    return certs, [document for document, _pages in rendered]


def _items(part: list[tuple[str, Prepared]]) -> list[overlay.Item]:
    """The render workers' items for one part: each certificate's section of the bulk document
    with its shared layout and slot values (app/certification/rendering/overlay.py), and per
    shared layout the section that prints every character its slots need."""
    items, by_key = [], {}
    for placeholder, p in part:
        section = pdf.render_html(SECTION, c=p.context)
        item = overlay.Item(section, placeholder, p.verify_url, attachments(p),
                            overlay.layout_key(p.context, section), overlay.slot_values(p.context))
        items.append(item)
        by_key.setdefault(item.key, (p.context, []))[1].append(item)
    for context, members in by_key.values():
        pool = pdf.render_html(SECTION, c=overlay.pool_context(
            context, [item.values for item in members]))
        for item in members:
            item.pool = pool
    return items


def _parts(items: list, count: int) -> list[list]:
    """`items` cut into at most `count` contiguous parts of near-equal size (one per render
    process)."""
    count = max(1, min(count, len(items)))
    size = -(-len(items) // count)
    return [items[i:i + size] for i in range(0, len(items), size)]


class Outputs:
    """The job's two downloads: the merged PDF and the ZIP of the stored individual PDFs.
    `add()` takes a committed chunk; `finish()` writes the merged PDF and moves the ZIP, built
    under a temporary name, into place; `discard()` removes the temporary after a failure.
    They are built at the end, not while the next chunk renders (docs/performance.md)."""

    def __init__(self, zip_path: Path, pdf_path: Path):
        self.zip_path, self.pdf_path = zip_path, pdf_path
        self.tmp = zip_path.with_name(f".{zip_path.name}.{secrets.token_hex(6)}")
        self.writer = PdfWriter()
        self.archive = zipfile.ZipFile(self.tmp, "w", zipfile.ZIP_STORED)
        self.count = 0

    def add(self, documents: list[bytes], serials: list[str]) -> None:
        for document in documents:
            self.writer.append(PdfReader(io.BytesIO(document)))
        for serial in serials:
            self.archive.write(storage.path_of(f"{serial}.pdf"), f"{serial}.pdf")
        self.count += len(serials)

    def finish(self) -> bool:
        """Write both files; False (and nothing written) when no certificate was issued."""
        self.archive.close()
        if not self.count:
            self.tmp.unlink(missing_ok=True)
            return False
        with open(self.pdf_path, "wb") as handle:
            self.writer.write(handle)
        os.replace(self.tmp, self.zip_path)
        return True

    def discard(self) -> None:
        self.archive.close()
        self.tmp.unlink(missing_ok=True)
