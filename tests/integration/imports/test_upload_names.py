"""Issue 16, item 8: an upload's file name is cleaned before it is stored or shown (no NUL,
right-to-left override, other control or format characters, no path), and a file over the size
limit is refused with a message that states the limit, not a truncated read length."""
import pytest
from sqlalchemy import select

from app.imports import reader
from app.imports.models import ImportBatch, ImportStage
from tests.integration.imports.conftest import roster_csv


@pytest.fixture
def unit(make_unit, db):
    unit = make_unit("KEN")
    db.session.commit()
    return unit


@pytest.mark.parametrize("raw, clean", [
    ("roster.csv", "roster.csv"),
    ("ros\x00ter.csv", "roster.csv"),
    ("evil\u202evsc.csv", "evilvsc.csv"),  # right-to-left override
    ("a\u2066b\u2069\u200bc\u200f.csv", "abc.csv"),  # isolates, zero-width space, RLM
    ("../../etc/x.csv", "x.csv"),
    ("C:\\Users\\me\\x.csv", "x.csv"),
    ("tab\tand\r\nnewline.csv", "tab and newline.csv"),
    ("\x00\u202e", "upload"),
    ("Liste du contingent – été.csv", "Liste du contingent – été.csv"),
    ("x" * 300 + ".csv", "x" * 196 + ".csv"),
])
def test_clean_filename(raw, clean):
    assert reader.clean_filename(raw) == clean


def test_hostile_name_is_stored_and_shown_clean(client, db, registrar, unit, flow):
    name = "rost\x00er\u202evsc.csv"
    stage, response, page = flow.run(f"/imports/units/{unit.id}/roster", roster_csv(3), name)
    assert "Imported. All 3 rows were written." in page
    assert "rostervsc.csv" in page
    assert "\u202e" not in page and "\x00" not in page
    assert db.session.get(ImportStage, stage).filename == "rostervsc.csv"
    assert db.session.scalar(select(ImportBatch.filename)) == "rostervsc.csv"


def test_size_message_states_the_limit_not_the_bytes_read(client, db, registrar, unit, flow):
    big = roster_csv(1) + b"#" * (reader.MAX_BYTES + 5000)
    response = flow.upload(f"/imports/units/{unit.id}/roster", big)
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "larger than 8 MB" in page
    assert str(reader.MAX_BYTES + 1) not in page
