"""The open credentials on the web: the site's DID document and each certificate's Open Badges
credential as JSON (public by verification token, and for signed-in staff from the certificate
page). The JSON served is the credential as issued; any verifier checks it against the DID
document (app/credentials)."""
from flask import abort, current_app, jsonify
from sqlalchemy import select

from app.auth.permissions import Action, require
from app.certification.models import Certificate
from app.certification.views import bp
from app.certification import views_public
from app.credentials import issuing
from app.extensions import db, limiter
from app.tenancy import UNRESTRICTED

MIMETYPE = "application/ld+json"


def verify_limit() -> str:
    return views_public.verify_limit()  # looked up when a request comes (import order)


def _download(cert: Certificate | None):
    if cert is None or not cert.open_badge:
        abort(404)
    response = current_app.response_class(cert.open_badge, mimetype=MIMETYPE)
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
    return _download(db.session.scalar(select(Certificate).where(Certificate.token == token)
                                       .execution_options(scope=UNRESTRICTED)))


@bp.route("/certificates/<int:certificate_id>/credential.json")
@require(Action.CERT_VIEW)
def certificate_credential(certificate_id):
    return _download(db.get_or_404(Certificate, certificate_id))
