"""Certificates are PDF/A-3b files carrying their credentials as associated files (checked by
tests/integration/certification/pdfa_check.py; the worst-case layout tests check each kind too),
issued one by one or cut from a bulk render; and a certificate issued before, a plain PDF with
plain attachments, is still read and found genuine."""
import io

from pypdf import PdfReader, PdfWriter

from app.certification import services
from app.certification.rendering import pdf
from app.certification.issuing import bulk
from tests.factories_certification import CODES, ON, embedded_credential, embedded_open_badge
from tests.integration.certification import pdfa_check
from tests.integration.certification.test_upload_check import result_of, upload


def test_an_issued_certificate_is_pdf_a_3b_with_its_credentials_associated(
        app, db, cert_env, trained):
    cert = services.issue_individual(trained(), CODES, None, ON)
    db.session.commit()
    data = (cert_env.dir / cert.pdf_path).read_bytes()
    assert pdfa_check.problems(data) == []
    assert embedded_credential(data)["payload"]["serial"] == cert.serial
    assert embedded_open_badge(data)["id"].endswith(cert.token)


def test_bulk_certificates_cut_from_one_render_are_pdf_a_3b_too(app, db, cert_env,
                                                                certifiable_unit):
    from app.timeutil import today

    setup = certifiable_unit(size=3)
    drafts = bulk.plan(setup.unit, "L2", today()).drafts
    certs, documents = bulk.issue_chunk(drafts, None, today())
    db.session.commit()
    assert len(certs) == 3
    for cert in certs:
        data = (cert_env.dir / cert.pdf_path).read_bytes()
        assert pdfa_check.problems(data) == [], cert.serial
        assert embedded_credential(data)["payload"]["serial"] == cert.serial
    assert pdfa_check.problems(documents[0]) == []  # the merged download's source


def test_the_checker_refuses_a_pdf_that_is_not_pdf_a(app, cert_env):
    """The checks can fail: a plain WeasyPrint PDF with plain attachments, and a page cut out
    without what makes its document PDF/A, are both reported."""
    files = {"credential.json": b"{}"}
    with app.test_request_context():
        document = pdf.layout("<p>Plain</p>")
        plain = document.write_pdf(attachments=[])
        whole = pdf.write(document)
    writer = PdfWriter()
    writer.add_page(PdfReader(io.BytesIO(whole)).pages[0])
    writer.add_attachment("credential.json", files["credential.json"])
    out = io.BytesIO()
    writer.write(out)
    for data in (plain, out.getvalue()):
        found = pdfa_check.problems(data)
        assert any("XMP pdfaid" in f for f in found), found
        assert any("output intent" in f for f in found), found
    assert any("not in the catalogue's AF" in f for f in pdfa_check.problems(out.getvalue()))


def test_a_certificate_issued_before_pdf_a_is_still_genuine(app, db, client, cert_env,
                                                            trained):
    """A file as certificates were written before (no PDF/A, attachments without AF) with the
    same credentials: the upload check reads them and finds the stored file."""
    from app.certification.rendering import storage

    cert = services.issue_individual(trained(), CODES, None, ON)
    db.session.commit()
    issued = (cert_env.dir / cert.pdf_path).read_bytes()
    reader = PdfReader(io.BytesIO(issued))
    writer = PdfWriter()
    writer.add_page(reader.pages[0])
    for name, contents in reader.attachments.items():
        writer.add_attachment(name, contents[0])
    out = io.BytesIO()
    writer.write(out)
    old = out.getvalue()
    assert pdfa_check.problems(old) != []
    (cert_env.dir / cert.pdf_path).write_bytes(old)
    cert.pdf_sha256 = storage.sha256(old)
    db.session.commit()
    response = upload(client, old)
    assert response.status_code == 200 and result_of(response) == "genuine"
