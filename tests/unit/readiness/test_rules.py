"""Readiness rules: boundaries, monotonicity and agreement with an independent reference."""
from datetime import date, timedelta

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from app.readiness import rules
from app.readiness.rules import (CompletionFact, LanguageFact, LanguageRule, PersonFact,
                                 ProfileFact, Requirement, Status, add_months, assess_unit,
                                 cell_for)
from tests.unit.readiness import reference

ON = date(2026, 3, 15)
SETTINGS = settings(derandomize=True, deadline=None, database=None)


def done(person=1, code="A", on=date(2025, 6, 1), passed=True, qualified=True, current=True,
         months=12):
    return CompletionFact(person, code, "2025", on, passed, qualified, current, months)


def profile(*codes, share=1.0, **kw):
    return ProfileFact(required=tuple(Requirement(c) for c in codes), roster_share=share, **kw)


def roster(n, keys=0, nios=0, commanders=0):
    return [PersonFact(i, is_key_appointment=i < keys, is_nio=i < nios,
                       is_commander=i < commanders) for i in range(n)]


def keys_too(*codes):
    return tuple(Requirement(c, applies_to=("all", "key_appointments")) for c in codes)


def codes(verdict):
    return {r.code for r in verdict.reasons}


# --- month arithmetic and expiry ----------------------------------------------------------

@pytest.mark.parametrize("start, months, expected", [
    (date(2025, 1, 31), 1, date(2025, 2, 28)),
    (date(2024, 1, 31), 1, date(2024, 2, 29)),  # leap year
    (date(2024, 2, 29), 12, date(2025, 2, 28)),  # leap day, next year has none
    (date(2024, 2, 29), 48, date(2028, 2, 29)),  # four years on, a leap day again
    (date(2025, 3, 31), 1, date(2025, 4, 30)),
    (date(2025, 12, 15), 1, date(2026, 1, 15)),
    (date(2025, 6, 10), 12, date(2026, 6, 10)),
])
def test_add_months_clamps_to_month_end(start, months, expected):
    assert add_months(start, months) == expected


@given(st.dates(min_value=date(1990, 1, 1), max_value=date(2090, 1, 1)), st.integers(0, 120))
@SETTINGS
def test_add_months_agrees_with_stepping_one_month_at_a_time(start, months):
    assert add_months(start, months) == reference.expiry(start, months)


def test_expires_today_is_still_valid_and_expired_tomorrow():
    completion = done(on=date(2025, 3, 15), months=12)  # expiry date 2026-03-15
    assert cell_for([completion], date(2026, 3, 15), expiring_days=0).status.holds
    assert cell_for([completion], date(2026, 3, 16), expiring_days=0).status is Status.EXPIRED
    assert cell_for([completion], date(2026, 3, 14), expiring_days=0).status is Status.VALID
    # through the unit: held today (coverage met), not tomorrow
    one = [PersonFact(1)]
    assert assess_unit(profile("A"), one, [completion], True, "en", date(2026, 3, 15)).certifiable
    assert not assess_unit(profile("A"), one, [completion], True, "en",
                           date(2026, 3, 16)).certifiable


def test_completed_on_leap_day_expires_on_28_february():
    completion = done(on=date(2024, 2, 29), months=12)
    assert completion.expires_on == date(2025, 2, 28)
    assert cell_for([completion], date(2025, 2, 28), 0).status.holds
    assert cell_for([completion], date(2025, 3, 1), 0).status is Status.EXPIRED


@pytest.mark.parametrize("days_left, expected", [
    (0, Status.EXPIRING), (59, Status.EXPIRING), (60, Status.EXPIRING), (61, Status.VALID),
])
def test_expiring_window_is_inclusive(days_left, expected):
    on = date(2026, 1, 1)
    expiry = on + timedelta(days=days_left)
    completion = done(on=add_months(expiry, -12), months=12)
    assert completion.expires_on == expiry
    assert cell_for([completion], on, expiring_days=60).status is expected


# --- what counts ----------------------------------------------------------------------------

