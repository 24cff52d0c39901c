"""Dashboard figures against the hand-built world of conftest.py (no tenancy: all states)."""
from app.readiness import queries as q
from tests.integration.dashboards.conftest import D


def test_personnel_by_level_counts_people_on_rosters_on_the_date(dash):
    rows = {r.level: r for r in q.personnel_by_level(D)}
    # L1: k3 (2 staff officers) and k4 (empty); L2: g1 (4); L3: k1 (5 of 7: one left, one later)
    # RDL: k2 (3 police) and g2 (1 soldier)
    assert [(r.units, r.troops, r.police) for r in rows.values()] == \
        [(2, 2, 0), (1, 4, 0), (1, 5, 0), (2, 1, 3)]
    assert rows["RDL"].total == 4


def test_deployable_units_are_cumulative_and_only_from_level_2(dash):
    counts = [(c.within_days, c.units, c.personnel) for c in q.deployable_units(D)]
    # g1 (30 days, 4 people), g2 (30, 1), k2 (60, 3); k4 is Level 1 so it does not count
    assert counts == [(30, 2, 5), (60, 3, 8), (90, 3, 8)]


def test_gender_shares_and_colours(dash):
    # KEN troops: k1's 7 soldiers (1 woman) + trainers a (F), b, c = 10 people, 2 women = 20 %
    # GHA troops: g1 4 (1 woman) + g2 1 + 5 unassigned + trainers d, e = 12 people, 1 woman
    shares = [(s.state, s.category, s.people, s.women, round(s.percent, 1), s.target, s.status)
              for s in q.gender_shares(D)]
    assert shares == [
        ("GHA", "troops", 12, 1, 8.3, 12.0, "yellow"),
        ("KEN", "troops", 10, 2, 20.0, 12.0, "green"),
        ("KEN", "staff_officers_military_observers", 2, 0, 0.0, 22.0, "red"),
        ("KEN", "formed_police_units", 3, 2, 66.7, 15.0, "green"),
    ]  # GHA's civilian has no gender parity category; the 2024 targets are not used


def test_language_shares_use_the_mission_language_valid_on_the_date(dash):
    # k1 (KEN, French mission): 2 key appointments on the roster (a third has left); one speaks
    # French at UN II, the other only at UN I (his UN IV English does not count).
    # k2 (KEN, English): its key appointment was assessed after D. g1 (GHA, English): one valid
    # UN III, one whose UN II lapsed the day before.
    rows = [(r.state, r.language, r.key_appointments, r.meeting) for r in q.language_shares(D)]
    assert rows == [("GHA", "en", 2, 1), ("KEN", "en", 1, 0), ("KEN", "fr", 2, 1)]


def test_certified_trainers_per_qualification_and_state(dash):
    # a: TOT-CPTM and TOT-SEA; b lapsed the day before; c revoked; d starts the day after;
    # e's first qualification ends on D and its renewal starts the day after: counted once.
    rows = [(r.qualification, r.state, r.trainers) for r in q.certified_trainers(D)]
    assert rows == [("TOT-CPTM", "GHA", 1), ("TOT-CPTM", "KEN", 1), ("TOT-SEA", "KEN", 1)]


def test_completions_per_partnership(dash):
    # TPP-HEE: 3 KEN results (2 passed) and 1 GHA pass; a KEN result after D is not counted;
    # the non-partnership session and the partnership without sessions do not appear.
    rows = [(c.code, c.completions, c.passed, c.people, c.states)
            for c in q.partnership_completions(D)]
    assert rows == [("TPP-HEE", 4, 3, 4, 2)]
