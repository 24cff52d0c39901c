"""Checking an uploaded PDF: genuine, edited, re-signed, foreign, hostile."""
import io
import json

import pytest
import rfc8785
from pypdf import PdfReader, PdfWriter

from app.certification import services
from tests.factories_certification import CODES, embedded_credential, stored_pdf


@pytest.fixture
def genuine(app, db, cert_env, trained):
    from app.timeutil import today

    cert = services.issue_individual(trained(completed_on=today().replace(day=1)), CODES, None,
                                     today())
    db.session.commit()
    return cert, stored_pdf(app, cert)


def upload(client, data, name="certificate.pdf", url="/verify/check"):
    """POST `data` as multipart field `pdf` (body built here: Werkzeug's test client leaves the
    temporary file it spools large bodies to unclosed)."""
    boundary = "----pkt-test-boundary"
    body = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"pdf\"; filename=\"{name}\"\r\n"
            f"Content-Type: application/pdf\r\n\r\n").encode() + data + \
        f"\r\n--{boundary}--\r\n".encode()
    return client.post(url, data=body, content_type=f"multipart/form-data; boundary={boundary}")


def result_of(response):
    import re
    found = re.search(r'data-result="([\w-]+)"', response.get_data(as_text=True))
    return found.group(1) if found else None


def rewrite(data, edit):
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(data)))
    edit(writer)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def test_genuine_pdf(client, genuine):
    cert, data = genuine
    response = upload(client, data)
    assert response.status_code == 200 and result_of(response) == "genuine"
    assert cert.serial in response.get_data(as_text=True)
    api = upload(client, data, url="/api/v1/certificates/check")
    assert api.status_code == 200
    assert api.json["genuine"] is True and api.json["certificate"]["serial"] == cert.serial


def test_edited_pdf_is_rejected(client, genuine):
    _cert, data = genuine
    edited = rewrite(data, lambda w: w.add_metadata({"/Title": "Edited"}))
    response = upload(client, edited)
    assert result_of(response) == "modified"
    api = upload(client, edited, url="/api/v1/certificates/check").json
    assert (api["genuine"], api["signature_ok"], api["record_ok"], api["file_ok"]) == \
        (False, True, True, False)
    appended = data + b"\n% an incremental edit\n"
    assert result_of(upload(client, appended)) == "modified"


def _with_credential(data, credential: bytes) -> bytes:
    """The same visible PDF carrying a different credential.json."""
    reader = PdfReader(io.BytesIO(data))
    writer = PdfWriter()
    writer.append(reader)  # pages only: the original attachment is left behind
    writer.add_attachment("credential.json", credential)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def test_changed_credential_fails_the_signature(client, genuine):
    _cert, data = genuine
    credential = embedded_credential(data)
    credential["payload"]["expires_on"] = "2099-12-31"
    forged = _with_credential(data, rfc8785.dumps(credential))
    assert result_of(upload(client, forged)) == "bad-signature"


def test_credential_signed_with_another_key_fails(client, genuine, tmp_path):
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    from app.credentials.signing import b64url
    _cert, data = genuine
    credential = embedded_credential(data)
    other = Ed25519PrivateKey.generate()
    credential["signature"] = b64url(other.sign(rfc8785.dumps(credential["payload"])))
    forged = _with_credential(data, rfc8785.dumps(credential))
    assert result_of(upload(client, forged)) == "bad-signature"


@pytest.mark.parametrize("data, error", [
    (b"hello, not a pdf", "not_pdf"),
    (b"%PDF-1.7\n1 0 obj << /Type /Catalog /Pages 2 0 R >>\nendobj\ntrailer << /Root 1 0 R >>\n"
     b"%%EOF", "no_credential"),
    (b"%PDF-1.7\n" + b"\x00\xff" * 5000, "unreadable"),
])
def test_foreign_and_hostile_files_get_a_clear_error(client, cert_env, data, error):
    response = upload(client, data)
    assert response.status_code == 422
    api = upload(client, data, url="/api/v1/certificates/check")
    assert api.status_code == 422 and api.json["error"] in (error, "unreadable")
    assert b"Traceback" not in response.data


def test_plain_weasyprint_pdf_without_credential(app, client, cert_env):
    from app.certification.rendering.pdf import render_pdf
    with app.test_request_context():
        data = render_pdf("<p>Certificate of nothing</p>")
    assert upload(client, data).status_code == 422


def test_size_limits(client, cert_env):
    big = b"%PDF-1.7\n" + b"0" * (5 * 1024 * 1024 + 10)
    response = upload(client, big)
    assert response.status_code == 400
    assert "5 MB" in response.get_data(as_text=True)
    assert upload(client, big, url="/api/v1/certificates/check").status_code == 422
    assert upload(client, b"%PDF-1.7", name="x.txt").status_code == 400


def test_a_foreign_pdf_with_a_huge_credential(client, genuine):
    _cert, data = genuine
    forged = _with_credential(data, json.dumps({"payload": "x" * 70000}).encode())
    response = upload(client, forged)
    assert response.status_code == 422
