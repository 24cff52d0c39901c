"""Profiles with their requirement sets folded in: what each profile finally asks.

A profile `includes` requirement sets (requirement_sets.toml) in order. Its requirements are the
sets' requirements (each marked with the set it came from, `origin`) followed by its own. Each
rule (certificate, shares, screening, NIO, language...) is stated once: by the profile or by one
of its sets. Stating it twice with different values, or nowhere, is a problem. A shared
requirement (CPTM, SEA, first aid...) is thereby written once, in its set.
Pure module: neither Flask nor SQLAlchemy.
"""
from app.catalogue.schema import REQUIRED_RULES, RULES


def resolve(profiles, sets, excused):
    """(resolved profiles, problems): the Located profiles with sets folded in, and
    (file, field, reason) for unknown sets, rules stated twice or nowhere."""
    by_code = {x.entry.code: x.entry for x in sets}
    unreadable = "sets" in excused.get("*", set())
    resolved, problems = [], []
    for x in profiles:
        profile = x.entry
        stated: dict[str, tuple] = {}
        requirements = []
        complete = True

        def state(rule, value, who):
            if rule in stated and stated[rule][0] != value:
                first_value, first_who = stated[rule]
                problems.append((x.file, x.at(rule), f"'{rule}' is stated twice: {first_who} "
                                 f"says {_show(first_value)}, {who} says {_show(value)}; state it "
                                 "once"))
            stated.setdefault(rule, (value, who))

        for i, code in enumerate(profile.includes):
            found = by_code.get(code)
            if found is None:
                complete = False
                if not unreadable and code not in excused.get("sets", ()):
                    problems.append((x.file, x.at(f"includes[{i}]"),
                                     f"unknown requirement set '{code}' (not in "
                                     "requirement_sets.toml)"))
                continue
            for rule in RULES:
                if getattr(found, rule) is not None:
                    state(rule, getattr(found, rule), f"set {code}")
            requirements += [r.model_copy(update={"origin": code}) for r in found.requirements]
        for rule in RULES:
            if getattr(profile, rule) is not None:
                state(rule, getattr(profile, rule), "the profile")
        requirements += list(profile.requirements)
        missing = [rule for rule in REQUIRED_RULES if rule not in stated]
        if missing and complete:
            problems.append((x.file, x.at(missing[0]),
                             f"{', '.join(missing)} not stated by the profile nor by a set it "
                             "includes"))
        if missing:
            continue
        update = {rule: stated[rule][0] for rule in stated}
        resolved.append(type(x)(x.file, x.key, x.index,
                                profile.model_copy(update={**update,
                                                           "requirements": requirements})))
    return resolved, problems


def _show(value) -> str:
    return repr(value.model_dump() if hasattr(value, "model_dump") else value)
