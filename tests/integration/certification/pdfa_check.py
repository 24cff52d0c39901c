"""What a PDF/A-3b file must carry, read back with pikepdf (qpdf), for the certificates' PDFs.

No PDF/A validator is packaged for Debian, PyPI or npm here (veraPDF is not), so these are the
structural requirements of ISO 19005-3 level B that the certificates could break, each checked:
qpdf finds the file sound; the XMP metadata says pdfaid:part 3, conformance B, and agrees with
the info dictionary; an output intent GTS_PDFA1 with an RGB ICC profile; a file identifier;
every font embedded; no encryption, JavaScript or actions; and each embedded file an associated
file (in the catalogue's AF, with /F, /UF, AFRelationship, a MIME subtype and a ModDate).
"""
import io

import pikepdf

RELATIONSHIPS = {"credential.json": "/Source", "open-badge-credential.json": "/Alternative"}


def _fonts(pdf: pikepdf.Pdf):
    for page in pdf.pages:
        resources = page.obj.get("/Resources", {})
        stack = [resources]
        while stack:
            res = stack.pop()
            for font in res.get("/Font", {}).values():
                yield font
            for xobject in res.get("/XObject", {}).values():
                if "/Resources" in xobject:
                    stack.append(xobject.Resources)


def _font_embedded(font) -> bool:
    if font.get("/Subtype") == "/Type3":
        return True  # glyphs drawn by the font's own content streams
    if font.get("/Subtype") == "/Type0":
        font = font.DescendantFonts[0]
    descriptor = font.get("/FontDescriptor")
    return descriptor is not None and any(k in descriptor
                                          for k in ("/FontFile", "/FontFile2", "/FontFile3"))


def problems(data: bytes) -> list[str]:
    found = []
    if not data.startswith(b"%PDF-1.") or not all(b > 127 for b in data.split(b"\n")[1][1:5]):
        found.append("header: no %PDF-1.n line followed by a binary comment")
    with pikepdf.open(io.BytesIO(data)) as pdf:
        found += [f"qpdf: {p}" for p in pdf.check_pdf_syntax()]
        root = pdf.Root
        meta = pdf.open_metadata()
        if meta.pdfa_status != "3B":
            found.append(f"XMP pdfaid: {meta.pdfa_status!r}, not 3B")
        producer = str(pdf.docinfo.get("/Producer", ""))
        if producer != meta.get("pdf:Producer"):
            found.append(f"Producer {producer!r} differs from XMP {meta.get('pdf:Producer')!r}")
        if "/Title" in pdf.docinfo and str(pdf.docinfo.Title) != meta.get("dc:title"):
            found.append("Title differs from XMP dc:title")
        intents = [i for i in root.get("/OutputIntents", []) if i.get("/S") == "/GTS_PDFA1"]
        profile = intents[0].DestOutputProfile if intents else None
        if profile is None or profile.get("/N") != 3 or profile.read_bytes()[36:40] != b"acsp":
            found.append("no GTS_PDFA1 output intent with an RGB ICC profile")
        if "/ID" not in pdf.trailer or len(pdf.trailer.ID) != 2:
            found.append("no file identifier")
        if pdf.is_encrypted or "/OpenAction" in root or "/AA" in root or (
                "/Names" in root and "/JavaScript" in root.Names):
            found.append("encryption, JavaScript or actions")
        found += [f"font {f.get('/BaseFont')} not embedded" for f in _fonts(pdf)
                  if not _font_embedded(f)]
        listed = {spec.objgen for spec in root.get("/AF", [])}
        for name, attached in pdf.attachments.items():
            spec = attached.obj
            stream = spec.EF.F
            if spec.objgen not in listed:
                found.append(f"{name}: not in the catalogue's AF")
            if spec.get("/AFRelationship") != RELATIONSHIPS.get(name, "/Unspecified"):
                found.append(f"{name}: relationship {spec.get('/AFRelationship')}")
            if "/F" not in spec or "/UF" not in spec:
                found.append(f"{name}: file specification without /F and /UF")
            if stream.get("/Subtype") != "/application/json":
                found.append(f"{name}: MIME type {stream.get('/Subtype')}")
            if "/ModDate" not in stream.get("/Params", {}):
                found.append(f"{name}: no ModDate")
    return found