def test_failed_attempt_does_not_count_but_a_later_pass_does():
    fail = done(on=date(2025, 5, 1), passed=False)
    assert cell_for([fail], ON).status is Status.MISSING
    later = done(on=date(2025, 6, 1))
    assert cell_for([fail, later], ON).status is Status.VALID


def test_a_fail_after_a_pass_does_not_undo_the_pass():
    assert cell_for([done(on=date(2025, 6, 1)), done(on=date(2025, 9, 1), passed=False)],
                    ON).status is Status.VALID


@pytest.mark.parametrize("kw, why", [
    ({"qualified": False}, ("unqualified_signer",)),
    ({"current": False}, ("version_not_current",)),
    ({"qualified": False, "current": False}, ("unqualified_signer", "version_not_current")),
])
def test_unqualified_sign_off_or_retired_version_is_not_counted(kw, why):
    cell = cell_for([done(**kw)], ON)
    assert cell.status is Status.NOT_COUNTED
    assert cell.not_counted_because == why


def test_completion_after_the_date_is_ignored():
    assert cell_for([done(on=ON + timedelta(days=1))], ON).status is Status.MISSING
    assert cell_for([done(on=ON)], ON).status is Status.VALID


def test_latest_expiry_wins_among_valid_completions():
    old, new = done(on=date(2025, 4, 1)), done(on=date(2025, 12, 1))
    cell = cell_for([new, old], ON)
    assert cell.status is Status.VALID and cell.expires_on == date(2026, 12, 1)


def test_expired_counted_pass_beats_a_stale_uncounted_one():
    assert cell_for([done(on=date(2024, 1, 1)), done(on=date(2024, 2, 1), qualified=False)],
                    ON).status is Status.EXPIRED
    # ...but a live uncounted pass is the more useful thing to show
    assert cell_for([done(on=date(2024, 1, 1)), done(on=date(2025, 9, 1), qualified=False)],
                    ON).status is Status.NOT_COUNTED


# --- unit boundaries ------------------------------------------------------------------------

@pytest.mark.parametrize("holding, certifiable", [(9, True), (8, False), (10, True)])
def test_share_exactly_met_passes_and_one_short_fails(holding, certifiable):
    people = roster(10)
    facts = [done(person=i) for i in range(holding)]
    verdict = assess_unit(profile("A", share=0.9), people, facts, True, "en", ON)
    assert verdict.certifiable is certifiable
    assert verdict.coverage["A"].required == 9
    assert verdict.coverage["A"].holding == holding
    if not certifiable:
        (reason,) = verdict.reasons
        assert (reason.code, reason.standard, reason.have, reason.need) == \
            ("coverage_short", "A", 8, 9)


def test_share_is_exact_for_decimal_fractions():
    # 0.07 * 100 is 7.000000000000001 in floating point; 7 people must be enough
    people = roster(100)
    facts = [done(person=i) for i in range(7)]
    assert assess_unit(profile("A", share=0.07), people, facts, True, "en", ON).certifiable


@pytest.mark.parametrize("size, nios, certifiable", [
    (149, 0, True), (150, 0, False), (150, 1, True), (151, 1, False), (151, 2, True),
    (300, 2, True), (301, 2, False),
])
def test_nio_rule_at_149_and_150_people(size, nios, certifiable):
    people = roster(size, nios=nios)
    verdict = assess_unit(profile(nio_per=150), people, [], True, "en", ON)
    assert verdict.certifiable is certifiable
    assert ("nio_short" in codes(verdict)) is not certifiable


def test_empty_roster_is_never_certifiable():
    verdict = assess_unit(profile("A"), [], [], True, "en", ON)
    assert not verdict.certifiable and codes(verdict) == {"empty_roster"}


