"""The check page gives one verdict per case, in words and a colour that agree: the file
(genuine or not) and, for a genuine file, the certificate's status today. Nothing on the page
contradicts the verdict (no green banner above a red badge, no green badge under a red banner),
and an upload over the size limit is refused on the form, naming the limit."""
import re
from datetime import timedelta

import pytest
from pypdf import PdfReader, PdfWriter

from app.certification import services
from tests.factories_certification import CODES, stored_pdf
from tests.integration.certification.test_upload_check import upload

TONE_OF = re.compile(r'class="(?:alert alert|badge text-bg|badge bg)-(success|warning|danger|secondary)')


def verdict(response):
    """(data-result, data-status, data-tone, every tone coloured on the page)."""
    html = response.get_data(as_text=True)
    found = re.search(r'id="check-result" data-result="([\w-]+)" data-status="(\w*)" '
                      r'data-tone="(\w+)"', html)
    assert found, html[:2000]
    return (*found.groups(), set(TONE_OF.findall(html)))


@pytest.fixture
def issued_pdf(app, db, cert_env, trained):
    from app.timeutil import today

    def issue():
        cert = services.issue_individual(trained(completed_on=today().replace(day=1)), CODES,
                                         None, today())
        db.session.commit()
        return cert, stored_pdf(app, cert)
    return issue


def test_a_genuine_valid_certificate_is_green_throughout(client, issued_pdf):
    cert, data = issued_pdf()
    response = upload(client, data)
    assert verdict(response) == ("genuine", "valid", "success", {"success"})
    assert "Genuine and valid." in response.get_data(as_text=True)
    assert cert.serial in response.get_data(as_text=True)


@pytest.mark.parametrize("change, status, tone, words", [
    (lambda c: services.revoke(c, "issued_in_error", None), "revoked", "danger",
     "Genuine, but revoked: not valid."),
    (lambda c: services.suspend(c, "under_review", None), "suspended", "warning",
     "Genuine, but suspended: not valid while suspended."),
])
def test_a_genuine_file_of_a_certificate_no_longer_valid_says_so_in_one_colour(
        client, db, issued_pdf, change, status, tone, words):
    cert, data = issued_pdf()
    change(cert)
    db.session.commit()
    response = upload(client, data)
    assert verdict(response) == ("genuine", status, tone, {tone})
    assert words in response.get_data(as_text=True)
    assert "Genuine and valid." not in response.get_data(as_text=True)


def test_a_corrected_certificate_s_old_file_points_to_the_new_one(client, db, issued_pdf):
    from app.timeutil import today

    cert, data = issued_pdf()
    successor = services.correct(cert, None, today())
    db.session.commit()
    response = upload(client, data)
    assert verdict(response) == ("genuine", "superseded", "secondary", {"secondary"})
    assert successor.serial in response.get_data(as_text=True)


def test_an_expired_certificate_s_file(client, issued_pdf, monkeypatch):
    cert, data = issued_pdf()
    monkeypatch.setattr("app.certification.verification.views.today",
                        lambda: cert.expires_on + timedelta(days=1))
    response = upload(client, data)
    assert verdict(response) == ("genuine", "expired", "warning", {"warning"})
    assert "Genuine, but expired: not valid today." in response.get_data(as_text=True)


def _edited(data):
    import io
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(data)))
    writer.add_metadata({"/Title": "Edited"})
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


@pytest.mark.parametrize("revoked", [False, True])
def test_a_modified_file_is_red_and_shows_no_status_badge(client, db, issued_pdf, revoked):
    cert, data = issued_pdf()
    if revoked:
        services.revoke(cert, "issued_in_error", None)
        db.session.commit()
    response = upload(client, _edited(data))
    assert verdict(response) == ("modified", "", "danger", {"danger"})
    html = response.get_data(as_text=True)
    assert "Not genuine: this file has been changed." in html
    assert 'data-status="valid"' not in html and "Genuine and valid." not in html
    assert f'/verify/{cert.token}' in html  # the record it claims to be, one click away


def test_a_file_with_a_forged_signature_is_red(client, issued_pdf):
    from tests.integration.certification.test_upload_check import _with_credential
    from tests.factories_certification import embedded_credential
    import rfc8785

    _cert, data = issued_pdf()
    credential = embedded_credential(data)
    credential["payload"]["expires_on"] = "2099-12-31"
    response = upload(client, _with_credential(data, rfc8785.dumps(credential)))
    assert verdict(response) == ("bad-signature", "", "danger", {"danger"})


def test_not_a_pdf_is_red(client, cert_env):
    response = upload(client, b"hello")
    assert response.status_code == 422
    assert verdict(response) == ("error", "", "danger", {"danger"})


def _size_refusal(response):
    html = response.get_data(as_text=True)
    assert 'action="/verify/check"' in html, "not the check form"
    assert re.search(r'class="invalid-feedback d-block">The file is larger than 5 MB.<', html)


def test_a_file_over_5_mb_is_refused_on_the_form(client, cert_env):
    response = upload(client, b"%PDF-1.7\n" + b"0" * (5 * 1024 * 1024 + 10))
    assert response.status_code == 400
    _size_refusal(response)


def test_a_request_over_the_app_limit_is_refused_on_the_form_too(app, client, cert_env):
    over = app.config["MAX_CONTENT_LENGTH"] + 1024
    response = upload(client, b"%PDF-1.7\n" + b"0" * over)
    assert response.status_code == 413
    _size_refusal(response)
    assert "(413)" not in response.get_data(as_text=True)  # not the bare error page


def test_in_french_the_size_refusal_names_the_limit(app, client, cert_env):
    over = app.config["MAX_CONTENT_LENGTH"] + 1024
    response = client.post("/verify/check", data=b"%PDF" + b"0" * over,
                           content_type="multipart/form-data; boundary=x",
                           headers={"Accept-Language": "fr"})
    assert response.status_code == 413
    assert "5 Mo" in response.get_data(as_text=True)
