"""Readiness verdicts in words (English and French), for the matrix and the API.

People are named only for viewers allowed to see personal data; others see the appointment.
"""
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from app.readiness.rules import HOLDING, Status

STATUS_LABELS = {
    Status.VALID: _l("Valid"),
    Status.EXPIRING: _l("Expiring soon"),
    Status.EXPIRED: _l("Expired"),
    Status.MISSING: _l("Missing"),
    Status.NOT_COUNTED: _l("Not counted"),
}
STATUS_SYMBOLS = {Status.VALID: "✓", Status.EXPIRING: "!", Status.EXPIRED: "✗",
                  Status.MISSING: "–", Status.NOT_COUNTED: "⊘"}
NOT_COUNTED_LABELS = {
    "unqualified_signer": _l("signed off by a trainer without a valid qualification"),
    "version_not_current": _l("the standard version was not current on the completion date"),
}
LANGUAGE_NAMES = {"en": _l("English"), "fr": _l("French")}
LEVEL_NAMES = {1: "UN I", 2: "UN II", 3: "UN III", 4: "UN IV"}


def person_label(row, show_names: bool) -> str:
    if show_names:
        return row.name
    return row.appointment or _("person #%(id)d", id=row.person_id)


def _who(readiness, ids, show_names: bool, limit: int = 12) -> str:
    rows = {r.person_id: r for r in readiness.rows}
    names = [person_label(rows[i], show_names) for i in ids[:limit] if i in rows]
    more = len(ids) - limit
    text = ", ".join(names)
    return text + (_(" and %(n)d more", n=more) if more > 0 else "")


def reason_text(readiness, reason, show_names: bool = False) -> str:
    """One sentence saying what blocks certification."""
    code = reason.code
    titles = {c.code: c.code for c in readiness.columns}
    size = readiness.verdict.roster_size if readiness.verdict else 0
    if code == "empty_roster":
        return _("Nobody is on the roster on %(on)s.", on=readiness.on.isoformat())
    if code == "coverage_short":
        return _("%(standard)s: %(have)d of %(size)d people hold it; %(need)d are needed.",
                 standard=titles.get(reason.standard, reason.standard), have=reason.have,
                 size=size, need=reason.need)
    if code == "key_appointment_incomplete":
        return _("Key appointment %(who)s does not hold %(standards)s.",
                 who=_who(readiness, list(reason.people), show_names),
                 standards=", ".join(reason.standards))
    if code == "nio_short":
        text = _("%(have)d National Investigation Officers on a roster of %(size)d; at least "
                 "%(need)d are needed.", have=reason.have, size=size, need=reason.need)
        if reason.people:
            text += " " + _("Appointed but not counted, without %(standards)s: %(who)s.",
                            standards=", ".join(reason.standards),
                            who=_who(readiness, list(reason.people), show_names))
        return text
    if code == "language_short":
        rule = readiness.profile.language_min_level if readiness.profile else None
        return _("%(count)d people lack %(language)s at %(level)s or above, valid on the date: "
                 "%(who)s.", count=len(reason.people),
                 language=LANGUAGE_NAMES.get(reason.language, reason.language),
                 level=LEVEL_NAMES.get(rule, rule),
                 who=_who(readiness, list(reason.people), show_names))
    if code == "screening_missing":
        return _("No cleared screening attestation is on file for the current rotation.")
    return code


def short_reason(reason) -> str:
    """A few words naming what blocks a unit (lists of units, homes), without people."""
    code = reason.code
    if code == "empty_roster":
        return _("nobody on the roster")
    if code == "coverage_short":
        return _("%(standard)s: %(have)d of %(need)d", standard=reason.standard,
                 have=reason.have, need=reason.need)
    if code == "key_appointment_incomplete":
        return _("a key appointment lacks %(standards)s", standards=", ".join(reason.standards))
    if code == "nio_short":
        return _("NIOs: %(have)d of %(need)d", have=reason.have, need=reason.need)
    if code == "language_short":
        return _("%(language)s: %(count)d people short",
                 language=LANGUAGE_NAMES.get(reason.language, reason.language),
                 count=len(reason.people))
    if code == "screening_missing":
        return _("no screening attestation")
    return code


def short_reasons(found, limit: int = 3) -> tuple[list[str], int]:
    """(the first `limit` short reasons, how many more), key appointments counted together."""
    keys = [r for r in found if r.code == "key_appointment_incomplete"]
    texts = []
    for reason in found:
        if reason.code != "key_appointment_incomplete":
            texts.append(short_reason(reason))
        elif reason is keys[0]:
            texts.append(short_reason(reason) if len(keys) == 1 else
                         _("%(n)d key appointments lack standards", n=len(keys)))
    return texts[:limit], max(len(texts) - limit, 0)


def reasons_as_text(readiness, show_names: bool = False) -> list[str]:
    return [reason_text(readiness, r, show_names) for r in readiness.reasons]


def cell_status_label(status: str) -> str:
    """A readiness cell's status (valid, expiring, expired, missing, not counted) in words."""
    return str(STATUS_LABELS[status])


def cell_title(cell) -> str:
    """The hover/screen-reader text of one matrix cell."""
    label = cell_status_label(cell.status)
    if cell.status in HOLDING and cell.expires_on:
        return _("%(status)s, until %(date)s", status=label, date=cell.expires_on.isoformat())
    if cell.status is Status.EXPIRED and cell.expires_on:
        return _("%(status)s on %(date)s", status=label, date=cell.expires_on.isoformat())
    if cell.status is Status.NOT_COUNTED:
        why = "; ".join(str(NOT_COUNTED_LABELS[w]) for w in cell.not_counted_because)
        return f"{label}: {why}" if why else label
    return label
