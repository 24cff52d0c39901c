"""Every catalogue entry names its source or says why it has none; sets are folded into profiles
with each rule stated once; a topic taught inside the CPTM is not required twice."""
import pytest

from app.catalogue.loader import check_catalogue, read_catalogue
from tests.factories_catalogue import REAL_CURRICULA, copy_curricula, edit


def problems_in(directory) -> list[str]:
    catalogue, problems = check_catalogue(directory)
    assert catalogue is None and problems, "expected the catalogue to be refused"
    return [str(p) for p in problems]


@pytest.fixture
def cur(tmp_path):
    return copy_curricula(tmp_path)


def test_an_entry_with_neither_source_nor_reason_is_refused(cur):
    edit(cur / "standards/tot.toml", 'sources = ["FIX-CPTM"]\n', "")
    [problem] = problems_in(cur)
    assert problem.startswith("standards/tot.toml: standards[0]: no source: name the documents")
    assert "(line 1, TOT-CORE@2017)" in problem


def test_a_reason_in_both_languages_replaces_a_source(cur):
    edit(cur / "standards/tot.toml", 'sources = ["FIX-CPTM"]\n',
         'unsourced_en = "No public copy was found."\nunsourced_fr = "Aucune copie trouvée."\n')
    catalogue = read_catalogue(cur)
    tot = {s.ref: s for s in catalogue.standards}["TOT-CORE@2017"]
    assert tot.sources == [] and tot.provenance()["unsourced_fr"] == "Aucune copie trouvée."


@pytest.mark.parametrize("old, new, expected", [
    ('sources = ["FIX-CPTM"]\n', 'unsourced_en = "None found."\n',
     "standards[0]: give both unsourced_en and unsourced_fr (English and French) or neither"),
    ('sources = ["FIX-CPTM"]\n', 'sources = ["FIX-CPTM"]\nunsourced_en = "x"\nunsourced_fr = "x"\n',
     "standards[0]: give either sources or unsourced_en/unsourced_fr, not both"),
    ('sources = ["FIX-CPTM"]\n', 'sources = ["NO-SUCH-DOC"]\n',
     "standards[0].sources[0]: unknown source 'NO-SUCH-DOC' (not in sources.toml)"),
    ('sources = ["FIX-CPTM"]\n', 'sources = ["FIX-CPTM"]\ndesign_choice_en = "Ours."\n',
     "standards[0]: give both design_choice_en and design_choice_fr"),
])
def test_provenance_problems_name_the_entry(cur, old, new, expected):
    edit(cur / "standards/tot.toml", old, new)
    assert any(expected in p for p in problems_in(cur)), problems_in(cur)


def test_a_source_nobody_cites_is_reported(cur):
    with (cur / "sources.toml").open("a") as f:
        f.write('\n[[sources]]\ncode = "UNUSED"\ntitle = "T"\nissuer = "I"\nchecked_on = 2026-12-06\n')
    assert problems_in(cur) == [
        "sources.toml: sources[2].code: source 'UNUSED' is cited by no entry: cite it or remove it"]


def test_a_correction_cites_its_source_and_is_kept(cur):
    edit(cur / "standards/tot.toml", 'sources = ["FIX-CPTM"]\n', 'sources = ["FIX-CPTM"]\n'
         'corrections = [{ on = 2026-12-06, note_en = "Date fixed.", note_fr = "Date corrigée.", '
         'sources = ["FIX-PCRS"] }]\n')
    tot = read_catalogue(cur).standards[-1]
    assert tot.provenance()["corrections"] == [
        {"on": "2026-12-06", "note_en": "Date fixed.", "note_fr": "Date corrigée.",
         "sources": ["FIX-PCRS"]}]
    edit(cur / "standards/tot.toml", '"FIX-PCRS"] }', '"NOPE"] }')
    assert problems_in(cur) == ["standards/tot.toml: standards[0].corrections[0].sources[0]: "
                                "unknown source 'NOPE' (not in sources.toml)"]


def test_a_withdrawn_version_needs_retirement_and_a_correction(cur):
    edit(cur / "standards/tot.toml", 'sources = ["FIX-CPTM"]\n',
         'sources = ["FIX-CPTM"]\nwithdrawn = true\n')
    assert any("a withdrawn version needs retired_on and a correction saying why" in p
               for p in problems_in(cur))


def test_set_rules_fold_into_the_profile_and_each_rule_is_stated_once(cur):
    so = {p.code: p for p in read_catalogue(cur).profiles}["SO-L2"]
    assert so.roster_share == 1.0 and so.screening_required and so.includes == ["FIX-INDIVIDUAL"]
    edit(cur / "profiles/individuals.toml", 'includes = ["FIX-INDIVIDUAL"]\n',
         'includes = ["FIX-INDIVIDUAL"]\nroster_share = 0.5\n')
    assert problems_in(cur) == [
        "profiles/individuals.toml: profiles[0].roster_share: 'roster_share' is stated twice: "
        "set FIX-INDIVIDUAL says 1.0, the profile says 0.5; state it once"]