def test_a_standard_for_all_and_key_appointments_is_asked_of_each_key_appointment():
    people = roster(10, keys=1)
    facts = [done(person=i) for i in range(1, 10)]  # 9 of 10, but not the key appointment 0
    both = ProfileFact(required=keys_too("A"), roster_share=0.9)
    verdict = assess_unit(both, people, facts, True, "en", ON)
    assert [(r.code, r.people, r.standards) for r in verdict.reasons] == \
        [("key_appointment_incomplete", (0,), ("A",))]
    share_only = assess_unit(profile("A", share=0.9), people, facts, True, "en", ON)
    assert share_only.certifiable  # for all: the key appointment counts like everyone else


def test_key_appointments_only_standard_is_not_asked_of_the_rest():
    prof = ProfileFact(required=(Requirement("A"),
                                 Requirement("CMD", applies_to=("key_appointments",))))
    people = roster(3, keys=1)
    facts = [done(person=i) for i in range(3)] + [done(person=0, code="CMD")]
    verdict = assess_unit(prof, people, facts, True, "en", ON)
    assert verdict.certifiable and verdict.coverage["CMD"].required == 1
    verdict = assess_unit(prof, people, facts[:-1], True, "en", ON)
    assert codes(verdict) == {"key_appointment_incomplete"}


def test_a_commanders_standard_is_asked_of_commanders_only_not_of_other_key_appointments():
    """A battalion's commanders need the commanders' lesson; its other key appointments do not
    (the old single flag asked every key appointment for everything)."""
    prof = ProfileFact(required=(Requirement("A"), Requirement("CMD", applies_to=("commanders",))))
    people = roster(4, keys=3, commanders=1)  # 0: commander; 1, 2: other key appointments
    facts = [done(person=i) for i in range(4)]
    verdict = assess_unit(prof, people, facts + [done(person=0, code="CMD")], True, "en", ON)
    assert verdict.certifiable and verdict.coverage["CMD"].required == 1
    verdict = assess_unit(prof, people, facts + [done(person=1, code="CMD")], True, "en", ON)
    assert [(r.code, r.people, r.standards) for r in verdict.reasons] == \
        [("key_appointment_incomplete", (0,), ("CMD",))]


def test_a_commander_is_a_key_appointment():
    prof = ProfileFact(required=(Requirement("K", applies_to=("key_appointments",)),),
                       language=LanguageRule(applies_to="key_appointments", min_level=2))
    commander = [PersonFact(0, is_commander=True), PersonFact(1)]
    verdict = assess_unit(prof, commander, [], True, "en", ON)
    assert {(r.code, r.people) for r in verdict.reasons} == {
        ("key_appointment_incomplete", (0,)), ("language_short", (0,))}


@pytest.mark.parametrize("trained, certifiable", [(0, False), (1, True), (2, True)])
def test_an_nio_counts_only_with_the_nio_course_as_well_as_the_appointment(trained, certifiable):
    """150 people need one NIO: two appointed, of whom `trained` hold the NIO course."""
    prof = ProfileFact(required=(Requirement("NIO", applies_to=("nios",)),), nio_per=150)
    people = roster(150, nios=2)
    facts = [done(person=i, code="NIO") for i in range(trained)]
    verdict = assess_unit(prof, people, facts, True, "en", ON)
    assert verdict.certifiable is certifiable
    assert verdict.nio_count == trained
    assert verdict.coverage["NIO"].required == 1 and verdict.coverage["NIO"].holding == trained
    if not certifiable:
        assert [(r.code, r.have, r.need, r.people, r.standards) for r in verdict.reasons] == \
            [("nio_short", 0, 1, (0, 1), ("NIO",))]


def test_the_nio_course_is_not_asked_of_anyone_else_nor_of_an_extra_untrained_nio():
    prof = ProfileFact(required=(Requirement("NIO", applies_to=("nios",)),), nio_per=150)
    people = roster(150, keys=5, nios=2)  # 0, 1: NIOs who are key appointments too
    verdict = assess_unit(prof, people, [done(person=0, code="NIO")], True, "en", ON)
    assert verdict.certifiable  # one trained NIO is enough; the untrained one does not block



