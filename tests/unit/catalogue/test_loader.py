"""The curricula loader: valid files load; every kind of problem names file, field and reason."""
from datetime import date

import pytest

from app.catalogue.loader import CatalogueInvalid, Problem, check_catalogue, read_catalogue
from tests.factories_catalogue import FIXTURE_CURRICULA, REAL_CURRICULA, copy_curricula, edit


def problems_in(directory) -> list[str]:
    catalogue, problems = check_catalogue(directory)
    assert catalogue is None and problems, "expected the catalogue to be refused"
    return [str(p) for p in problems]


@pytest.fixture
def cur(tmp_path):
    return copy_curricula(tmp_path)


def test_fixture_catalogue_is_valid():
    catalogue = read_catalogue(FIXTURE_CURRICULA)
    assert catalogue.counts() == {"standards": 5, "profiles": 2, "taxonomy terms": 15,
                                  "gender targets": 3, "centres": 2, "requirement sets": 1,
                                  "sources": 2}
    core = {s.ref: s for s in catalogue.standards}["CORE-1@2025"]
    assert core.supersedes == "CORE-1@2017"
    assert [lesson.number for lesson in core.lessons] == ["1.1", "1.2"]
    assert core.assessment.kind == "test" and core.assessment.pass_mark == 70
    assert core.title_fr.startswith("Module de base")
    assert catalogue.standard_files["SEA-1@2025"] == "standards/sea.toml"
    inf = {p.code: p for p in catalogue.profiles}["INF-L2"]
    assert inf.language.min_level == 2 and inf.nio_per == 150
    assert [r.applies_to for r in inf.requirements] == [
        ["all", "key_appointments"], ["all", "key_appointments"], ["key_appointments"]]


def test_real_curricula_is_valid():
    catalogue, problems = check_catalogue(REAL_CURRICULA)
    assert problems == []
    assert len(catalogue.standards) >= 60 and len(catalogue.profiles) >= 10


def test_read_catalogue_raises_with_every_problem(cur):
    edit(cur / "standards/sea.toml", "pass_mark = 80", "pass_mark = 180")
    edit(cur / "standards/core.toml", 'category = "core"', 'category = "cor"')
    with pytest.raises(CatalogueInvalid) as caught:
        read_catalogue(cur)
    assert len(caught.value.problems) == 2


def test_toml_syntax_error_names_file_and_line(cur):
    edit(cur / "standards/sea.toml", 'version = "2025"', 'version = 2025"')
    assert problems_in(cur) == [
        "standards/sea.toml: line 3: TOML syntax error: Expected newline or end of document "
        "after a statement (column 15)"]


def test_missing_field_names_entry_and_field(cur):
    edit(cur / "standards/sea.toml", "validity_months = 12\n", "", count=2)
    found = problems_in(cur)
    assert found[0].startswith("standards/sea.toml: standards[0].validity_months: Field required")
    assert found[1].startswith("standards/sea.toml: standards[1].validity_months: Field required")
    assert "(line 1, SEA-1@2025)" in found[0]


def test_bad_value_names_nested_field(cur):
    sea = cur / "standards/sea.toml"
    text = sea.read_text()
    second = text.index("[[standards]]", 10)
    sea.write_text(text[:second] + text[second:].replace("pass_mark = 80", "pass_mark = 101"))
    found = problems_in(cur)
    assert len(found) == 1
    assert found[0].startswith("standards/sea.toml: standards[1].assessment.pass_mark: "
                               "Input should be less than or equal to 100")


