"""French pages say everything in French: no string of the English message catalogue (the .po
msgids) shows untranslated on a French page, and no code (a catalogue or app vocabulary value
such as `military_contingent` or `engineering`) shows raw on a page in either language: every
code shown gets its name (app/names.py)."""
import re
from collections import defaultdict
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from tests.browser.conformance.crawl import ROOT

# The first check of a run also waits for the crawl every check of this folder shares.
pytestmark = pytest.mark.timeout(1800)

# Free text the demo records in English, shown as entered (data, not the interface's words):
# a roster appointment and a unit's pledged capability.
DEMO_DATA = {"National Investigation Officer", "Infantry battalion"}
PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]|%[sd]|\{\w*\}")
NUMBER = re.compile(r"%(\(\w+\))?d")  # a number placeholder stands for digits only
SNAKE = re.compile(r"\b[a-z][a-z0-9]*_[a-z0-9_]+\b")  # a code, never an English or French word


def catalogue_strings():
    """(English msgid -> French msgstr, French strings, placeholder msgids as one regex)."""
    english, french, patterns = {}, set(), []
    for po in sorted(Path(ROOT, "app").glob("*/translations/fr/LC_MESSAGES/messages.po")):
        with po.open("rb") as f:
            for message in read_po(f, locale="fr"):
                if not message.id:
                    continue
                for msgid, msgstr in zip(*(
                        (m,) if isinstance(m, str) else m for m in (message.id, message.string))):
                    msgid, msgstr = " ".join(msgid.split()), " ".join((msgstr or "").split())
                    french.add(msgstr)
                    if msgid == msgstr or "<" in msgid:
                        continue  # the same in both languages, or markup (several text nodes)
                    english[msgid] = msgstr
                    if PLACEHOLDER.search(msgid):
                        literal, end = [], 0
                        for found in PLACEHOLDER.finditer(msgid):
                            literal += [re.escape(msgid[end:found.start()]),
                                        r"\d+" if NUMBER.fullmatch(found.group(0)) else ".+?"]
                            end = found.end()
                        patterns.append("".join(literal) + re.escape(msgid[end:]))
    alternation = re.compile("|".join(f"(?:{p})" for p in patterns if len(p) > 8))
    return english, french, alternation


def vocabulary_codes(app):
    """Every code value of every vocabulary the pages name (app/names.py)."""
    from app.extensions import db
    from app.names import all_codes

    with app.app_context():
        codes = all_codes()
        db.session.remove()
    return codes


def test_french_pages_show_no_english_catalogue_string(crawl):
    english, french, patterns = catalogue_strings()
    gaps = defaultdict(set)
    french_views = [v for v in crawl.visits if v.lang == "fr"]
    for visit in french_views:
        for text in visit.texts["strings"]:
            if text in french or text in DEMO_DATA:
                continue
            if text in english or (patterns.pattern and patterns.fullmatch(text)):
                gaps[text].add(f"{visit.url} [{visit.who}]")
    print(f"\nFrench: {crawl.summary()}; {len(french_views)} French page views against "
          f"{len(english)} catalogue strings; {len(gaps)} untranslated strings shown")
    assert not gaps, "\n".join(f"{text!r} on " + ", ".join(sorted(where)[:4])
                               for text, where in sorted(gaps.items()))


def catalogue_english_names(app):
    """The catalogue's English titles and names whose French differs (standards, profiles,
    taxonomy terms, Member States), as one pattern."""
    from sqlalchemy import select

    from app.catalogue.models import MemberState, RequirementProfile, Standard, TaxonomyTerm
    from app.extensions import db

    with app.app_context():
        pairs = [*db.session.execute(select(Standard.title_en, Standard.title_fr)),
                 *db.session.execute(select(RequirementProfile.title_en,
                                            RequirementProfile.title_fr)),
                 *db.session.execute(select(TaxonomyTerm.name_en, TaxonomyTerm.name_fr)),
                 *db.session.execute(select(MemberState.name_en, MemberState.name_fr))]
        db.session.remove()
    names = sorted({en for en, fr in pairs if en != fr and len(en) >= 8} - DEMO_DATA, key=len,
                   reverse=True)
    return len(names), re.compile("|".join(rf"\b{re.escape(n)}\b" for n in names))


def test_french_pages_show_the_catalogue_in_french(crawl, demo_app):
    count, english = catalogue_english_names(demo_app[0])
    gaps = defaultdict(set)
    french_views = [v for v in crawl.visits if v.lang == "fr"]
    for visit in french_views:
        for text in visit.texts["nodes"]:
            found = english.search(text)
            if found:
                gaps[found.group(0)].add(f"{visit.url} [{visit.who}]")
    print(f"\nFrench catalogue: {crawl.summary()}; {len(french_views)} French page views "
          f"against {count} English catalogue names; {len(gaps)} shown in English")
    assert not gaps, "\n".join(f"{text!r} on " + ", ".join(sorted(where)[:4])
                               for text, where in sorted(gaps.items()))


def test_no_page_shows_a_raw_code(crawl, demo_app):
    codes = vocabulary_codes(demo_app[0])
    raw = defaultdict(set)
    for visit in crawl.visits:
        for text in visit.texts["nodes"]:
            if text in codes or SNAKE.search(text):
                raw[text].add(f"{visit.url} [{visit.who}, {visit.lang}]")
    print(f"\ncodes: {crawl.summary()}; {len(codes)} vocabulary codes; "
          f"{len(raw)} raw codes shown")
    assert not raw, "\n".join(f"{text!r} on " + ", ".join(sorted(where)[:4])
                              for text, where in sorted(raw.items()))
