"""axe-core in Chromium over every page, role and language: no critical or serious violation."""
from collections import Counter, defaultdict

import pytest

# The first check of a run also waits for the crawl every check of this folder shares.
pytestmark = pytest.mark.timeout(1800)


def test_every_page_opens_for_every_role_that_may_open_it(crawl):
    print(f"\npages: {crawl.summary()}; {len(crawl.non_html)} routes answer other than HTML; "
          f"{len(crawl.unreached)} not reached; {len(crawl.by_design)} role-page pairs the "
          f"policy answers 404 (e.g. a bulk job, seen only by whoever started it: "
          f"{sorted({e for _r, _l, e in crawl.by_design})})")
    assert not crawl.unreached, "pages a role may open but that no demo object opened: " + \
        ", ".join(f"{e} as {r.value if r else 'anonymous'} ({lang})"
                  for r, lang, e in crawl.unreached)


def test_axe_finds_no_critical_or_serious_violation(crawl):
    impacts, failing = Counter(), defaultdict(set)
    for visit in crawl.visits:
        for v in visit.violations:
            impacts[v["impact"]] += len(v["nodes"])
            if v["impact"] in ("critical", "serious"):
                failing[v["id"], v["help"]].add(f"{visit.url} [{visit.who}, {visit.lang}] "
                                                f"{v['nodes'][:3]}")
    print(f"\naxe-core: {crawl.summary()}; failing nodes by impact: "
          f"critical {impacts['critical']}, serious {impacts['serious']}, "
          f"moderate {impacts['moderate']}, minor {impacts['minor']}")
    assert not failing, "\n".join(
        f"{rule} ({text}): {len(where)} page views, e.g. " + "; ".join(sorted(where)[:4])
        for (rule, text), where in failing.items())


def test_slowest_pages(crawl):
    """Not a rule: prints where the crawl's time goes."""
    slowest = sorted(crawl.visits, key=lambda v: -v.seconds)[:8]
    print("\nslowest page views: " + "; ".join(f"{v.url} [{v.who}, {v.lang}] {v.seconds:.1f} s"
                                               for v in slowest))
    assert crawl.visits