@pytest.mark.parametrize("old, new, expected", [
    ('minimum_minutes = 45', 'minimum_minutes = "45"',
     "standards[0].minimum_minutes: Input should be a valid integer"),
    ('minimum_minutes = 45', 'minimum_minutes = 0',
     "standards[0].minimum_minutes: Input should be greater than 0"),
    ('code = "SEA-1"', 'code = "sea-1"', "standards[0].code: String should match pattern"),
    ('kind = "test"', 'kind = "quiz"', "standards[0].assessment.kind: Input should be 'none'"),
    ('audiences = ["military_contingent", "formed_police", "staff_officer"]', 'audiences = []',
     "standards[0].audiences: List should have at least 1 item"),
    ('effective_on = 2025-01-01', 'effective_on = 2025-01-01\nretired_on = 2024-12-31',
     "standards[0]: retired_on (2024-12-31) is before effective_on (2025-01-01)"),
    ('title_en = "Sexual', 'titel_en = "x"\ntitle_en = "Sexual',
     "standards[0].titel_en: Extra inputs are not permitted"),
    ('title_fr = "Exploitation et atteintes sexuelles : définitions"', 'title_fr = "  "',
     "standards[0].title_fr: String should have at least 1 character"),
])
def test_schema_errors(cur, old, new, expected):
    edit(cur / "standards/sea.toml", old, new)
    found = problems_in(cur)
    assert any(p.startswith(f"standards/sea.toml: {expected}") for p in found), found


def test_lesson_minutes_must_add_up(cur):
    edit(cur / "standards/core.toml", "minimum_minutes = 90", "minimum_minutes = 100")
    assert problems_in(cur) == [
        "standards/core.toml: standards[1]: minimum_minutes (100) must equal the sum of the lesson "
        "minutes (90) (line 20, CORE-1@2025)"]


@pytest.mark.parametrize("file, old, new, expected", [
    ("standards/sea.toml", 'category = "sea"', 'category = "seaa"',
     "standards/sea.toml: standards[0].category: unknown category 'seaa' (not in taxonomy.toml "
     "categories)"),
    ("standards/sea.toml", 'source_edition = "CPTM-2025"', 'source_edition = "CPTM-2099"',
     "standards/sea.toml: standards[0].source_edition: unknown edition 'CPTM-2099'"),
    ("standards/sea.toml", '"formed_police", "staff_officer"]', '"police", "staff_officer"]',
     "standards/sea.toml: standards[0].audiences[1]: unknown personnel category 'police'"),
    ("standards/sea.toml", 'unit_types = ["infantry_battalion"', 'unit_types = ["infantry"',
     "standards/sea.toml: standards[1].unit_types[0]: unknown unit type 'infantry'"),
    ("standards/sea.toml", 'sign_off = "TOT-CORE"', 'sign_off = "TOT-NONE"',
     "standards/sea.toml: standards[0].sign_off: unknown ToT standard 'TOT-NONE'"),
    ("standards/sea.toml", 'sign_off = "TOT-CORE"', 'sign_off = "CORE-1"',
     "standards/sea.toml: standards[0].sign_off: 'CORE-1' is not a ToT standard"),
    ("standards/sea.toml", 'sign_off = "TOT-CORE"', 'sign_off = "tot_centre"',
     "standards/sea.toml: standards[0].sign_off: 'tot_centre' signs off only 'tot' standards"),
    ("standards/core.toml", 'supersedes = "CORE-1@2017"', 'supersedes = "CORE-1@2016"',
     "standards/core.toml: standards[1].supersedes: 'CORE-1@2016' is not in the catalogue"),
    ("standards/core.toml", "retired_on = 2024-12-31\n", "",
     "standards/core.toml: standards[1].retired_on: CORE-1 has two versions without retired_on"),
    ("profiles/units.toml", 'standard = "SEA-1"', 'standard = "SEA-9"',
     "profiles/units.toml: profiles[0].requirements[1].standard: unknown standard 'SEA-9'"),
    ("profiles/units.toml", 'unit_type = "infantry_battalion"', 'unit_type = "cavalry"',
     "profiles/units.toml: profiles[0].unit_type: unknown unit type 'cavalry'"),
    ("profiles/individuals.toml", 'standard = "SEA-1"', 'standard = "SEA-CMD"',
     "profiles/individuals.toml: profiles[0].requirements[1].standard: SEA-CMD@2025 is not open "
     "to 'staff_officer'"),
    ("centres.toml", 'state = "KEN"', 'state = "PSE"',
     "centres.toml: centres[1].state: 'PSE' is not a UN Member State"),
    ("taxonomy.toml", 'code = "tot"', 'code = "sea"',
     "taxonomy.toml: categories[2].code: sea is defined twice (first in taxonomy.toml "
     "categories[1])"),
])
def test_reference_errors_name_file_and_field(cur, file, old, new, expected):
    edit(cur / file, old, new)
    found = problems_in(cur)
    assert any(p.startswith(expected) for p in found), found