def test_a_rule_stated_nowhere_and_an_unknown_set_are_refused(cur):
    edit(cur / "profiles/individuals.toml", 'includes = ["FIX-INDIVIDUAL"]', 'includes = []')
    assert problems_in(cur) == [
        "profiles/individuals.toml: profiles[0].requires_certificate: requires_certificate, "
        "certificate_validity_months, roster_share, screening_required, "
        "nio_per not stated by the profile nor by a set it includes"]
    edit(cur / "profiles/individuals.toml", 'includes = []', 'includes = ["NOPE"]')
    assert problems_in(cur) == [
        "profiles/individuals.toml: profiles[0].includes[0]: unknown requirement set 'NOPE' (not "
        "in requirement_sets.toml)"]


def test_set_requirements_come_first_marked_with_their_origin(cur):
    with (cur / "requirement_sets.toml").open("a") as f:
        f.write('\n[[sets.requirements]]\nstandard = "CORE-1"\n')
    catalogue, problems = check_catalogue(cur)
    assert [str(p) for p in problems] == [
        "profiles/individuals.toml: profiles[0].requirements[1].standard: 'CORE-1' is required "
        "twice in SO-L2"]
    edit(cur / "profiles/individuals.toml", '\n[[profiles.requirements]]\nstandard = "CORE-1"\n', "")
    so = {p.code: p for p in read_catalogue(cur).profiles}["SO-L2"]
    assert [(r.standard, r.origin) for r in so.requirements] == [
        ("CORE-1", "FIX-INDIVIDUAL"), ("SEA-1", None)]


def test_a_topic_taught_inside_another_required_standard_is_refused(cur):
    edit(cur / "standards/sea.toml", 'sources = ["FIX-CPTM"]\n',
         'sources = ["FIX-CPTM"]\ncovered_by = ["CORE-1"]\n')
    assert problems_in(cur) == [
        "profiles/individuals.toml: profiles[0].requirements[1].standard: SEA-1@2025 is taught "
        "inside CORE-1, which SO-L2 also requires: require the topic once",
        "profiles/units.toml: profiles[0].requirements[1].standard: SEA-1@2025 is taught inside "
        "CORE-1, which INF-L2 also requires: require the topic once"]


def test_every_entry_of_the_real_catalogue_is_sourced_or_says_why_not():
    catalogue = read_catalogue(REAL_CURRICULA)
    entries = [*catalogue.standards, *catalogue.profiles, *catalogue.gender_targets,
               *catalogue.sets, *catalogue.taxonomy["editions"], *catalogue.taxonomy["unit_types"]]
    unsourced = [e for e in entries if not e.sources]
    assert all(e.unsourced_en and e.unsourced_fr for e in unsourced)
    assert len(unsourced) < len(entries) / 5  # the exception, not the rule
    cited = {code for e in entries for _path, code in e.cited()}
    assert cited == {s.code for s in catalogue.sources}


def test_the_review_errors_are_corrected_in_the_real_catalogue():
    """shared/catalogue-review.md, 'Errors of fact found', each checked against the entries."""
    catalogue = read_catalogue(REAL_CURRICULA)
    std = {s.ref: s for s in catalogue.standards}
    m2 = std["CPTM-M2@2025"]
    assert [(x.number, x.minutes) for x in m2.lessons] == [("2.5", 45)]
    assert "Conflict-Related Sexual Violence" in m2.lessons[0].title_en
    assert "lesson 2.5" in std["CRSV-1@2025"].summary_en
    assert "2.5" not in std["GENDER-WPS@2025"].summary_en
    assert str(std["CPTM-M1@2017"].effective_on) == "2017-05-02"
    assert "legal framework" not in std["CPTM-M2@2017"].summary_en
    assert [x.number for x in std["CPTM-M1@2017"].lessons] == ["1.1", "1.4"]
    for withdrawn, current in (("STM-MILOBS@2023", "STM-MILOBS@2019"), ("STM-IPO@2017", "STM-IPO@2021"),
                               ("STM-INF@2023", "STM-INF@2022"), ("STM-MP@2017", "STM-MP@2018"),
                               ("FA-BFAC@2019", "FA-BFAC@2018")):
        assert std[withdrawn].withdrawn and std[withdrawn].retired_on and std[withdrawn].corrections
        assert not std[current].withdrawn and std[current].retired_on is None
    assert len(std["FA-BFAC@2018"].lessons) == 8 and std["FA-BFAC@2018"].source_edition == "UNBFAC-2018"
    psea = std["PSEA@2018"]
    assert [x.title_en for x in psea.lessons] == [
        "All personnel: UN standards", "All personnel: Consequences for abusers",
        "All personnel: Obligations for UN personnel"]
    assert all(std[f"SEA-{n}@2025"].withdrawn for n in ("1", "2", "3"))
    editions = {e.code for e in catalogue.taxonomy["editions"]}
    assert "UNMAS-2017" not in editions
    assert {s.source_edition for s in catalogue.standards if s.code.startswith("CIED")} == {
        "EXPLOSIVE-HAZARDS"}
    targets = {(t.year, t.category): t for t in catalogue.gender_targets}
    assert targets[(2022, "formed_police_units")].target_percent == 12.0
    assert (2018, "formed_police_units") not in targets
    assert "LONDON-2016" in targets[(2020, "individual_police")].sources
    for lang in ("EN", "FR"):
        level = std[f"LANG-{lang}-2@2018"]
        assert level.minimum_minutes is None and "24-month" in level.design_choice_en
    assert std["AMS@2019"].validity_months == 24 and "REVIEW-2026" in std["AMS@2019"].sources
