"""What each import refusal and row problem says to the user (English and French).

Problems are stored as stable codes with parameters and put into words when shown, so the
preview reads in the language of whoever looks at it."""
from flask_babel import lazy_gettext as _l

FILE_MESSAGES = {
    "too_large": _l("The file is larger than %(mb)s MB, the most an import accepts."),
    "xlsx_too_large": _l("The workbook unpacks to more than %(mb)s MB, the most an import "
                         "accepts: save it as CSV UTF-8 or split it."),
    "empty": _l("The file is empty."),
    "no_header": _l("The first line must be the header row with the column names."),
    "no_rows": _l("The file has a header but no data rows."),
    "legacy_xls": _l("Old Excel files (.xls) are not accepted: save the file as .xlsx or as "
                     "CSV UTF-8."),
    "wrong_extension": _l("Only .csv and .xlsx files are accepted."),
    "utf16": _l("The file is UTF-16 (Excel \"Unicode text\"). Save it as \"CSV UTF-8\": only "
                "UTF-8, with or without a byte-order mark, is accepted."),
    "not_utf8": _l("The file is not UTF-8: byte %(byte)s on line %(line)s cannot be read. Save "
                   "it as \"CSV UTF-8\" (UTF-8 with or without a byte-order mark is accepted)."),
    "nul_byte": _l("Line %(line)s contains a NUL byte: this is not a text CSV file."),
    "bad_csv": _l("Line %(line)s cannot be read as CSV (%(detail)s)."),
    "field_too_large": _l("Line %(line)s has a field longer than %(limit)s characters."),
    "too_many_rows": _l("The file has more than %(limit)s data rows: split it into smaller "
                        "files."),
    "bad_xlsx": _l("The file cannot be read as an Excel workbook (.xlsx)."),
    "duplicate_columns": _l("These columns appear more than once: %(columns)s."),
    "wrong_headers": _l("The header does not match the template. Missing columns: "
                        "%(missing)s. Unknown columns: %(unknown)s. Download the template."),
    "foreign_state": _l("This file names people of another Member State (%(states)s, on lines "
                        "%(lines)s): the whole file is refused. Import only the people of "
                        "%(own)s."),
}

ROW_MESSAGES = {
    "required": _l("a value is required"),
    "too_long": _l("longer than %(limit)s characters"),
    "field_too_long": _l("longer than %(limit)s characters"),
    "too_many_fields": _l("%(found)s fields, but the header has %(expected)s"),
    "bad_service_number": _l("\"%(value)s\" is not a service number (2 to 40 letters, digits, "
                             "'-' or '/')"),
    "bad_iso3": _l("\"%(value)s\" is not a three-letter ISO country code"),
    "bad_sex": _l("\"%(value)s\": use F or M"),
    "bad_code": _l("\"%(value)s\" is not a code"),
    "bad_bool": _l("\"%(value)s\": use yes or no"),
    "bad_result": _l("\"%(value)s\": use pass or fail"),
    "bad_score": _l("\"%(value)s\": the score is a whole number from 0 to 100"),
    "bad_date": _l("\"%(value)s\" is not a date (YYYY-MM-DD)"),
    "date_out_of_range": _l("\"%(value)s\" is not a plausible date"),
    "end_before_start": _l("the end date is before the start date"),
    "duplicate_in_file": _l("the same entry is already on line %(other)s"),
    "unknown_category": _l("unknown personnel category \"%(value)s\""),
    "unknown_person": _l("no person with this service number in %(state)s"),
    "not_in_session": _l("%(value)s is not taught in this session"),
    "unknown_version": _l("version %(value)s of this standard is not taught in this session"),
    "outside_session": _l("the date is outside the session (%(start)s to %(end)s)"),
    "not_attendee": _l("this person does not attend the session"),
    "duplicate_entry": _l("the same result is already entry %(other)s"),
    "batch_refused": _l("%(n)s results have problems: nothing was recorded"),
    "no_results": _l("there are no results to record"),
    "absent_with_score": _l("an absent attendee has no score: clear it or choose a result"),
    "future_date": _l("the date %(value)s is in the future"),
    "future_birth": _l("the date of birth %(value)s is in the future"),
    "bad_birth": _l("the date of birth %(value)s is not plausible"),
    "not_current": _l("version %(value)s was not current on that date"),
    "below_pass_mark": _l("a score of %(score)s is below the pass mark of %(mark)s: it cannot "
                          "be a pass"),
    "signer_required": _l("name the trainer who signed off (the session has several)"),
    "not_trainer": _l("%(value)s is not one of the session's trainers"),
    "self_sign_off": _l("trainers cannot sign off their own results"),
    "tot_only": _l("trainer standards are signed off only in a Training of Trainers session"),
    "unqualified": _l("the signer held no valid %(qualification)s qualification on that date"),
    "different_result": _l("a different result for this standard on this date is already "
                           "recorded"),
}


def _fill(template, code: str, params: dict) -> str:
    if template is None:
        return code
    try:
        return str(template) % params
    except (KeyError, TypeError, ValueError):
        return str(template)


def file_message(code: str, params: dict) -> str:
    return _fill(FILE_MESSAGES.get(code), code, params)


def row_message(code: str, params: dict) -> str:
    return _fill(ROW_MESSAGES.get(code), code, params)

COLUMN_HELP = {
    "member_state": _l("Three-letter ISO code of the person's Member State; people of another "
                       "state refuse the whole file"),
    "service_number": _l("Service number, unique within the Member State (letters, digits, - "
                         "and /)"),
    "family_name": _l("Family name"),
    "given_name": _l("Given name(s)"),
    "rank": _l("Rank (optional)"),
    "sex": _l("F or M"),
    "personnel_category": _l("Personnel category code from the catalogue, e.g. "
                             "military_contingent"),
    "nationality": _l("Three-letter ISO code of nationality"),
    "birth_on": _l("Date of birth, YYYY-MM-DD (optional)"),
    "appointment": _l("Appointment in the unit (optional)"),
    "key_appointment": _l("yes or no: a key appointment (default no)"),
    "nio": _l("yes or no: a National Investigation Officer (default no)"),
    "commander": _l("yes or no: a commander, who is also a key appointment (default no)"),
    "start_on": _l("First day on the roster, YYYY-MM-DD (optional)"),
    "end_on": _l("Last day on the roster, YYYY-MM-DD (optional)"),
    "standard": _l("Code of a standard taught in the session, e.g. CD-1"),
    "version": _l("Version of the standard (optional: the one current on the date)"),
    "completed_on": _l("Date of the result, YYYY-MM-DD, within the session"),
    "result": _l("pass or fail"),
    "score": _l("Score 0-100; required for a pass when the standard has a pass mark"),
    "signed_off_by": _l("Service number of the session trainer who signed off (optional when "
                        "the session has one trainer)"),
}


def help_rows(kind: str) -> list[list[str]]:
    from app.imports.formats import FORMATS

    rows = [[str(_l("Column")), str(_l("Required")), str(_l("What to enter")),
             str(_l("Example"))]]
    for column in FORMATS[kind]:
        rows.append([column.name, str(_l("yes")) if column.required else str(_l("no")),
                     str(COLUMN_HELP.get(column.name, "")), column.example])
    rows.append([])
    rows.append([str(_l("Save as .xlsx, or as CSV UTF-8 (UTF-8 with or without a byte-order "
                        "mark). At most 10,000 rows."))])
    return rows
