"""The verify page checks an Open Badges credential like a PDF: a JSON file or pasted text,
and the credential inside an uploaded PDF. Ours and unchanged: genuine; changed, foreign or
re-signed: not genuine; certificates issued before it existed keep verifying."""
import copy
import io
import json

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from pypdf import PdfReader, PdfWriter

from app.certification import services
from app.credentials import proof
from app.timeutil import today
from tests.factories_certification import CODES, embedded_open_badge, stored_pdf
from tests.integration.certification.test_upload_check import result_of, upload


@pytest.fixture
def issued(app, db, cert_env, trained):
    cert = services.issue_individual(trained(completed_on=today().replace(day=1)), CODES, None,
                                     today())
    db.session.commit()
    data = stored_pdf(app, cert)
    return cert, data, embedded_open_badge(data)


def _paste(client, text):
    return client.post("/verify/check", data={"pasted": text})


def _pdf_with(data, files: dict[str, bytes]) -> bytes:
    """The same pages carrying `files` as attachments instead of the issued ones."""
    writer = PdfWriter()
    writer.append(PdfReader(io.BytesIO(data)))
    for name, content in files.items():
        writer.add_attachment(name, content)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def test_a_pasted_or_uploaded_credential_is_checked(client, issued):
    cert, _data, badge = issued
    text = json.dumps(badge, indent=1)
    for response in (_paste(client, text),
                     upload(client, text.encode(), name="badge.json")):
        assert response.status_code == 200 and result_of(response) == "genuine"
        page = response.get_data(as_text=True)
        assert cert.serial in page and "Open Badges credential we issued" in page


def test_a_changed_or_foreign_credential_is_not_genuine(client, issued):
    _cert, _data, badge = issued
    renamed = copy.deepcopy(badge)
    renamed["credentialSubject"]["name"] = "Someone Else"
    assert result_of(_paste(client, json.dumps(renamed))) == "bad-signature"
    resigned = proof.sign({k: v for k, v in renamed.items() if k != "proof"},
                          Ed25519PrivateKey.generate(), badge["proof"]["verificationMethod"],
                          badge["proof"]["created"])
    assert result_of(_paste(client, json.dumps(resigned))) == "bad-signature"
    for text in ("{not json", "[1, 2]"):
        response = _paste(client, text)
        assert response.status_code == 422 and result_of(response) == "error", text
        assert "not the JSON of an Open Badges credential" in response.get_data(as_text=True)
    assert result_of(_paste(client, '{"id": 1}')) == "bad-signature"
    empty = client.post("/verify/check", data={})
    assert empty.status_code == 400 and "paste the credential" in empty.get_data(as_text=True)


def test_the_credential_in_a_pdf_must_be_the_one_issued(app, db, client, issued, trained):
    cert, data, badge = issued
    legacy = PdfReader(io.BytesIO(data)).attachments["credential.json"][0]
    other = services.issue_individual(trained(completed_on=today().replace(day=1)), CODES,
                                      None, today())
    db.session.commit()
    swapped = _pdf_with(data, {"credential.json": legacy,
                               "open-badge-credential.json": json.dumps(
                                   embedded_open_badge(stored_pdf(app, other))).encode()})
    assert result_of(upload(client, swapped)) != "genuine"
    api = upload(client, swapped, url="/api/v1/certificates/check").json
    assert api["genuine"] is False
    alone = _pdf_with(data, {"open-badge-credential.json": json.dumps(badge).encode()})
    assert result_of(upload(client, alone)) == "modified"  # ours, but not the file issued
    assert result_of(upload(client, data)) == "genuine"
