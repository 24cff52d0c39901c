"""Certificate codes in the user's language (statuses, kinds, refusals, reasons, check errors)."""
from dataclasses import dataclass

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from app.certification.forms import REVOKE_REASON_LABELS, SUSPEND_REASON_LABELS
from app.certification.kinds import CertificateKind, CertificateStatus
from app.readiness.reasons import NOT_COUNTED_LABELS

S, K = CertificateStatus, CertificateKind
STATUS = {
    S.VALID: _l("Valid"), S.EXPIRED: _l("Expired"), S.SUSPENDED: _l("Suspended"),
    S.REVOKED: _l("Revoked"), S.SUPERSEDED: _l("Superseded"),
    "invalid": _l("Invalid: the record fails its signature check"),
}
STATUS_CLASS = {S.VALID: "success", S.EXPIRED: "warning", S.SUSPENDED: "warning",
                S.REVOKED: "danger", S.SUPERSEDED: "secondary", "invalid": "danger"}
KIND = {
    K.INDIVIDUAL: _l("Individual training certificate"),
    K.TRAINER: _l("Trainer qualification certificate"),
    K.UNIT: _l("Unit pre-deployment training certificate"),
}
LIFECYCLE = {
    "not_valid": _l("Only a valid certificate can be suspended."),
    "not_suspended": _l("This certificate is not suspended."),
    "already_revoked": _l("This certificate is already revoked; a revocation is final."),
    "bad_reason": _l("Choose one of the listed reasons."),
    "not_authentic": _l("This certificate's stored record fails its signature check, so it "
                        "cannot be corrected automatically. Revoke it and issue a new one."),
}
JOB_STATUS = {"queued": _l("Waiting"), "running": _l("Running"), "done": _l("Finished"),
              "failed": _l("Stopped")}
CHECK_ERRORS = {
    "too_large": _l("The file is larger than 5 MB."),
    "not_pdf": _l("This file is not a PDF."),
    "unreadable": _l("This PDF could not be read. It may be damaged or not a certificate."),
    "timeout": _l("This PDF took too long to read and was not checked."),
    "too_complex": _l("This PDF has more parts or attached files than a certificate issued here "
                      "and was not checked."),
    "no_credential": _l("This PDF carries no signed credential: it is not a certificate issued "
                        "here."),
    "bad_credential": _l("The credential inside this PDF is malformed."),
    "bad_json": _l("This text is not the JSON of an Open Badges credential."),
}


# The upload check's one verdict: the file (genuine or not) and, for a genuine file, the
# certificate's status today; its tone is the status badge's colour, so banner and badge agree.
FILE_VERDICTS = {
    "modified": (_l("Not genuine: this file has been changed."),
                 _l("The signed data inside is ours, but this file is not the one we issued: its "
                    "visible content may differ from what was certified. Do not rely on it.")),
    "unknown": (_l("Not genuine: we issued no such certificate."),
                _l("The signature verifies, but we hold no matching certificate.")),
    "bad-signature": (_l("Not genuine: the signature does not verify."),
                      _l("The signature inside this file does not verify with our keys. Do not "
                         "rely on it.")),
}
GENUINE_VERDICTS = {
    "valid": (_l("Genuine and valid."),
              _l("This file is the certificate we issued, unchanged; its signature verifies and "
                 "the certificate is valid today.")),
    "expired": (_l("Genuine, but expired: not valid today."),
                _l("This file is the certificate we issued, unchanged, but its validity has "
                   "ended.")),
    "suspended": (_l("Genuine, but suspended: not valid while suspended."),
                  _l("This file is the certificate we issued, unchanged, but the issuer has "
                     "suspended it.")),
    "revoked": (_l("Genuine, but revoked: not valid."),
                _l("This file is the certificate we issued, unchanged, but the issuer has "
                   "revoked it; a revocation is final.")),
    "superseded": (_l("Genuine, but replaced by a newer certificate: rely on that one."),
                   _l("This file is the certificate we issued, unchanged, but a newer "
                      "certificate replaces it.")),
    "invalid": (_l("Not valid: our record of this certificate fails its signature check."),
                _l("Do not rely on this certificate. Contact the issuer.")),
}


@dataclass(frozen=True)
class Verdict:
    result: str  # genuine | modified | unknown | bad-signature | error
    status: str | None  # the certificate's status today, for a genuine file
    tone: str  # Bootstrap colour: success | warning | danger | secondary
    headline: str
    detail: str


