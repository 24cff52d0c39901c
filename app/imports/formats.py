"""The two import formats (roster, results): their columns, and each row's values checked for
shape (no database). The same limits as the record forms: app/units/services.py."""
import re
from dataclasses import dataclass
from datetime import date

from app.timeutil import today
from app.units.services import (ISO3, SERVICE_NUMBER, SEXES, birth_problem,
                                normalise_service_number)

YES = {"yes", "y", "true", "1", "x", "oui", "o", "vrai"}
NO = {"no", "n", "false", "0", "non", "faux", ""}
PASS = {"pass", "passed", "p", "réussi", "reussi", "r"}
FAIL = {"fail", "failed", "f", "échec", "echec", "e"}
CODE = re.compile(r"^[A-Za-z0-9_\-]{1,60}$")
EARLIEST, LATEST = date(1930, 1, 1), date(2100, 12, 31)


@dataclass(frozen=True)
class Column:
    name: str
    kind: str  # text | service_number | iso3 | sex | code | bool | date | result | score
    required: bool = False  # the value may not be empty
    max_len: int = 100
    example: str = ""


ROSTER = (
    Column("member_state", "iso3", True, 3, "KEN"),
    Column("service_number", "service_number", True, 40, "KA-100234"),
    Column("family_name", "text", True, 100, "Otieno"),
    Column("given_name", "text", True, 100, "Grace"),
    Column("rank", "text", False, 60, "Capt"),
    Column("sex", "sex", True, 1, "F"),
    Column("personnel_category", "code", True, 60, "military_contingent"),
    Column("nationality", "iso3", True, 3, "KEN"),
    Column("birth_on", "date", False, 10, "1990-05-17"),
    Column("appointment", "text", False, 120, "Company commander"),
    Column("key_appointment", "bool", False, 5, "yes"),
    Column("nio", "bool", False, 5, "no"),
    Column("commander", "bool", False, 5, "no"),
    Column("start_on", "date", False, 10, "2026-01-05"),
    Column("end_on", "date", False, 10, ""),
)
RESULTS = (
    Column("member_state", "iso3", True, 3, "KEN"),
    Column("service_number", "service_number", True, 40, "KA-100234"),
    Column("standard", "code", True, 40, "CD-1"),
    Column("version", "text", False, 20, "2025"),
    Column("completed_on", "date", True, 10, "2026-02-20"),
    Column("result", "result", True, 10, "pass"),
    Column("score", "score", False, 3, "85"),
    Column("signed_off_by", "service_number", False, 40, "TR-0042"),
)
FORMATS = {"roster": ROSTER, "results": RESULTS}


def known_columns(kind: str) -> set[str]:
    return {c.name for c in FORMATS[kind]}


def header_columns(kind: str) -> set[str]:
    """Columns the header must have (those whose value is required)."""
    return {c.name for c in FORMATS[kind] if c.required}


def parse_row(kind: str, line: int, values: dict[str, str]):
    """-> (typed values, problems [(line, column, code, params)])."""
    typed, problems = {}, []
    for column in FORMATS[kind]:
        raw = (values.get(column.name) or "").strip()
        if not raw:
            if column.required:
                problems.append((line, column.name, "required", {}))
            typed[column.name] = False if column.kind == "bool" else None
            continue
        if len(raw) > column.max_len and column.kind not in ("bool", "result"):
            problems.append((line, column.name, "too_long", {"limit": column.max_len}))
            continue
        value, code = _parse(column.kind, raw)
        if code:
            problems.append((line, column.name, code, {"value": raw[:40]}))
        typed[column.name] = value
    if kind == "roster":
        code = birth_problem(typed.get("birth_on"), today())
        if code:
            problems.append((line, "birth_on", code, {"value": typed["birth_on"].isoformat()}))
    if kind == "roster" and typed.get("start_on") and typed.get("end_on") and \
            typed["end_on"] < typed["start_on"]:
        problems.append((line, "end_on", "end_before_start", {}))
    return typed, problems


def _parse(kind: str, raw: str):
    """-> (value, None) or (None, problem code)."""
    if kind == "text":
        return raw, None
    if kind == "service_number":
        number = normalise_service_number(raw)
        return (number, None) if SERVICE_NUMBER.match(number) else (None, "bad_service_number")
    if kind == "iso3":
        value = raw.upper()
        return (value, None) if ISO3.match(value) else (None, "bad_iso3")
    if kind == "sex":
        value = raw.upper()
        return (value, None) if value in SEXES else (None, "bad_sex")
    if kind == "code":
        return (raw, None) if CODE.match(raw) else (None, "bad_code")
    if kind == "bool":
        low = raw.lower()
        return (True, None) if low in YES else (False, None) if low in NO else (None, "bad_bool")
    if kind == "result":
        low = raw.lower()
        return (True, None) if low in PASS else (False, None) if low in FAIL else \
            (None, "bad_result")
    if kind == "score":
        if not raw.isdigit() or not 0 <= int(raw) <= 100:
            return None, "bad_score"
        return int(raw), None
    if kind == "date":
        try:
            value = date.fromisoformat(raw[:10]) if len(raw) in (10, 19) else None
        except ValueError:
            value = None
        if value is None:
            return None, "bad_date"
        return (value, None) if EARLIEST <= value <= LATEST else (None, "date_out_of_range")
    raise ValueError(kind)


def file_duplicates(kind: str, rows) -> list[tuple[int, str, str, dict]]:
    """Rows naming the same person (roster), or the same person, standard and date (results),
    twice in one file."""
    first: dict = {}
    problems = []
    for line, typed in rows:
        if kind == "roster":
            key = (typed.get("member_state"), typed.get("service_number"))
        else:
            key = (typed.get("member_state"), typed.get("service_number"),
                   typed.get("standard"), typed.get("completed_on"))
        if None in key:
            continue
        if key in first:
            problems.append((line, "service_number", "duplicate_in_file", {"other": first[key]}))
        else:
            first[key] = line
    return problems
