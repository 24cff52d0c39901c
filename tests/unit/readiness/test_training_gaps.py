"""rules.training_gaps: what a session would close (issue 18 item 4), at its boundaries: a
share exactly met is no gap, one short is; a key appointment's gap names only that person; an
expiring pass holds; the order is the caller's."""
from datetime import date, timedelta

from app.readiness.rules import (CompletionFact, PersonFact, ProfileFact, Requirement,
                                 TrainingGaps, assess_unit, training_gaps)

ON = date(2026, 3, 15)


def done(person, code, on=date(2025, 6, 1)):
    return CompletionFact(person, code, "2025", on, True, True, True, 12)


def people(n, keys=0):
    return [PersonFact(i, is_key_appointment=i < keys) for i in range(n)]


def test_share_met_is_no_gap_one_short_is_and_names_who_lacks_it():
    profile = ProfileFact(required=(Requirement("A"), Requirement("B")), roster_share=0.8)
    facts = [done(i, "A") for i in range(8)] + [done(i, "B") for i in range(7)]
    verdict = assess_unit(profile, people(10), facts, True, "en", ON)
    gaps = training_gaps(verdict, ["B", "A"])
    assert gaps.standards == ("B",)  # A: 8 of 8 needed; B: 7 of 8
    assert gaps.people == (7, 8, 9)


def test_key_appointment_gap_names_only_that_person_and_expiring_holds():
    profile = ProfileFact(required=(Requirement("A", applies_to=("all", "key_appointments")),
                                    Requirement("K", applies_to=("key_appointments",))),
                          roster_share=0.5)
    soon = ON - timedelta(days=360)  # expires within the window: still held
    facts = [done(i, "A", soon) for i in range(4)] + [done(1, "K")]
    verdict = assess_unit(profile, people(4, keys=2), facts, True, "en", ON)
    gaps = training_gaps(verdict, ["A", "K"])
    assert gaps.standards == ("K",) and gaps.people == (0,)


def test_certifiable_or_empty_roster_has_nothing_to_train():
    profile = ProfileFact(required=(Requirement("A"),))
    assert training_gaps(assess_unit(profile, people(2), [done(0, "A"), done(1, "A")], True,
                                     "en", ON), ["A"]) == TrainingGaps((), ())
    empty = assess_unit(profile, [], [], True, "en", ON)
    assert not empty.certifiable and training_gaps(empty, ["A"]) == TrainingGaps((), ())