def test_duplicate_code_and_version_across_files(cur):
    sea = (cur / "standards/sea.toml").read_text()
    (cur / "standards/extra.toml").write_text(sea.split("\n\n[[standards]]")[0] + "\n")
    assert problems_in(cur) == [
        "standards/sea.toml: standards[0].code: SEA-1@2025 is defined twice (first in "
        "standards/extra.toml standards[0])"]


def test_duplicate_profile_code_and_target(cur):
    edit(cur / "profiles/individuals.toml", 'code = "SO-L2"', 'code = "INF-L2"')
    found = problems_in(cur)
    assert found == ["profiles/units.toml: profiles[0].code: INF-L2 is defined twice "
                     "(first in profiles/individuals.toml profiles[0])"]


def test_profile_needs_exactly_one_target(cur):
    edit(cur / "profiles/units.toml", 'unit_type = "infantry_battalion"',
         'unit_type = "infantry_battalion"\npersonnel_category = "staff_officer"')
    assert problems_in(cur) == [
        "profiles/units.toml: profiles[0]: give exactly one of unit_type or personnel_category "
        "(line 1, INF-L2)"]


def test_profile_requiring_the_same_standard_twice(cur):
    edit(cur / "profiles/units.toml", 'standard = "SEA-1"', 'standard = "CORE-1"')
    assert problems_in(cur) == [
        "profiles/units.toml: profiles[0].requirements[1].standard: 'CORE-1' is required twice "
        "in INF-L2"]


def test_a_broken_entry_is_not_reported_again_through_references(cur):
    """SEA-1 fails validation; the profiles that require it are not told it is unknown."""
    edit(cur / "standards/sea.toml", "validity_months = 12", "validity_months = 0")
    found = problems_in(cur)
    assert len(found) == 1 and found[0].startswith("standards/sea.toml: standards[0]")


def test_an_unparsable_file_does_not_cascade(cur):
    edit(cur / "standards/tot.toml", 'version = "2017"', 'version = ')
    found = problems_in(cur)
    assert len(found) == 1 and found[0].startswith("standards/tot.toml: line 3: TOML syntax")


def test_missing_file_unknown_table_and_empty_folder(tmp_path, cur):
    (cur / "centres.toml").unlink()
    edit(cur / "gender_targets.toml", "[[targets]]", "[[target]]", count=3)
    found = problems_in(cur)
    assert "centres.toml: file: missing" in found
    assert "gender_targets.toml: target: unknown table (expected targets)" in found
    assert "gender_targets.toml: targets: missing: add at least one [[targets]] entry" in found
    empty = tmp_path / "empty"
    empty.mkdir()
    assert "standards/: files: no standards/*.toml files found" in problems_in(empty)
    assert problems_in(tmp_path / "nope")[0].endswith("nope: directory: not found")


def test_not_utf8_names_the_line(cur):
    path = cur / "centres.toml"
    path.write_bytes(path.read_bytes().replace("Entebbe".encode(), "Entebb\xe9".encode("latin-1")))
    assert problems_in(cur) == ["centres.toml: line 6: not valid UTF-8"]


def test_problem_format():
    assert str(Problem("standards/sea.toml", "standards[2].pass_mark", "too high")) == \
        "standards/sea.toml: standards[2].pass_mark: too high"


def test_dates_are_dates():
    core = read_catalogue(FIXTURE_CURRICULA).standards
    assert {s.effective_on for s in core} >= {date(2017, 1, 1), date(2025, 1, 1)}
