"""The codes an import file accepts, each with its name in the reader's language: the "codes"
sheet of the XLSX templates and the table on the upload page. For results, the standards with
their pass marks and the qualification that signs them off (a session's own standards when the
template is for one session, else every version current today).

Rows are [column, code, name, pass mark, note]."""
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from app.catalogue.models import MemberState, Standard
from app.extensions import db
from app.imports.formats import FAIL, NO, PASS, YES
from app.names import APP_CODES, catalogue_names
from app.timeutil import today
from app.training.models import CourseSession


def header() -> list[str]:
    return [str(_l("Column")), str(_l("Code")), str(_l("Name")), str(_l("Pass mark")),
            str(_l("Note"))]


def _also(values, main: str) -> str:
    others = sorted(v for v in values if v and v != main)
    return str(_l("also accepted: %(values)s", values=", ".join(others))) if others else ""


def _standards(session: CourseSession | None) -> list[Standard]:
    if session is not None:
        return sorted((link.standard for link in session.standards),
                      key=lambda s: (s.code, s.version))
    on = today()
    rows = db.session.scalars(select(Standard).order_by(Standard.code, Standard.version))
    return [s for s in rows if s.is_current(on)]


def _pass_mark(standard: Standard) -> str | int:
    return standard.pass_mark if standard.pass_mark else str(_l("none"))


def _states(state_ids) -> list[list]:
    query = select(MemberState).order_by(MemberState.iso3)
    if state_ids is not None:
        query = query.where(MemberState.id.in_(sorted(state_ids)))
    return list(db.session.scalars(query))


def code_rows(kind: str, locale: str, state_id: int | None,
              session: CourseSession | None = None) -> list[list]:
    """Every code the `kind` file accepts (roster or results), named in `locale`; a file names
    people of `state_id` only (None: any state, e.g. a partner trainer)."""
    own = [["member_state", s.iso3, s.name(locale), "", ""] for s in _states(
        {session.state_id} if session is not None else
        {state_id} if state_id is not None else None)]
    if kind == "roster":
        rows = own
        rows += [["sex", code, str(name), "", ""] for code, name in APP_CODES["sexes"].items()]
        rows += [["personnel_category", code, name, "", ""]
                 for code, name in catalogue_names("personnel_categories", locale).items()]
        for column in ("key_appointment", "nio"):
            rows += [[column, "yes", str(_l("yes")), "", _also(YES, "yes")],
                     [column, "no", str(_l("no")), "", _also(NO, "no")]]
        rows += [["nationality", s.iso3, s.name(locale), "", ""] for s in _states(None)]
        return rows
    rows = []
    for s in _standards(session):
        sign_off = str(_l("version %(version)s; signed off by a holder of %(qualification)s",
                          version=s.version, qualification=s.sign_off))
        rows.append(["standard", s.code, s.title(locale), _pass_mark(s), sign_off])
    rows += [["result", "pass", str(_l("Pass")), "", _also(PASS, "pass")],
             ["result", "fail", str(_l("Fail")), "", _also(FAIL, "fail")]]
    rows += own
    if session is not None:
        rows += [["signed_off_by", t.person.service_number, t.person.display_name, "", ""]
                 for t in session.trainers if t.person is not None]
    return rows