def test_language_rule_uses_mission_language_level_and_validity():
    rule = LanguageRule(applies_to="key_appointments", min_level=2, mission_language=True)
    prof = profile(language=rule)
    fr2 = LanguageFact("fr", 2, valid_until=ON)
    people = [PersonFact(1, is_key_appointment=True, languages=(fr2,)), PersonFact(2)]
    assert assess_unit(prof, people, [], True, "fr", ON).certifiable
    assert not assess_unit(prof, people, [], True, "en", ON).certifiable  # wrong language
    tomorrow = assess_unit(prof, people, [], True, "fr", ON + timedelta(days=1))
    assert [(r.code, r.people, r.language) for r in tomorrow.reasons] == \
        [("language_short", (1,), "fr")]
    low = [PersonFact(1, is_key_appointment=True, languages=(LanguageFact("fr", 1),))]
    assert not assess_unit(prof, low, [], True, "fr", ON).certifiable


def test_screening_required_only_when_the_profile_says_so():
    people = roster(1)
    assert assess_unit(profile(), people, [], False, "en", ON).certifiable
    verdict = assess_unit(profile(screening_required=True), people, [], False, "en", ON)
    assert codes(verdict) == {"screening_missing"}


def test_every_failing_rule_is_listed_not_only_the_first():
    rule = LanguageRule(min_level=2)
    prof = ProfileFact(required=keys_too("A", "B"), nio_per=2, language=rule,
                       screening_required=True)
    verdict = assess_unit(prof, roster(4, keys=1), [], False, "en", ON)
    assert codes(verdict) == {"coverage_short", "key_appointment_incomplete", "nio_short",
                              "language_short", "screening_missing"}
    assert [r.standard for r in verdict.reasons if r.code == "coverage_short"] == ["A", "B"]


def test_people_trained_on_the_same_day_are_judged_by_their_own_records():
    """Equal histories share one judgement; any difference in what the rules read (sign-off,
    version, pass, validity) gives that person their own status."""
    day = date(2025, 6, 1)
    facts = [done(0, on=day), done(1, on=day), done(2, on=day, qualified=False),
             done(3, on=day, current=False), done(4, on=day, passed=False),
             done(5, on=day, months=6), done(6, on=day, qualified=False, current=False)]
    verdict = assess_unit(profile("A"), roster(8), facts, True, "en", ON)
    cells = {p: row["A"] for p, row in verdict.per_person.items()}
    assert cells[0] == cells[1] == rules.Cell(Status.VALID, date(2026, 6, 1))
    assert cells[2] == rules.Cell(Status.NOT_COUNTED, date(2026, 6, 1), ("unqualified_signer",))
    assert cells[3] == rules.Cell(Status.NOT_COUNTED, date(2026, 6, 1), ("version_not_current",))
    assert cells[4].status is cells[7].status is Status.MISSING
    assert cells[5] == rules.Cell(Status.EXPIRED, date(2025, 12, 1))
    assert cells[6].not_counted_because == ("unqualified_signer", "version_not_current")
    assert verdict.coverage["A"].holding == 2 and verdict.coverage["A"].required == 8


# --- generated units: reference agreement and monotonicity -------------------------------

CODES = ("A", "B", "C")
DAY = st.dates(min_value=date(2023, 1, 1), max_value=date(2026, 12, 31))
MAYBE_DAY = st.one_of(st.none(), DAY)
SHARE = st.one_of(st.none(), st.integers(1, 100).map(lambda p: p / 100))
LANGUAGE = st.sampled_from(["en", "fr"])
LANGUAGE_FACTS = st.lists(st.builds(LanguageFact, LANGUAGE, st.integers(1, 4), MAYBE_DAY,
                                    MAYBE_DAY), max_size=2).map(tuple)
LANGUAGE_RULE = st.one_of(st.none(), st.builds(
    LanguageRule, st.sampled_from(["key_appointments", "all"]), st.integers(1, 4), st.booleans(),
    LANGUAGE))
