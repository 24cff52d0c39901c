"""Whom each requirement applies to is stated per requirement (issue 17 item 4): the files say it,
the check refuses what cannot be met, and the real catalogue asks commanders, key appointments
and NIOs for what practice asks of them, not everything of every key appointment."""
import pytest

from app.catalogue.loader import check_catalogue, read_catalogue
from tests.factories_catalogue import REAL_CURRICULA, copy_curricula, edit

CMD = '\n[[profiles.requirements]]\nstandard = "SEA-CMD"\napplies_to = ["key_appointments"]\n'


def problems_in(directory) -> list[str]:
    catalogue, problems = check_catalogue(directory)
    assert catalogue is None and problems, "expected the catalogue to be refused"
    return [str(p) for p in problems]


@pytest.fixture
def cur(tmp_path):
    return copy_curricula(tmp_path)


@pytest.mark.parametrize("groups, expected", [
    ('["chaplains"]', "applies_to"),
    ('[]', "applies_to"),
    ('["key_appointments", "key_appointments"]', "applies_to names a group twice"),
    ('["nios", "key_appointments"]', "give 'nios' alone"),
])
def test_an_unknown_empty_or_mixed_group_is_refused(cur, groups, expected):
    edit(cur / "profiles/units.toml", CMD, CMD.replace('["key_appointments"]', groups))
    [problem] = problems_in(cur)
    assert "profiles/units.toml" in problem and expected in problem


def test_a_share_only_goes_with_all(cur):
    edit(cur / "profiles/units.toml", CMD, CMD + "share = 0.5\n")
    [problem] = problems_in(cur)
    assert "give it only with applies_to 'all'" in problem


def test_a_requirement_for_nios_needs_an_nio_rule(cur):
    edit(cur / "profiles/units.toml", CMD, CMD.replace('["key_appointments"]', '["nios"]'))
    assert read_catalogue(cur)  # INF-L2 has nio_per = 150
    edit(cur / "profiles/units.toml", "nio_per = 150", "nio_per = 0")
    assert problems_in(cur) == [
        "profiles/units.toml: profiles[0].requirements[2].applies_to: 'SEA-CMD' applies to NIOs, "
        "but INF-L2 has no NIO rule (nio_per = 0): nobody would be asked for it"]


def test_the_old_single_flags_are_refused(cur):
    edit(cur / "profiles/units.toml", CMD, CMD.replace('applies_to = ["key_appointments"]',
                                                      "key_appointments_only = true"))
    assert any("key_appointments_only" in p for p in problems_in(cur))


def _requirements(code):
    profile = {p.code: p for p in read_catalogue(REAL_CURRICULA).profiles}[code]
    return {r.standard: list(r.applies_to) for r in profile.requirements}


@pytest.mark.parametrize("code", ["INF-BN-L2", "INF-BN-RDL", "FPU-L2", "ENG-COY-L3"])
def test_the_real_catalogue_states_whom_each_requirement_applies_to(code):
    found = _requirements(code)
    assert found["PSEA-CMD"] == ["commanders"]  # the PSEA lesson for commanders and managers
    assert found["CPTM-M1"] == found["PSEA"] == ["all", "key_appointments"]
    assert found["FA-BFAC"] == ["all"]
    if code != "FPU-L2":
        assert found["STM-NIO"] == ["nios"]  # not every commander: the NIOs who count
    if code in ("INF-BN-RDL", "ENG-COY-L3"):
        assert found["CIED-CMD"] == ["commanders"]
    # no key appointment is asked for a unit's specialist courses in person any more
    assert all(groups == ["all"] for std, groups in found.items()
               if std.startswith(("HEE-", "STM-INF", "UNIT-ENG")))


def test_individually_deployed_personnel_have_no_pcrs_level(cur):
    """A profile for a personnel category clears a person; a pledged unit's profile has a
    level."""
    edit(cur / "profiles/individuals.toml", 'personnel_category = "staff_officer"\n',
         'personnel_category = "staff_officer"\npcrs_level = "L2"\n')
    [problem] = problems_in(cur)
    assert "have no PCRS level" in problem
    edit(cur / "profiles/individuals.toml", 'pcrs_level = "L2"\n', "")
    edit(cur / "profiles/units.toml", 'pcrs_level = "L2"\n', "")
    [problem] = problems_in(cur)
    assert "a unit type's profile needs its pcrs_level" in problem


def test_the_real_individual_profiles_clear_people_without_a_level():
    profiles = read_catalogue(REAL_CURRICULA).profiles
    individual = {p.code: p for p in profiles if p.personnel_category}
    assert set(individual) == {"SO-DEPLOY", "MILOBS-DEPLOY", "IPO-AMS", "CIV-DEPLOY"}
    assert all(p.pcrs_level is None and not p.requires_certificate for p in individual.values())
    assert "AMS" in {r.standard for r in individual["IPO-AMS"].requirements}
    assert all(p.pcrs_level for p in profiles if p.unit_type)
