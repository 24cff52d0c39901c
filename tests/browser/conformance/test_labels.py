"""Every field of every page has its own label (issue 18 item 8): no visible form control without
a label, and no two controls of a page labelled with the same words (two "Public reason" boxes
on one page cannot be told apart by someone who hears the labels). Read from each page's HTML
as served (tests/labels.py)."""
from collections import defaultdict

import pytest

from tests.labels import label_problems

pytestmark = pytest.mark.timeout(1800)


def test_every_field_has_its_own_label(crawl):
    found = defaultdict(set)
    checked = set()
    for visit in crawl.visits:
        if visit.html_file in checked or not visit.html_file.exists():
            continue
        checked.add(visit.html_file)
        for problem in label_problems(visit.html_file.read_text(encoding="utf-8")):
            found[problem].add(f"{visit.url} [{visit.who}, {visit.lang}]")
    print(f"\nlabels: {crawl.summary()}; {len(checked)} pages read; {len(found)} problems")
    assert not found, "\n".join(f"{problem} on " + ", ".join(sorted(where)[:3])
                                for problem, where in sorted(found.items()))
