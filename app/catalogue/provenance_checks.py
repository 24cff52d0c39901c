"""Checks that tie the catalogue's provenance together (see app/catalogue/provenance.py).

Yields (file, field, reason) for: a source an entry names that is not in
sources.toml; a source nobody cites (the list is the catalogue's bibliography, not a reading
list). The rule that every entry names a source or says why it has none is the schema's
(`Sourced`), so an entry with neither is refused there with its file and line.
Pure module: neither Flask nor SQLAlchemy.
"""


def check(sources, groups, excused):
    known = {x.entry.code for x in sources}
    unreadable = "sources" in excused.get("*", set())
    cited = set()
    for group in groups:
        for x in group:
            for path, code in _cited(x.entry):
                cited.add(code)
                if code not in known and not unreadable and code not in excused.get("sources", ()):
                    yield (x.file, x.at(path),
                           f"unknown source '{code}' (not in sources.toml)")
    for x in sources:
        if x.entry.code not in cited:
            yield (x.file, x.at("code"), f"source '{x.entry.code}' is cited by no entry: cite it "
                   "or remove it")


def _cited(entry):
    found = list(entry.cited()) if hasattr(entry, "cited") else []
    for i, req in enumerate(getattr(entry, "requirements", ()) or ()):
        found += [(f"requirements[{i}].{path}", code) for path, code in _cited(req)]
    return found
