"""Public certificate checks, the JSON twins of /verify/<token> and /verify/check."""
from flask import abort, current_app, jsonify, request
from pydantic import BaseModel

from app.api.blueprint import bp
from app.api.openapi import schema
from app.certification.verification import public_cache
from app.certification.verification.lookup import MAX_UPLOAD, check_upload, look_up
from app.certification.verification.views import check_limit, verify_limit
from app.extensions import limiter
from app.timeutil import today


@schema
class CertificateStandard(BaseModel):
    code: str
    version: str


@schema
class CertificateState(BaseModel):
    iso3: str
    name_en: str
    name_fr: str


@schema
class CertificateStatus(BaseModel):
    """The public record: status and what the certificate covers, nothing personal beyond
    what it prints (no service number, sex, birth date or roster)."""

    status: str  # valid | expired | suspended | revoked | superseded | invalid
    authentic: bool
    serial: str | None
    kind: str | None  # individual | trainer | unit
    holder: str | None
    state: CertificateState | None
    standards: list[CertificateStandard]
    profile: dict | None
    qualification: dict | None
    issued_on: str | None
    expires_on: str | None
    issuer: dict
    reason: str | None
    status_changed_on: str | None
    superseded_by_token: str | None
    superseded_by_serial: str | None
    supersedes_serial: str | None
    kid: str


@schema
class CertificateCheck(BaseModel):
    genuine: bool
    error: str | None
    signature_ok: bool
    record_ok: bool
    file_ok: bool
    certificate: CertificateStatus | None


def _status(record: dict) -> dict:
    return CertificateStatus(**record).model_dump(mode="json")


@bp.route("/certificates/<token:token>")
@limiter.shared_limit(verify_limit, scope="certificate-verify")
def certificate_status(token):
    """A certificate's status by its verification token (the QR code's).
    ---
    get:
      summary: Certificate status by token
      description: Public and rate-limited. The signature is re-verified on each call; a record
        that fails it reads "invalid". Unknown tokens get 404.
      tags: [certificates]
      security: []
      parameters:
        - {in: path, name: token, required: true, schema: {type: string, maxLength: 64}}
      responses:
        200:
          description: the public record
          content: {application/json: {schema: CertificateStatus}}
        404:
          description: no certificate with this token
          content: {application/json: {schema: ApiError}}
        429:
          description: too many requests
          content: {application/json: {schema: ApiError}}
    """
    on = today()
    key = public_cache.api_key(token, on)
    body = public_cache.get(key)
    if body is None:  # look_up refuses malformed tokens; only found records are cached
        record = look_up(token, on)
        if record is None:
            abort(404)
        body = current_app.json.dumps(_status(record)) + "\n"  # as jsonify writes it
        public_cache.put(key, body)
    return current_app.response_class(body, mimetype="application/json")


@bp.route("/certificates/check", methods=["POST"])
@limiter.shared_limit(check_limit, scope="certificate-check")
def certificate_check():
    """Check an uploaded certificate PDF (multipart field `pdf`, at most 5 MB).
    ---
    post:
      summary: Check a certificate PDF is genuine
      description: Public and rate-limited. Genuine means the embedded credential's signature
        verifies with our published key, matches the issued record, and the file is byte for byte
        the issued PDF. An unreadable or foreign file is a 422 with `error` set.
      tags: [certificates]
      security: []
      requestBody:
        required: true
        content:
          multipart/form-data:
            schema:
              type: object
              required: [pdf]
              properties:
                pdf: {type: string, format: binary}
      responses:
        200:
          description: the file was read; see `genuine`
          content: {application/json: {schema: CertificateCheck}}
        400:
          description: no file under `pdf`
          content: {application/json: {schema: ApiError}}
        413:
          description: the request is too large
          content: {application/json: {schema: ApiError}}
        422:
          description: the file is not a readable certificate PDF
          content: {application/json: {schema: CertificateCheck}}
    """
    upload = request.files.get("pdf")
    if upload is None:
        abort(400, description="send the PDF as multipart field 'pdf'")
    data = upload.stream.read(MAX_UPLOAD + 1)
    result = check_upload(data, today())
    body = CertificateCheck(genuine=result.genuine, error=result.error,
                            signature_ok=result.signature_ok, record_ok=result.record_ok,
                            file_ok=result.file_ok,
                            certificate=_status(result.record) if result.record else None)
    return jsonify(body.model_dump(mode="json")), (422 if result.error else 200)
