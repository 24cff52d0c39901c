"""Certificate codes in the user's language (statuses, kinds, refusals, reasons, check errors)."""
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from app.certification.forms import REVOKE_REASON_LABELS, SUSPEND_REASON_LABELS

STATUS = {
    "valid": _l("Valid"), "expired": _l("Expired"), "suspended": _l("Suspended"),
    "revoked": _l("Revoked"), "superseded": _l("Superseded"),
    "invalid": _l("Invalid: the record fails its signature check"),
}
STATUS_CLASS = {"valid": "success", "expired": "warning", "suspended": "warning",
                "revoked": "danger", "superseded": "secondary", "invalid": "danger"}
KIND = {
    "individual": _l("Individual training certificate"),
    "trainer": _l("Trainer qualification certificate"),
    "unit": _l("Unit pre-deployment training certificate"),
}
NOT_COUNTED = {
    "unqualified_signer": _l("signed off by a trainer without a valid qualification"),
    "version_not_current": _l("the standard version was not current on the completion date"),
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
    "no_credential": _l("This PDF carries no signed credential: it is not a certificate issued "
                        "here."),
    "bad_credential": _l("The credential inside this PDF is malformed."),
    "bad_json": _l("This text is not the JSON of an Open Badges credential."),
}


def kind_label(kind: str) -> str:
    return str(KIND.get(kind, kind))


def status_label(status: str) -> str:
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
        why = ", ".join(str(NOT_COUNTED.get(w, w)) for w in p.get("why", ()))
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
    return code


def refusal_messages(refusals) -> list[str]:
    return [refusal_message(r) for r in refusals]


def check_error(code: str) -> str:
    return str(CHECK_ERRORS.get(code, CHECK_ERRORS["unreadable"]))


def status_class(status: str) -> str:
    return STATUS_CLASS.get(status, "secondary")


class Words:
    """The helpers templates get as `cert_words`."""

    kind_label = staticmethod(kind_label)
    status_label = staticmethod(status_label)
    status_class = staticmethod(status_class)
    reason_label = staticmethod(reason_label)
    check_error = staticmethod(check_error)

    @staticmethod
    def job_status(status: str) -> str:
        return str(JOB_STATUS.get(status, status))
