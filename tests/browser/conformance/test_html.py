"""The Nu HTML Checker (vnu-jar from npm, run with Debian's Java) over every page as served, for
every role and language: no error. One run of the checker over all saved pages."""
import json
import os
import shutil
import subprocess
from collections import defaultdict

import pytest

from tests.browser.conformance.crawl import ROOT

# The first check of a run also waits for the crawl every check of this folder shares.
pytestmark = pytest.mark.timeout(1800)

VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


def test_nu_html_checker_finds_no_error(crawl):
    java = shutil.which("java")
    if java is None and not os.environ.get("REQUIRE_BROWSER"):
        pytest.skip("Nu HTML Checker NOT RUN: install Java (apt-get install default-jre-headless)")
    assert java, "Java is missing: apt-get install default-jre-headless"
    assert VNU.exists(), "vnu-jar is missing: run `make setup-dev` (npm ci)"
    by_file = {str(v.html_file): v for v in crawl.visits}
    run = subprocess.run([java, "-Xss8m", "-jar", str(VNU), "--errors-only", "--format", "json",
                          "--exit-zero-always", *sorted(by_file)],
                         capture_output=True, text=True, timeout=600)
    messages = json.loads(run.stderr)["messages"]
    errors = defaultdict(set)
    for m in messages:
        if m.get("type") == "error" or m.get("subType") == "fatal":
            visit = by_file[m["url"].removeprefix("file:")]
            errors[m["message"]].add(f"{visit.url} [{visit.who}, {visit.lang}] "
                                     f"line {m.get('lastLine')}: {m.get('extract', '')[:80]!r}")
    count = sum(1 for m in messages if m.get("type") == "error")
    print(f"\nNu HTML Checker: {crawl.summary()}; {len(by_file)} documents checked, "
          f"{count} errors")
    assert not errors, "\n".join(f"{text} ({len(where)}x), e.g. " + "; ".join(sorted(where)[:3])
                                 for text, where in errors.items())
