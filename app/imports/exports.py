"""CSV and XLSX exports of rosters and completion records, safe to open in a spreadsheet.

Formula injection: a text cell starting with = + - @ | % (defusedcsv's set), or with a tab,
CR, LF, NUL or a full-width ＝ ＋ － ＠, is written with a leading apostrophe, in CSV
(defusedcsv plus the extra triggers) and in XLSX alike. Numbers and dates are written as numbers
and dates from typed values, never as text, so they are never altered. CSV is UTF-8 with a
byte-order mark (Excel reads it as UTF-8; the importer accepts it back).

Columns with personal data (names, service numbers, sex, birth date) are included only when the
caller says the user may see personal data; otherwise people appear by opaque id.
"""
import io
import re
from datetime import date
from numbers import Number

from defusedcsv import csv as safe_csv
from sqlalchemy import select
from sqlalchemy.orm import aliased

from app.catalogue.models import MemberState, Standard
from app.extensions import db
from app.training.models import Completion
from app.units.models import Membership, Person

EXTRA_TRIGGERS = ("\t", "\r", "\n", "\x00", "＝", "＋", "－", "＠")
DEFUSED_TRIGGERS = ("=", "+", "-", "@", "|", "%")
NUMBER = re.compile(r"^-?[0-9,.]+$")


def neutralise(value):
    """A cell value a spreadsheet will not run as a formula; numbers and dates untouched."""
    if value is None or isinstance(value, (Number, date)):
        return value
    text = str(value)
    if text.startswith(EXTRA_TRIGGERS) or (text.startswith(DEFUSED_TRIGGERS)
                                           and not NUMBER.match(text)):
        return "'" + text.replace("|", "\\|")
    return text


def to_csv(header: list[str], rows) -> bytes:
    out = io.StringIO(newline="")
    writer = safe_csv.writer(out)
    writer.writerow(header)
    for row in rows:
        writer.writerow([_csv_cell(v) for v in row])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def _csv_cell(value):
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, str) and value.startswith(EXTRA_TRIGGERS):
        return neutralise(value)
    return value  # defusedcsv handles the rest


def to_xlsx(header: list[str], rows, sheet_title: str = "data") -> bytes:
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet(sheet_title[:31])
    sheet.append(header)
    for row in rows:
        sheet.append([_xlsx_cell(v) for v in row])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _xlsx_cell(value):
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, (Number, date)) or value is None:
        return value
    return neutralise(value)


def template_file(kind: str, fmt: str, help_rows: list[list[str]],
                  code_rows: list[list] = ()) -> bytes:
    """An empty import file: the header; in XLSX also a sheet explaining every column and one
    listing the codes it accepts with their names (app/imports/codes.py)."""
    from app.imports.formats import FORMATS

    header = [c.name for c in FORMATS[kind]]
    if fmt == "csv":
        return to_csv(header, [])
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet(kind)
    sheet.append(header)
    notes = book.create_sheet("help")
    for row in help_rows:
        notes.append([neutralise(v) for v in row])
    if code_rows:
        codes = book.create_sheet("codes")
        for row in code_rows:
            codes.append([_xlsx_cell(v) for v in row])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def roster_rows(unit, personal: bool):
    """(header, rows) of the unit's roster, key appointments first."""
    iso3 = db.session.scalar(select(MemberState.iso3).where(MemberState.id == unit.state_id))
    result = db.session.execute(
        select(Membership, Person).join(Person, Person.id == Membership.person_id)
        .where(Membership.unit_id == unit.id)
        .order_by(Membership.is_key_appointment.desc(), Person.family_name, Person.id))
    if personal:
        header = ["member_state", "service_number", "family_name", "given_name", "rank", "sex",
                  "personnel_category", "nationality", "birth_on", "appointment",
                  "key_appointment", "nio", "commander", "start_on", "end_on"]
        rows = [[iso3, p.service_number, p.family_name, p.given_name, p.rank, p.sex,
                 p.personnel_category, p.nationality, p.birth_on, m.appointment,
                 m.is_key_appointment, m.is_nio, m.is_commander, m.start_on, m.end_on]
                for m, p in result]
    else:
        header = ["person_id", "rank", "personnel_category", "appointment", "key_appointment",
                  "nio", "commander", "start_on", "end_on"]
        rows = [[p.id, p.rank, p.personnel_category, m.appointment, m.is_key_appointment,
                 m.is_nio, m.is_commander, m.start_on, m.end_on] for m, p in result]
    return header, rows


def completion_rows(personal: bool, *, unit=None, session=None):
    """(header, rows) of the completion records of a unit's roster or of one session."""
    signer = aliased(Person)
    query = (select(Completion, Person, Standard, signer.service_number, MemberState.iso3)
             .join(Person, Person.id == Completion.person_id)
             .join(Standard, Standard.id == Completion.standard_id)
             .join(MemberState, MemberState.id == Person.state_id)
             .outerjoin(signer, signer.id == Completion.signed_off_by_id)
             .order_by(Person.family_name, Person.id, Standard.code, Completion.completed_on))
    if unit is not None:
        query = query.where(Completion.person_id.in_(
            select(Membership.person_id).where(Membership.unit_id == unit.id)))
    if session is not None:
        query = query.where(Completion.session_id == session.id)
    result = db.session.execute(query).all()
    common = ["standard", "version", "completed_on", "result", "score", "session_id"]
    if personal:
        header = ["member_state", "service_number", "family_name", "given_name"] + common + \
            ["signed_off_by"]
        rows = [[iso3, p.service_number, p.family_name, p.given_name, s.code, s.version,
                 c.completed_on, "pass" if c.passed else "fail", c.score, c.session_id, signed]
                for c, p, s, signed, iso3 in result]
    else:
        header = ["person_id"] + common
        rows = [[p.id, s.code, s.version, c.completed_on, "pass" if c.passed else "fail",
                 c.score, c.session_id] for c, p, s, _signed, _iso3 in result]
    return header, rows
