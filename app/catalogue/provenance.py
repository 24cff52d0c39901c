"""Where each catalogue fact comes from, as pydantic models (see curricula/README.md, "Sources").

`sources.toml` lists the public documents the catalogue relies on. Every standard, profile,
requirement set, edition, unit type and gender target either names one or more of them
(`sources`, with an optional `source_detail` locator and `source_note_en/_fr` for what the source
does not confirm) or says plainly, in both languages, that no public source was found and why
the entry is there (`unsourced_en/_fr`). A rule that is the product's own choice rather than UN
practice says so (`design_choice_en/_fr`). A corrected fact keeps a dated `corrections` entry:
nothing is changed silently.
Pure module: neither Flask nor SQLAlchemy.
"""
from datetime import date
from typing import Annotated

from pydantic import BaseModel, ConfigDict, StringConstraints, model_validator

Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=300)]
LongText = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=4000)]
SourceCode = Annotated[str, StringConstraints(pattern=r"^[A-Z0-9-]+$", max_length=40)]
PartialDate = Annotated[str, StringConstraints(pattern=r"^\d{4}(-\d{2}(-\d{2})?)?$")]
Url = Annotated[str, StringConstraints(pattern=r"^https?://\S+$", max_length=500)]

# Keys of the provenance an entry carries; the database keeps them together as one JSON value.
PROVENANCE_KEYS = ("sources", "source_detail", "source_note_en", "source_note_fr",
                   "unsourced_en", "unsourced_fr", "design_choice_en", "design_choice_fr",
                   "corrections")


class Entry(BaseModel):
    model_config = ConfigDict(strict=True, extra="forbid", frozen=True)


def _pair(model, stem: str) -> None:
    """`<stem>_en` and `<stem>_fr` are given together or not at all."""
    en, fr = getattr(model, f"{stem}_en"), getattr(model, f"{stem}_fr")
    if (en is None) != (fr is None):
        raise ValueError(f"give both {stem}_en and {stem}_fr (English and French) or neither")


class SourceEntry(Entry):
    """One public document (sources.toml)."""

    code: SourceCode
    title: Text  # as published, not translated
    issuer: Text  # the issuing office
    # edition date: YYYY, YYYY-MM or YYYY-MM-DD, as precise as the source; None: undated page
    issued: PartialDate | None = None
    reference: Text | None = None  # the document's own reference number, if it has one
    url: Url | None = None  # the public copy that was consulted
    checked_on: date  # when it was last looked up
    note_en: LongText | None = None
    note_fr: LongText | None = None

    @model_validator(mode="after")
    def _notes(self):
        _pair(self, "note")
        return self


class Correction(Entry):
    """A fact of a published entry that was corrected, when, why, and on whose authority."""

    on: date
    note_en: LongText
    note_fr: LongText
    sources: list[SourceCode] = []


class DesignChoice(Entry):
    design_choice_en: LongText | None = None
    design_choice_fr: LongText | None = None

    @model_validator(mode="after")
    def _design_choice(self):
        _pair(self, "design_choice")
        return self


class Sourced(DesignChoice):
    """Fields every sourced entry has; exactly one of `sources` or `unsourced_en/_fr`."""

    sources: list[SourceCode] = []
    source_detail: Text | None = None
    source_note_en: LongText | None = None
    source_note_fr: LongText | None = None
    unsourced_en: LongText | None = None
    unsourced_fr: LongText | None = None
    corrections: list[Correction] = []

    @model_validator(mode="after")
    def _sourced(self):
        for stem in ("source_note", "unsourced"):
            _pair(self, stem)
        if self.sources and self.unsourced_en is not None:
            raise ValueError("give either sources or unsourced_en/unsourced_fr, not both (say "
                             "what the sources do not confirm in source_note_en/_fr)")
        if not self.sources and self.unsourced_en is None:
            raise ValueError("no source: name the documents it comes from in `sources` (codes "
                             "in sources.toml), or say in unsourced_en/unsourced_fr that no "
                             "public source was found and why the entry is here")
        if not self.sources and (self.source_detail or self.source_note_en):
            raise ValueError("source_detail and source_note_en/_fr need `sources`")
        return self

    def provenance(self) -> dict:
        """The provenance fields as plain JSON (dates as ISO strings)."""
        return self.model_dump(mode="json", include=set(PROVENANCE_KEYS))

    def cited(self) -> list[tuple[str, str]]:
        """(field path, source code) for every source this entry names."""
        found = [(f"sources[{i}]", code) for i, code in enumerate(self.sources)]
        for i, correction in enumerate(self.corrections):
            found += [(f"corrections[{i}].sources[{j}]", code)
                      for j, code in enumerate(correction.sources)]
        return found
