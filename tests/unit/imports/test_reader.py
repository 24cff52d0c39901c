"""Reading uploads: encodings, headers, sizes and shapes are refused whole with a clear code;
row-level shape problems name line and column."""
import io
from datetime import date, datetime

import pytest
from openpyxl import Workbook

from app.imports import reader
from app.imports.formats import header_columns, known_columns, parse_row
from app.imports.reader import FileRefused, read_upload

HEADER = "member_state,service_number,family_name,given_name,sex,personnel_category,nationality"
ROW = "KEN,KA-1,Otieno,Grace,F,military_contingent,KEN"


def read(data: bytes, name="roster.csv"):
    return read_upload(name, data, known_columns("roster"), header_columns("roster"))


def refused(data: bytes, name="roster.csv") -> FileRefused:
    with pytest.raises(FileRefused) as info:
        read(data, name)
    return info.value


def csv_bytes(*lines, encoding="utf-8"):
    return ("\n".join(lines) + "\n").encode(encoding)


def test_utf8_with_and_without_bom_read_the_same():
    plain = read(csv_bytes(HEADER, ROW + "é"))
    bom = read(b"\xef\xbb\xbf" + csv_bytes(HEADER, ROW + "é"))
    assert plain.rows == bom.rows
    assert plain.headers[0] == "member_state"
    assert plain.rows[0] == (2, dict(zip(HEADER.split(","), (ROW + "é").split(","))))


def test_other_encodings_are_refused_with_the_line():
    error = refused(csv_bytes(HEADER, ROW, "KEN,KA-2,Müller,Jo,M,x,KEN", encoding="latin-1"))
    assert error.code == "not_utf8" and error.params == {"byte": "0xFC", "line": 3}
    assert refused(csv_bytes(HEADER, ROW, encoding="utf-16")).code == "utf16"


@pytest.mark.parametrize("data", [b"", b"\xef\xbb\xbf", b"  \r\n\n"])
def test_empty_files(data):
    assert refused(data).code == "empty"


def test_header_only_and_blank_lines():
    assert refused(csv_bytes(HEADER, "", ",,,")).code == "no_rows"


def test_wrong_headers_name_missing_and_unknown_columns():
    error = refused(csv_bytes("service_number,surname,sex", "KA-1,X,F"))
    assert error.code == "wrong_headers"
    assert "family_name" in error.params["missing"] and error.params["unknown"] == "surname"
    assert refused(csv_bytes(HEADER + ",sex", ROW + ",F")).code == "duplicate_columns"


def test_headers_are_matched_loosely():
    raw = read(csv_bytes(" Member State ;SERVICE-NUMBER;family_name;given_name;sex;"
                         "personnel_category;nationality", ROW.replace(",", ";")))
    assert raw.headers[:2] == ["member_state", "service_number"] and len(raw.rows) == 1


def test_huge_field_is_a_clear_refusal_not_a_crash():
    error = refused(csv_bytes(HEADER, ROW, "KEN,KA-2," + "x" * 200_000 + ",G,F,m,KEN"))
    assert error.code == "field_too_large" and error.params["line"] == 3


def test_long_field_below_the_csv_limit_is_a_row_problem():
    raw = read(csv_bytes(HEADER, "KEN,KA-2," + "x" * 5000 + ",G,F,m,KEN"))
    assert raw.problems == [(2, "family_name", "field_too_long", {"limit": reader.MAX_FIELD})]


def test_row_limit(monkeypatch):
    monkeypatch.setattr(reader, "MAX_ROWS", 3)
    assert len(read(csv_bytes(HEADER, *[ROW] * 3)).rows) == 3
    error = refused(csv_bytes(HEADER, *[ROW] * 4))
    assert error.code == "too_many_rows" and error.params == {"limit": 3}


def test_ten_thousand_rows_are_accepted_and_one_more_is_not():
    assert len(read(csv_bytes(HEADER, *[ROW] * 10_000)).rows) == 10_000
    assert refused(csv_bytes(HEADER, *[ROW] * 10_001)).code == "too_many_rows"


def test_size_limit(monkeypatch):
    monkeypatch.setattr(reader, "MAX_BYTES", 100)
    assert refused(csv_bytes(HEADER, ROW, ROW)).code == "too_large"


def test_nul_byte_and_foreign_files():
    assert refused(csv_bytes(HEADER, ROW) + b"\x00").code == "nul_byte"
    assert refused(b"\xd0\xcf\x11\xe0" + b"\x00" * 50, "r.xls").code == "legacy_xls"
    assert refused(b"%PDF-1.7", "r.pdf").code == "wrong_extension"
    assert refused(b"PK\x03\x04garbage", "r.xlsx").code == "bad_xlsx"
    assert refused(b"PK\x03\x04garbage", "r.csv").code == "wrong_extension"


def test_quoted_multiline_field_reports_its_first_line():
    raw = read(csv_bytes(HEADER, ROW, 'KEN,KA-2,"Two\nlines",G,F,m,KEN', ROW))
    assert [line for line, _v in raw.rows] == [2, 3, 5]


def test_too_many_fields_is_a_row_problem():
    raw = read(csv_bytes(HEADER, ROW + ",extra"))
    assert raw.problems == [(2, None, "too_many_fields", {"found": 8, "expected": 7})]


def xlsx(rows) -> bytes:
    book = Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_xlsx_cells_become_text_dates_and_whole_numbers():
    data = xlsx([HEADER.split(",") + ["start_on"],
                 ["KEN", 12345, "Otieno", "Grace", "F", "military_contingent", "KEN",
                  datetime(2026, 1, 5)],
                 [None] * 8,
                 ["KEN", "KA-2", "Ali", "Sam", "M", "military_contingent", "KEN",
                  date(2026, 2, 1)]])
    raw = read(data, "roster.xlsx")
    assert [line for line, _v in raw.rows] == [2, 4]
    assert raw.rows[0][1]["service_number"] == "12345"
    assert raw.rows[0][1]["start_on"] == "2026-01-05"


def test_xlsx_with_wrong_header_is_refused():
    assert refused(xlsx([["a", "b"], [1, 2]]), "r.xlsx").code == "wrong_headers"
    assert refused(xlsx([]), "r.xlsx").code in ("empty", "no_header")


@pytest.mark.parametrize("column, value, code", [
    ("sex", "X", "bad_sex"), ("member_state", "KE", "bad_iso3"),
    ("service_number", "a b!", "bad_service_number"), ("start_on", "05/01/2026", "bad_date"),
    ("start_on", "2026-02-30", "bad_date"), ("birth_on", "1850-01-01", "date_out_of_range"),
    ("key_appointment", "maybe", "bad_bool"), ("family_name", "", "required"),
    ("rank", "x" * 61, "too_long"),
])
def test_row_values_name_column_and_reason(column, value, code):
    values = dict(zip(HEADER.split(","), ROW.split(",")))
    values[column] = value
    _typed, problems = parse_row("roster", 7, values)
    assert [(p[0], p[1], p[2]) for p in problems] == [(7, column, code)]


def test_row_values_are_typed():
    values = dict(zip(HEADER.split(","), ROW.split(",")))
    values.update(key_appointment="Oui", nio="", start_on="2026-01-05", service_number="ka 1")
    typed, problems = parse_row("roster", 2, values)
    assert problems == []
    assert typed["key_appointment"] is True and typed["nio"] is False
    assert typed["start_on"] == date(2026, 1, 5) and typed["service_number"] == "KA1"
