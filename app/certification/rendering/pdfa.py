"""PDF/A-3b for the PDFs pypdf cuts out of a bulk render (app/certification/rendering/pdf.py
`split`).

WeasyPrint writes a document as PDF/A-3b (pdf.PDF_VARIANT): XMP metadata naming the part and
conformance, an sRGB output intent, embedded fonts, a file identifier, and each attached file as
an associated file (AF) with its relationship. A page that pypdf copies into a new file takes its
fonts and images along but none of the catalogue's entries, so `carry_over` copies them from the
whole document (metadata, output intents, language, the info dictionary that must match the
metadata) and gives the file its own identifier, and `attach` embeds a file the way PDF/A-3 asks:
MIME type, modification date, both file names, relationship, listed in the catalogue's AF array.
"""
from datetime import datetime, timezone

from pypdf import PdfReader, PdfWriter
from pypdf.generic import (ArrayObject, NameObject, NumberObject, TextStringObject,
                           create_string_object)

CATALOGUE_ENTRIES = ("/Metadata", "/OutputIntents", "/Lang", "/MarkInfo")


def carry_over(reader: PdfReader, writer: PdfWriter) -> None:
    """Copy what makes `reader`'s document PDF/A into `writer`'s (a page of it)."""
    source = reader.trailer["/Root"]
    for key in CATALOGUE_ENTRIES:
        if key in source:
            writer.root_object[NameObject(key)] = source.raw_get(key).clone(writer)
    info = reader.trailer.get("/Info")
    if info is not None:
        writer.add_metadata({key: value for key, value in info.get_object().items()})
    writer.generate_file_identifiers()


def attach(writer: PdfWriter, name: str, data: bytes, relationship: str,
           description: str | None, media_type: str = "application/json") -> None:
    """Embed `data` as an associated file of the whole document."""
    embedded = writer.add_attachment(name, data)
    embedded.subtype = NameObject("/" + media_type)  # pypdf writes "/" in a name as #2F
    embedded.modification_date = datetime.now(timezone.utc).replace(microsecond=0)
    embedded.size = NumberObject(len(data))
    spec = embedded.pdf_object
    spec[NameObject("/UF")] = create_string_object(name)
    spec[NameObject("/AFRelationship")] = NameObject("/" + relationship)
    if description:
        spec[NameObject("/Desc")] = TextStringObject(description)
    listed = writer.root_object.setdefault(NameObject("/AF"), ArrayObject())
    listed.append(spec.indirect_reference)


