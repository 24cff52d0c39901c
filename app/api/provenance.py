"""Where a catalogue entry comes from, as the public API shows it (app/catalogue/provenance.py)."""
from datetime import date

from pydantic import BaseModel

from app.api.openapi import schema


@schema
class SourceRef(BaseModel):
    code: str
    title: str
    issuer: str
    issued: str | None  # YYYY, YYYY-MM or YYYY-MM-DD; None: undated
    reference: str | None
    url: str | None  # the public copy that was consulted
    checked_on: date


@schema
class CorrectionOut(BaseModel):
    on: date
    note_en: str
    note_fr: str
    sources: list[str]


@schema
class Provenance(BaseModel):
    """`sources` names the documents; when it is empty, `unsourced_en/_fr` says why the entry
    exists without a public source. `design_choice_en/_fr`: what the catalogue adds that is not
    UN practice."""

    sources: list[SourceRef]
    source_detail: str | None = None
    source_note_en: str | None = None
    source_note_fr: str | None = None
    unsourced_en: str | None = None
    unsourced_fr: str | None = None
    design_choice_en: str | None = None
    design_choice_fr: str | None = None
    corrections: list[CorrectionOut] = []


def provenance(p: dict | None, sources: dict) -> Provenance:
    """The API form of a stored provenance value; `sources` maps codes to CatalogueSource rows."""
    p = p or {}
    refs = [SourceRef(code=s.code, title=s.title, issuer=s.issuer, issued=s.issued,
                      reference=s.reference, url=s.url, checked_on=s.checked_on)
            for s in (sources.get(code) for code in p.get("sources", [])) if s is not None]
    fields = {k: p.get(k) for k in ("source_detail", "source_note_en", "source_note_fr",
                                    "unsourced_en", "unsourced_fr", "design_choice_en",
                                    "design_choice_fr")}
    return Provenance(sources=refs, corrections=[CorrectionOut(**c) for c in
                                                 p.get("corrections", [])], **fields)
