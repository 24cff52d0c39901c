"""A deliberately simple, independent reading of the readiness rules, for agreement tests.

Written from domain.md and the rules module's docstring, not from its code: month arithmetic by
stepping one month at a time, shares compared in whole percents, statuses by explicit ranking.
"""
from datetime import date, timedelta


def last_day(year, month):
    nxt = date(year + (month == 12), month % 12 + 1, 1)
    return (nxt - timedelta(days=1)).day


def expiry(completed_on, months):
    year, month = completed_on.year, completed_on.month
    for _ in range(months):
        month += 1
        if month == 13:
            year, month = year + 1, 1
    return date(year, month, min(completed_on.day, last_day(year, month)))


def status(completions, on, expiring_days):
    passes = [c for c in completions if c.passed and c.completed_on <= on]

    def counts(c):
        return c.signer_qualified and c.version_current_on_completion

    def ends(c):
        return expiry(c.completed_on, c.validity_months)

    counted_live = [ends(c) for c in passes if counts(c) and ends(c) >= on]
    if counted_live:
        return "expiring" if (max(counted_live) - on).days <= expiring_days else "valid"
    if any(not counts(c) and ends(c) >= on for c in passes):
        return "not_counted"
    if any(counts(c) for c in passes):
        return "expired"
    return "not_counted" if passes else "missing"


def assess(profile, people, completions, screening_ok, mission_language, on, expiring_days=60):
    """-> (certifiable, reason keys, {person: {code: status}}, {code: (holding, required)})"""
    statuses = {}
    for p in people:
        statuses[p.person_id] = {}
        for r in profile.required:
            mine = [c for c in completions
                    if c.person_id == p.person_id and c.standard_code == r.standard_code]
            statuses[p.person_id][r.standard_code] = status(mine, on, expiring_days)
    holds = lambda pid, code: statuses[pid][code] in ("valid", "expiring")  # noqa: E731
    keys = [p for p in people if p.is_key_appointment or p.is_commander]

    def owes_in_person(p, r):
        return ("key_appointments" in r.applies_to and p in keys) or \
            ("commanders" in r.applies_to and p.is_commander)

    nio_need = 0
    if profile.nio_per and len(people) >= profile.nio_per:
        while nio_need * profile.nio_per < len(people):
            nio_need += 1
    reasons, coverage = set(), {}
    if not people:
        reasons.add(("empty_roster",))
    for r in profile.required:
        if "all" not in r.applies_to:
            if "nios" in r.applies_to:
                asked, need = [p for p in people if p.is_nio], nio_need
            else:
                asked = [p for p in people if owes_in_person(p, r)]
                need = len(asked)
            coverage[r.standard_code] = (sum(holds(p.person_id, r.standard_code) for p in asked),
                                         need)
            continue
        pct = round((r.share if r.share is not None else profile.roster_share) * 100)
        holding = sum(holds(p.person_id, r.standard_code) for p in people)
        need = 0
        while need * 100 < pct * len(people):
            need += 1
        coverage[r.standard_code] = (holding, need)
        if holding * 100 < pct * len(people):
            reasons.add(("coverage_short", r.standard_code))
    for p in people:
        for r in profile.required:
            if owes_in_person(p, r) and not holds(p.person_id, r.standard_code):
                reasons.add(("key_appointment_incomplete", p.person_id))
    nio_courses = [r.standard_code for r in profile.required if "nios" in r.applies_to]
    nios = sum(1 for p in people
               if p.is_nio and all(holds(p.person_id, code) for code in nio_courses))
    if nios < nio_need:
        reasons.add(("nio_short",))
    rule = profile.language
    if rule:
        lang = mission_language if rule.mission_language else rule.language
        for p in (people if rule.applies_to == "all" else keys):
            ok = False
            for f in p.languages:
                if f.language == lang and f.level >= rule.min_level and \
                        (f.valid_until is None or f.valid_until >= on) and \
                        (f.assessed_on is None or f.assessed_on <= on):
                    ok = True
            if not ok:
                reasons.add(("language_short",))
    if profile.screening_required and not screening_ok:
        reasons.add(("screening_missing",))
    return not reasons, reasons, statuses, coverage