REQUIRED = st.lists(st.sampled_from(CODES), min_size=1, max_size=3, unique=True)
APPLIES_TO = st.sampled_from([("all",), ("all",), ("all", "key_appointments"),
                              ("key_appointments",), ("commanders",), ("nios",),
                              ("all", "commanders")])


@st.composite
def units(draw):
    n = draw(st.integers(0, 14))
    required = []
    for code in draw(REQUIRED):
        groups = draw(APPLIES_TO)
        required.append(Requirement(code, draw(SHARE) if "all" in groups else None, groups))
    prof = ProfileFact(tuple(required), draw(st.integers(1, 100)) / 100,
                       draw(st.sampled_from([0, 0, 2, 3, 5])), draw(LANGUAGE_RULE),
                       draw(st.booleans()))
    people = [PersonFact(i, draw(st.booleans()), draw(st.booleans()), draw(LANGUAGE_FACTS),
                         draw(st.booleans())) for i in range(n)]
    completions = draw(st.lists(st.builds(
        CompletionFact, st.integers(0, max(n - 1, 0)), st.sampled_from(CODES + ("Z",)),
        st.just("v"), DAY, st.booleans(), st.booleans(), st.booleans(),
        st.sampled_from([1, 6, 12, 24])), max_size=40))
    window = draw(st.sampled_from([0, 30, 60]))
    on = draw(DAY)
    if completions and draw(st.booleans()):  # aim at the boundaries: expiry day, window edge
        edge = draw(st.sampled_from(completions)).expires_on
        on = edge - timedelta(days=draw(st.sampled_from([-1, 0, 1, window, window + 1])))
    return prof, people, completions, draw(st.booleans()), draw(LANGUAGE), on, window


def reason_keys(verdict):
    keys = set()
    for r in verdict.reasons:
        if r.code == "coverage_short":
            keys.add((r.code, r.standard))
        elif r.code == "key_appointment_incomplete":
            keys.update((r.code, p) for p in r.people)
        else:
            keys.add((r.code,))
    return keys


CHECKED = {"units": 0}


@given(units())
@settings(SETTINGS, max_examples=1000)
def _agrees_with_reference(unit):
    CHECKED["units"] += 1
    prof, people, completions, screening, lang, on, window = unit
    verdict = assess_unit(prof, people, completions, screening, lang, on, window)
    ok, reasons, statuses, coverage = reference.assess(prof, people, completions, screening,
                                                       lang, on, window)
    assert verdict.certifiable == ok
    assert reason_keys(verdict) == reasons
    assert {p: {c: cell.status.value for c, cell in row.items()}
            for p, row in verdict.per_person.items()} == statuses
    assert {c: (cov.holding, cov.required) for c, cov in verdict.coverage.items()} == coverage


def test_agrees_with_reference_implementation_on_1000_generated_units():
    CHECKED["units"] = 0
    _agrees_with_reference()
    assert CHECKED["units"] >= 1000


RANK = {Status.MISSING: 0, Status.NOT_COUNTED: 0, Status.EXPIRED: 0, Status.EXPIRING: 1,
        Status.VALID: 2}


@given(units(), st.data())
@settings(SETTINGS, max_examples=200)
def test_adding_a_valid_completion_never_makes_a_unit_less_ready(unit, data):
    prof, people, completions, screening, lang, on, window = unit
    if not people:
        return
    before = assess_unit(prof, people, completions, screening, lang, on, window)
    person = data.draw(st.sampled_from(people)).person_id
    code = data.draw(st.sampled_from([r.standard_code for r in prof.required]))
    taken = data.draw(st.dates(min_value=add_months(on, -11), max_value=on))
    extra = CompletionFact(person, code, "v", taken, True, True, True, 12)
    after = assess_unit(prof, people, completions + [extra], screening, lang, on, window)
    assert after.certifiable >= before.certifiable
    assert reason_keys(after) <= reason_keys(before)
    for code_, cov in before.coverage.items():
        assert after.coverage[code_].holding >= cov.holding
    assert after.per_person[person][code].status.holds
    for pid, row in before.per_person.items():
        for c, cell in row.items():
            if cell.status.holds:
                assert after.per_person[pid][c].status.holds


