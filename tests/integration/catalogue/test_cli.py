"""`flask catalogue check` and `flask catalogue load`."""
from sqlalchemy import func, select

from app.catalogue.models import Standard
from tests.factories_catalogue import FIXTURE_CURRICULA, REAL_CURRICULA, copy_curricula, edit


def test_check_valid_directory(runner):
    result = runner.invoke(args=["catalogue", "check", str(FIXTURE_CURRICULA)])
    assert result.exit_code == 0, result.output
    assert "valid (5 standards, 2 profiles" in result.output


def test_check_real_curricula_with_one_broken_field_exits_1(runner, tmp_path):
    cur = copy_curricula(tmp_path, REAL_CURRICULA)
    edit(cur / "standards/sea.toml", "pass_mark = 80", "pass_mark = 180")
    result = runner.invoke(args=["catalogue", "check", str(cur)])
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert lines[0].startswith("standards/sea.toml: standards[0].assessment.pass_mark: "
                               "Input should be less than or equal to 100")
    assert lines[-1] == f"1 problem(s) in {cur}; nothing loaded."


def test_check_reports_every_problem(runner, tmp_path):
    cur = copy_curricula(tmp_path)
    edit(cur / "standards/sea.toml", 'category = "sea"', 'category = "nope"')
    edit(cur / "profiles/units.toml", 'standard = "SEA-1"', 'standard = "SEA-99"')
    result = runner.invoke(args=["catalogue", "check", str(cur)])
    assert result.exit_code == 1
    assert "profiles/units.toml: profiles[0].requirements[1].standard: unknown standard " \
           "'SEA-99'" in result.output
    assert "standards/sea.toml: standards[0].category: unknown category 'nope'" in result.output


def test_load_twice_says_no_changes_the_second_time(runner, db):
    first = runner.invoke(args=["catalogue", "load", str(FIXTURE_CURRICULA)])
    assert first.exit_code == 0, first.output
    assert "standards: 5 added, 0 changed, 0 unchanged, 0 retired" in first.output
    second = runner.invoke(args=["catalogue", "load", str(FIXTURE_CURRICULA)])
    assert second.exit_code == 0
    assert second.output.startswith("No changes")
    assert "5 standards" in second.output


def test_directory_defaults_to_config(app, runner, db):
    app.config["CURRICULA_DIR"] = str(FIXTURE_CURRICULA)
    result = runner.invoke(args=["catalogue", "load"])
    assert result.exit_code == 0, result.output
    assert db.session.scalar(select(func.count()).select_from(Standard)) == 5
