"""Public, rate-limited verification: /verify/<token>, an upload check, the public keys, the
site's DID document, a certificate's Open Badges credential by its token, and the status lists.

The `verification` blueprint is public as a whole: nothing here needs a login, and nothing else
is in it. Unknown tokens get the same 404 as any other missing page; reads across Member States
are deliberate and limited to the public fields.
"""
from flask import (Blueprint, abort, current_app, jsonify, redirect, render_template, request,
                   session, url_for)
from flask_babel import gettext as _
from sqlalchemy import select
from werkzeug.exceptions import RequestEntityTooLarge

from app import errors
from app.credentials import signing
from app.certification.verification.forms import LookupForm, UploadForm
from app.certification.models import Certificate
from app.certification.verification import public_cache, status_list
from app.certification.verification.lookup import check_file, find_by_serial, look_up
from app.certification.words import Words, check_error
from app.credentials import issuing
from app.extensions import csrf, db, limiter
from app.i18n import select_locale
from app.tenancy import UNRESTRICTED
from app.timeutil import today

bp = Blueprint("verification", __name__)


@bp.context_processor
def _words():
    return {"cert_words": Words, "on_today": today()}


def verify_limit() -> str:
    return current_app.config.get("VERIFY_LIMIT", "60 per minute")


def check_limit() -> str:
    return current_app.config.get("VERIFY_CHECK_LIMIT", "10 per minute")


def _index(form=None, lookup=None):
    """The /verify page with its two forms (the one that was posted keeps its input and errors)."""
    return render_template("certificates/verify_index.html",
                           form=UploadForm(formdata=None) if form is None else form,
                           lookup=LookupForm(formdata=None) if lookup is None else lookup)


@bp.route("/verify")
@limiter.shared_limit(verify_limit, scope="certificate-verify")
def verify_index():
    return _index()


@bp.route("/verify/lookup", methods=["POST"])
@limiter.shared_limit(check_limit, scope="certificate-check")
@csrf.exempt  # read-only and session-less: nothing to forge (see LookupForm)
def verify_lookup():
    """Printed serial + holder's surname -> the certificate's verify page. Posted, so the
    surname stays out of addresses and logs; one answer for every miss."""
    lookup = LookupForm()
    if not lookup.validate():
        return _index(lookup=lookup), 400
    token = find_by_serial(lookup.serial.data, lookup.surname.data)
    if token is None:
        lookup.form_errors.append(_("No certificate matches this serial and surname. Check "
                                    "both against the paper certificate."))
        return _index(lookup=lookup), 404
    return redirect(url_for("verification.verify", token=token), 303)


@bp.route("/verify/<token>")
@limiter.shared_limit(verify_limit, scope="certificate-verify")
def verify(token):
    """The public record of a certificate. For a visitor without a session (someone who scanned
    the QR code) the page is the same for everyone with the same language on the same day, so
    it is served from the verify cache, which every status change refreshes at once."""
    on = today()
    shared = not session and not request.query_string
    key = public_cache.page_key(token, on, select_locale()) if shared else None
    html = public_cache.get(key) if key else None
    if html is None:
        record = look_up(token, on)
        if record is None:
            abort(404)
        html = render_template("certificates/verify.html", r=record, token=token,
                               form=UploadForm())
        if key:
            public_cache.put(key, html)
    response = current_app.make_response(html)
    response.headers["Cache-Control"] = "no-store"  # the status may change at any time
    return response


@bp.route("/verify/check", methods=["POST"])
@limiter.shared_limit(check_limit, scope="certificate-check")
@csrf.exempt  # read-only and session-less: nothing to forge (see UploadForm)
def verify_check():
    """Check an uploaded PDF (signed by our key, matching our record, and the very file issued)
    or an Open Badges credential's JSON, uploaded or pasted (signed by us, the one issued)."""
    form = UploadForm()
    if not form.validate_on_submit():
        return _index(form=form), 400
    result = check_file(form.data_to_check(), today())
    status = 200 if result.error is None else 422
    return render_template("certificates/verify_check.html", result=result, form=form), status


@bp.errorhandler(RequestEntityTooLarge)
def request_too_large(error):
    """A request over the app's size limit: on the check form, the same refusal on the form as
    for any file over 5 MB, naming the limit; elsewhere the usual error page."""
    if request.endpoint != "verification.verify_check":
        return errors.handle_http(error)
    form = UploadForm(formdata=None)
    form.pdf.errors = [check_error("too_large")]
    return _index(form=form), 413


@bp.route("/.well-known/pkt-signing-keys.json")
@limiter.shared_limit(verify_limit, scope="certificate-verify")
def signing_keys():
    """The public keys certificates are signed with (JWKS-like), to verify offline."""
    response = jsonify(keys=signing.published_keys(),
                       about=_("Ed25519 keys (alg EdDSA) that sign the credential.json embedded "
                               "in certificate PDFs; the signature covers the RFC 8785 "
                               "canonical JSON of its payload."))
    response.headers["Cache-Control"] = "public, max-age=3600"
    return response


@bp.route("/status/<purpose>/<int:list_no>")
@limiter.shared_limit(verify_limit, scope="certificate-verify")
def status_list_document(purpose, list_no):
    """A signed W3C Bitstring Status List (revocation or suspension), for offline verifiers."""
    try:
        body = status_list.document(purpose, list_no)
    except signing.SigningKeyMissing:
        abort(503)
    if body is None:
        abort(404)
    response = current_app.response_class(body, mimetype="application/json")
    response.headers["Cache-Control"] = f"public, max-age={status_list.TTL_SECONDS}"
    return response


OPEN_BADGE_MIMETYPE = "application/ld+json"


def open_badge_response(cert: Certificate | None):
    """A certificate's Open Badges credential as issued, as a download (404 if it has none)."""
    if cert is None or not cert.open_badge:
        abort(404)
    response = current_app.response_class(cert.open_badge, mimetype=OPEN_BADGE_MIMETYPE)
    response.headers["Content-Disposition"] = \
        f'attachment; filename="{cert.serial}-open-badge.json"'
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.route("/.well-known/did.json")
@bp.route("/did.json")  # did:web for a PUBLIC_BASE_URL with a path: <path>/did.json
@limiter.shared_limit(verify_limit, scope="certificate-verify")
def did_document():
    """The site's DID document: every published signing key as a Multikey assertion method."""
    response = jsonify(issuing.did_document())
    response.mimetype = "application/did+ld+json"
    response.headers["Cache-Control"] = "public, max-age=3600"
    return response


@bp.route("/verify/<token>/credential.json")
@limiter.shared_limit(verify_limit, scope="certificate-verify")
def verify_credential(token):
    """A certificate's Open Badges credential, by its verification token (same 404 as any
    miss)."""
    if not token or len(token) > 64:
        abort(404)
    return open_badge_response(db.session.scalar(
        select(Certificate).where(Certificate.token == token)
        .execution_options(scope=UNRESTRICTED)))
