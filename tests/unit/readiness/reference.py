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
    keys = [p for p in people if p.is_key_appointment]
    reasons, coverage = set(), {}
    if not people:
        reasons.add(("empty_roster",))
    for r in profile.required:
        if r.key_appointments_only:
            coverage[r.standard_code] = (sum(holds(p.person_id, r.standard_code) for p in keys),
                                         len(keys))
            continue
        pct = round((r.share if r.share is not None else profile.roster_share) * 100)
        holding = sum(holds(p.person_id, r.standard_code) for p in people)
        need = 0
        while need * 100 < pct * len(people):
            need += 1
        coverage[r.standard_code] = (holding, need)
        if holding * 100 < pct * len(people):
            reasons.add(("coverage_short", r.standard_code))
    for p in keys:
        for r in profile.required:
            if (r.key_appointments_only or profile.key_appointments_all) and \
                    not holds(p.person_id, r.standard_code):
                reasons.add(("key_appointment_incomplete", p.person_id))
    if profile.nio_per and len(people) >= profile.nio_per:
        nios = sum(p.is_nio for p in people)
        if nios * profile.nio_per < len(people):
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
