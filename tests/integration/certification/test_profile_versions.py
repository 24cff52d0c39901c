"""The catalogue changes safely: a changed profile becomes a new version, the old one stays as it
was for the certificates issued under it, and `flask catalogue diff` shows beforehand which
units' verdicts a load would change, writing nothing."""
from sqlalchemy import func, select

from app.catalogue import queries
from app.catalogue.models import RequirementProfile, Standard
from app.certification import services
from app.timeutil import today
from tests.factories_catalogue import FIXTURE_CURRICULA, copy_curricula, edit, load
from tests.factories_certification import embedded_credential, stored_pdf


def test_a_certificate_keeps_the_profile_version_it_was_issued_under(
        app, db, cert_env, certifiable_unit, make_user):
    setup = certifiable_unit(size=6)  # INF-L2, version 1: CD-1 and SEA-1 on 80 % of the roster
    cert = services.issue_unit(setup.unit, "L2", make_user("certifying_officer"), today())
    db.session.commit()
    v1 = setup.profile
    assert v1.version == 1 and cert.profile_id == v1.id
    assert embedded_credential(stored_pdf(app, cert))["payload"]["profile"] == {
        "code": "INF-L2", "version": 1, "level": "L2"}

    report = load(FIXTURE_CURRICULA, on=today())  # the files' INF-L2 asks other standards
    assert "profile INF-L2: version 1 -> 2" in report.summary()
    v2 = queries.profile_by_code("INF-L2")
    assert (v2.version, v2.in_catalogue) == (2, True)
    assert [r.standard_code for r in v2.requirements] == ["CORE-1", "SEA-1", "SEA-CMD"]
    db.session.refresh(cert)
    db.session.refresh(v1)
    assert cert.profile_id == v1.id  # the certificate still names the version it was issued under
    assert not v1.in_catalogue and v1.retired_on == today()
    assert [r.standard_code for r in v1.requirements] == ["CD-1", "SEA-1"]  # left as it was
    assert queries.profile_by_code("INF-L2", 1).id == v1.id
    # a valid certificate for the profile still counts for its level, whatever its version
    assert services.valid_unit_certificate(setup.unit, v2, today()).id == cert.id

    again = load(FIXTURE_CURRICULA, on=today())
    assert again.notes == [] and again.tallies["profiles"].unchanged == 2
    assert db.session.scalar(select(func.count(RequirementProfile.id))) == 3  # v1, v2, SO-L2


def test_profile_pages_show_versions(app, db, client, cert_env, certifiable_unit):
    certifiable_unit(size=2)
    db.session.commit()
    load(FIXTURE_CURRICULA, on=today())
    current = client.get("/catalogue/profiles/INF-L2").get_data(as_text=True)
    assert "Version 2" in current and 'href="/catalogue/profiles/INF-L2?version=1"' in current
    old = client.get("/catalogue/profiles/INF-L2?version=1").get_data(as_text=True)
    assert "This version was replaced on" in old and "certificates issued under it keep it" in old
    assert client.get("/catalogue/profiles/INF-L2?version=9").status_code == 404
    assert client.get("/catalogue/profiles/INF-L2?version=x").status_code == 404


def test_diff_names_the_units_whose_verdict_would_change_and_writes_nothing(
        app, db, runner, certifiable_unit, tmp_path):
    setup = certifiable_unit(size=6)
    db.session.commit()
    standards = db.session.scalar(select(func.count(Standard.id)))

    result = runner.invoke(args=["catalogue", "diff", str(FIXTURE_CURRICULA)])
    assert result.exit_code == 0, result.output
    assert "would change (nothing written)" in result.output
    assert "profiles: 1 added, 1 changed, 0 unchanged, 0 retired" in result.output
    assert "profile INF-L2: version 1 -> 2" in result.output
    assert (f"KEN {setup.unit.name} (level L2): INF-L2 v1: certifiable -> "
            "INF-L2 v2: not certifiable") in result.output
    assert "      + coverage_short CORE-1 need 6" in result.output
    assert "      + screening_missing" in result.output

    db.session.expire_all()
    assert db.session.scalar(select(func.count(Standard.id))) == standards
    assert [(p.code, p.version) for p in db.session.scalars(select(RequirementProfile))] == [
        ("INF-L2", 1)]

    load(FIXTURE_CURRICULA, on=today())
    cur = copy_curricula(tmp_path)
    result = runner.invoke(args=["catalogue", "diff", str(cur)])
    assert "No unit's verdict on its next PCRS level would change." in result.output
    edit(cur / "profiles/units.toml", 'standard = "SEA-1"\nshare = 1.0', 'standard = "SEA-1"')
    result = runner.invoke(args=["catalogue", "diff", str(cur)])
    assert "profile INF-L2: version 2 -> 3" in result.output
    edit(cur / "standards/core.toml", 'category = "core"', 'category = "nope"')
    result = runner.invoke(args=["catalogue", "diff", str(cur)])
    assert result.exit_code == 1 and "unknown category 'nope'" in result.output