def verdict(check) -> Verdict:
    """The one answer an upload check gives (UploadCheck, app/certification/verification/
    lookup.py)."""
    if check.error is not None:
        return Verdict("error", None, "danger", check_error(check.error), "")
    if check.genuine:
        status = check.record["status"]
        headline, detail = GENUINE_VERDICTS[status]
        if check.json_only:  # an Open Badges credential's JSON, not a certificate's file
            detail = _l("Genuine: this is the Open Badges credential we issued for this "
                        "certificate, unchanged, and its signature verifies.")
        return Verdict("genuine", status, status_class(status), str(headline), str(detail))
    result = "modified" if check.signature_ok and check.record_ok else \
        "unknown" if check.signature_ok else "bad-signature"
    headline, detail = FILE_VERDICTS[result]
    return Verdict(result, None, "danger", str(headline), str(detail))


def kind_label(kind: str) -> str:
    return str(KIND.get(kind, kind))


def certificate_status_label(status: str) -> str:
    return str(STATUS.get(status, status))


def reason_label(reason: str | None) -> str:
    if not reason:
        return ""
    return str(REVOKE_REASON_LABELS.get(reason) or SUSPEND_REASON_LABELS.get(reason) or reason)


def lifecycle_message(code: str) -> str:
    return str(LIFECYCLE.get(code, code))


def refusal_message(refusal) -> str:
    """One refusal in words."""
    p = dict(refusal.params)
    code = refusal.code
    if code == "no_standards":
        return _("Choose at least one standard.")
    if code == "too_many_standards":
        return _("%(count)d standards chosen; a certificate covers at most %(max)d.", **p)
    if code == "unknown_standard":
        return _("%(standard)s is not a standard in the catalogue.", **p)
    if code == "missing":
        return _("%(standard)s: no pass recorded.", **p)
    if code == "expired":
        return _("%(standard)s: the last pass expired (valid until %(date)s).",
                 standard=p["standard"], date=p["date"].isoformat())
    if code == "not_counted":
        why = ", ".join(str(NOT_COUNTED_LABELS.get(w, w)) for w in p.get("why", ()))
        return _("%(standard)s: the pass does not count (%(why)s).", standard=p["standard"],
                 why=why)
    if code == "qualification_revoked":
        return _("The trainer qualification was revoked on %(date)s.", date=p["date"].isoformat())
    if code == "qualification_not_yet_valid":
        return _("The trainer qualification is valid only from %(date)s.",
                 date=p["date"].isoformat())
    if code == "qualification_expired":
        return _("The trainer qualification expired on %(date)s.", date=p["date"].isoformat())
    if code == "qualification_signs_nothing":
        return _("No standard in the catalogue is signed off by %(qualification)s.", **p)
    if code == "qualification_missing":
        return _("The person no longer holds the %(qualification)s qualification.", **p)
    if code == "no_profile":
        return _("The catalogue has no requirement profile for %(unit_type)s at %(level)s.", **p)
    if code == "readiness":
        return p["text"]
    if code == "already_held":
        return _("A valid certificate for these standards is already held: %(serial)s (valid "
                 "until %(until)s). Nothing was issued. To replace it, choose “Re-issue, "
                 "superseding”.", serial=p["serial"], until=p["until"].isoformat())
    return code


def request_refusal(refused) -> str:
    """Why a certification request step was refused, in words (app/certification/requests.py)."""
    from app.readiness.reasons import short_reason

    code = refused.code
    if code == "already_waiting":
        return _("A request for this unit at this level already waits in the queue.")
    if code == "no_profile":
        return _("The catalogue has no requirement profile for this unit at this level.")
    if code == "not_certifiable":
        return _("The unit is not certifiable at this level: %(reasons)s.",
                 reasons="; ".join(short_reason(r) for r in refused.reasons))
    if code == "not_waiting":
        return _("This request was already answered.")
    if code == "reason_missing":
        return _("Say why the request is declined.")
    if code == "reason_long":
        return _("The reason is longer than 500 characters.")
    return code


def request_status_label(status: str) -> str:
    return str(REQUEST_STATUS.get(status, status))


REQUEST_STATUS = {"waiting": _l("Waiting in the certifying officer's queue"),
                  "issued": _l("Certificate issued"), "declined": _l("Declined")}


def refusal_messages(refusals) -> list[str]:
    return [refusal_message(r) for r in refusals]


def check_error(code: str) -> str:
    return str(CHECK_ERRORS.get(code, CHECK_ERRORS["unreadable"]))


def status_class(status: str) -> str:
    return STATUS_CLASS.get(status, "secondary")


class Words:
    """The helpers templates get as `cert_words`."""

    kind_label = staticmethod(kind_label)
    certificate_status_label = staticmethod(certificate_status_label)
    status_class = staticmethod(status_class)
    reason_label = staticmethod(reason_label)
    check_error = staticmethod(check_error)
    verdict = staticmethod(verdict)
    request_status_label = staticmethod(request_status_label)

    @staticmethod
    def job_status(status: str) -> str:
        return str(JOB_STATUS.get(status, status))
