"""Hostile PDFs for the upload check, written byte by byte (fast, whatever their size)."""
import zlib


def pdf(objects: list[bytes], end: bytes = b"endobj") -> bytes:
    """A PDF of `objects` (object 1 is the catalogue), with a classic cross-reference table;
    `end` is what closes each object (pypdf reads objects without it too)."""
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\n%s\n" % (number, body, end)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1, xref)
    return bytes(out)


def many_attachments(count: int, ef: bytes = b"/EF", extra_objects: int = 0,
                     end: bytes = b"endobj") -> bytes:
    """A valid PDF whose catalogue names `count` embedded files (each a tiny stream with its
    file specification): the shape of the 20,000-attachment upload that kept a worker busy.
    `ef` spells the specification's /EF key (`/E#46` is the same name, hidden from a byte
    count); `extra_objects` adds that many unused objects."""
    objects = [b"<< /Type /Catalog /Pages 2 0 R /Names 3 0 R >>",
               b"<< /Type /Pages /Kids [] /Count 0 >>", b"<< /EmbeddedFiles 4 0 R >>"]
    first = 5
    objects.append(b"<< /Names [" + b" ".join(
        b"(f%06d.txt) %d 0 R" % (i, first + 2 * i + 1) for i in range(count)) + b"] >>")
    for i in range(count):
        body = b"x%06d" % i
        objects.append(b"<< /Type /EmbeddedFile /Length %d >>\nstream\n%s\nendstream"
                       % (len(body), body))
        objects.append(b"<< /Type /Filespec /F (f%06d.txt) %s << /F %d 0 R >> >>"
                       % (i, ef, first + 2 * i))
    objects += [b"<< /Unused %d >>" % i for i in range(extra_objects)]
    return pdf(objects, end)


def decompression_work(output_mb: int = 70) -> bytes:
    """A 'credential.json' whose few compressed bytes expand into `output_mb` MB of one-byte
    run-length literals: tens of millions of decoding steps from a file of some 100 KB."""
    packed = zlib.compress(b"\x000" * (output_mb * 1024 * 1024 // 2), 9)
    objects = [b"<< /Type /Catalog /Pages 2 0 R /Names 3 0 R >>",
               b"<< /Type /Pages /Kids [] /Count 0 >>", b"<< /EmbeddedFiles 4 0 R >>",
               b"<< /Names [(credential.json) 6 0 R] >>",
               b"<< /Type /EmbeddedFile /Filter [/FlateDecode /RunLengthDecode] /Length %d >>\n"
               b"stream\n%s\nendstream" % (len(packed), packed),
               b"<< /Type /Filespec /F (credential.json) /EF << /F 5 0 R >> >>"]
    return pdf(objects)
