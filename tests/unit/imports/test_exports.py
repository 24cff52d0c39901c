"""Exports are safe against formula injection in CSV and XLSX, and keep numbers as numbers."""
import csv
import io
from datetime import date

import pytest
from openpyxl import load_workbook

from app.imports.exports import neutralise, to_csv, to_xlsx

DANGEROUS = ["=1+1", "+SUM(A1)", "-2+3", "@cmd", "\tx", "\rx", "\nx", "｜x", "＝1+1", "＋1",
             "－1", "＠x", "=HYPERLINK(\"http://evil\")", "|calc", "%x"]


@pytest.mark.parametrize("value", DANGEROUS)
def test_formula_triggers_are_neutralised(value):
    out = neutralise(value)
    if value.startswith("｜"):  # not a trigger: left alone
        assert out == value
    else:
        assert out.startswith("'")


@pytest.mark.parametrize("value", ["Otieno", "-5", "3.5", "", "Capt.", "KA-100"])
def test_harmless_text_is_unchanged(value):
    assert neutralise(value) == value


def test_numbers_and_dates_are_untouched():
    assert neutralise(-5) == -5 and neutralise(2.5) == 2.5
    assert neutralise(date(2026, 1, 1)) == date(2026, 1, 1) and neutralise(None) is None


def test_csv_export_neutralises_and_keeps_numbers():
    data = to_csv(["name", "score", "on", "key"], [["=1+1", 85, date(2026, 1, 2), True],
                                                   ["\t@x", -5, None, False]])
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows[1] == ["'=1+1", "85", "2026-01-02", "yes"]
    assert rows[2] == ["'\t@x", "-5", "", "no"]


def test_xlsx_export_neutralises_strings_and_writes_numbers():
    data = to_xlsx(["name", "score", "on"], [["=1+1", 85, date(2026, 1, 2)], ["＠x", 7, None]])
    sheet = load_workbook(io.BytesIO(data)).active
    assert sheet["A2"].value == "'=1+1" and sheet["A2"].data_type == "s"
    assert sheet["B2"].value == 85 and sheet["B2"].data_type == "n"
    assert sheet["C2"].value.date() == date(2026, 1, 2)
    assert sheet["A3"].value == "'＠x"