@given(units())
@settings(SETTINGS, max_examples=200)
@example(unit=(profile("A", nio_per=150), roster(149), [], True, "en", ON, 60))
def test_verdict_is_certifiable_exactly_when_no_reason_is_given(unit):
    verdict = assess_unit(*unit)
    assert verdict.certifiable == (not verdict.reasons)
    assert set(verdict.coverage) == {r.standard_code for r in unit[0].required}


def test_module_is_pure():
    """No Flask, no SQLAlchemy, and of the app only other pure rule modules (the calendar-month
    arithmetic is the training rules' add_months, one definition for every expiry)."""
    import ast
    import inspect

    from tests.unit.test_pure_modules import PURE

    source = inspect.getsource(rules)
    imported = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            imported.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom):
            imported.add(node.module or "")
    assert not {name.split(".")[0] for name in imported} & {"flask", "sqlalchemy"}
    assert {name for name in imported if name.split(".")[0] == "app"} <= set(PURE)
    assert "today(" not in source and "now(" not in source


def test_facts_are_frozen():
    with pytest.raises(Exception):
        done().passed = False  # type: ignore[misc]


def test_training_gaps_name_the_nio_course_for_appointed_nios_without_it():
    prof = ProfileFact(required=(Requirement("A"), Requirement("NIO", applies_to=("nios",))),
                       nio_per=150)
    people = roster(150, nios=2)
    facts = [done(person=i) for i in range(150)]
    gaps = rules.training_gaps(assess_unit(prof, people, facts, True, "en", ON), ["A", "NIO"])
    assert gaps == rules.TrainingGaps(("NIO",), (0, 1))
    nobody = rules.training_gaps(assess_unit(prof, roster(150), facts, True, "en", ON),
                                 ["A", "NIO"])
    assert nobody == rules.TrainingGaps((), ())  # no NIO appointed: training cannot close it


# --- individually deployed personnel: cleared by their own profile, no PCRS level -----------

def test_a_person_is_cleared_by_holding_every_standard_and_for_each_language_they_meet():
    prof = ProfileFact(required=(Requirement("A"), Requirement("B")),
                       language=LanguageRule(applies_to="all", min_level=2))
    english = PersonFact(7, languages=(LanguageFact("en", 2, valid_until=ON),))
    held = [done(person=7, code="A"), done(person=7, code="B")]
    found = rules.assess_person(prof, english, held, ON)
    assert found.cleared and found.languages == ("en",) and found.missing == ()
    both = PersonFact(7, languages=(LanguageFact("en", 3), LanguageFact("fr", 2)))
    assert rules.assess_person(prof, both, held, ON).languages == ("en", "fr")
    lapsed = rules.assess_person(prof, english, held, ON + timedelta(days=1))  # level lapsed
    assert not lapsed.cleared and lapsed.languages == () and lapsed.missing == ()
    short = rules.assess_person(prof, english, held[:1], ON)
    assert not short.cleared and short.missing == ("B",)
    assert [r.code for r in short.reasons] == ["coverage_short"]
    french = PersonFact(7, languages=(LanguageFact("fr", 2),))  # fails the first language only
    assert rules.assess_person(prof, french, held, ON).languages == ("fr",)
    assert rules.assess_person(prof, french, held[:1], ON).languages == ()


def test_a_person_without_a_language_rule_is_cleared_for_either_language():
    found = rules.assess_person(ProfileFact(required=(Requirement("A"),)), PersonFact(1),
                                [done(person=1)], ON)
    assert found.cleared and found.languages == ("en", "fr")


def test_screening_counts_only_when_the_profile_asks_for_it():
    prof = ProfileFact(required=(Requirement("A"),), screening_required=True)
    assert not rules.assess_person(prof, PersonFact(1), [done(person=1)], ON).cleared
    assert rules.assess_person(prof, PersonFact(1), [done(person=1)], ON, screening_ok=True).cleared
