"""Fifty individual certificates issued one after another through the real issuing form, by a
signed-in registrar, against the real app under gunicorn.conf.py on 127.0.0.1 (security.md item
29: p95 under 3 s per certificate). Each request is the whole issue: eligibility, serial,
signature, one WeasyPrint render, the PDF stored, the row and the audit committed.

Before serving, it picks people of the registrar's state and, for each, up to ten standards the
issuing rules accept today (app.certification.issuing.eligibility), so every request should issue.
Afterwards the database must hold exactly as many new certificates as requests succeeded.
Targets: p95 < 3 s, every request accepted, one row per accepted request, `--count` people
eligible.

    .venv/bin/python bench/load/issue_series.py --database-url postgresql://postgres@127.0.0.1/pkt_load
"""
import argparse
import http.cookiejar
import json
import re
import statistics
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import sqlalchemy as sa  # noqa: E402

from bench import datagen  # noqa: E402
from bench.load.prepare import ensure  # noqa: E402
from bench.load.servers import OUT, bench_env, count_rows, serve  # noqa: E402
from bench.verdicts import Recorder, Target  # noqa: E402

CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')
KEY = re.compile(r'name="key"[^>]*value="([^"]+)"')  # the issuing form's one-time key
LIMIT_P95 = 3.0  # seconds, security.md item 29


def candidates(database_url: str, state_id: int, count: int, per_person: int = 10):
    """[(person id, [codes])]: people of the state with standards they may be certified for
    and no valid certificate for them yet."""
    from app.catalogue.models import Standard
    from app.certification.issuing.eligibility import (NotEligible, already_held,
                                                       individual_draft)
    from app.extensions import db
    from app.timeutil import today
    from app.training.models import Completion
    from app.units.models import Person

    app = datagen.bench_app(database_url)
    chosen = []
    with app.app_context():
        on = today()
        people = db.session.scalars(sa.select(Person).where(Person.state_id == state_id)
                                    .order_by(Person.id).limit(count * 8)).all()
        for person in people:
            codes = db.session.scalars(
                sa.select(Standard.code).join(Completion, Completion.standard_id == Standard.id)
                .where(Completion.person_id == person.id, Completion.passed.is_(True))
                .distinct().order_by(Standard.code)).all()
            held = []
            for code in codes:
                try:
                    individual_draft(person, [code], on)
                except NotEligible:
                    continue
                held.append(code)
                if len(held) == per_person:
                    break
            # a person certified for these standards by an earlier run is refused as already
            # holding them: the series would measure refusals
            if held and not already_held([individual_draft(person, held, on)], on)[0]:
                chosen.append((person.id, held))
            if len(chosen) == count:
                break
    return chosen


class Browser:
    """A signed-in visitor: cookies kept, redirects not followed (a 302 is the answer)."""

    class _NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    def __init__(self, base: str):
        self.base = base
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()), self._NoRedirect)

    def get(self, path: str) -> str:
        with self.opener.open(self.base + path, timeout=60) as response:
            return response.read().decode()

    def post(self, path: str, fields: list[tuple[str, str]]) -> tuple[int, str]:
        data = urllib.parse.urlencode(fields).encode()
        try:
            with self.opener.open(self.base + path, data=data, timeout=60) as response:
                response.read()
                return response.status, ""
        except urllib.error.HTTPError as answer:  # 302 arrives here without a redirect handler
            return answer.code, answer.headers.get("Location", "")

    def sign_in(self, email: str, password: str) -> None:
        token = CSRF.search(self.get("/auth/login")).group(1)
        status, location = self.post("/auth/login", [("csrf_token", token), ("email", email),
                                                     ("password", password)])
        if status not in (302, 303) or "login" in location:
            raise SystemExit(f"sign-in refused for {email} ({status})")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--count", type=int, default=50)
    parser.add_argument("--port", type=int, default=8105)
    args = parser.parse_args(argv)
    record = Recorder("issue_series")
    ensure(args.database_url)
    login = next(entry for entry in json.loads((OUT / "logins.json").read_text())
                 if entry["role"] == "centre_registrar")
    chosen = candidates(args.database_url, login["state_id"], args.count)
    before = count_rows(args.database_url, "certificates")
    if len(chosen) < args.count:
        print(f"only {len(chosen)} people of state {login['state_id']} are eligible")
    times, failures = [], []
    with serve("bench.load.bench_wsgi", args.port, bench_env(args.database_url)) as base:
        browser = Browser(base)
        browser.sign_in(login["email"], login["password"])
        standards = sum(len(codes) for _person, codes in chosen) / max(len(chosen), 1)
        print(f"issuing {len(chosen)} individual certificates one after another on {base} "
              f"({standards:.1f} standards each on average)")
        for person_id, codes in chosen:
            path = f"/certificates/people/{person_id}/issue"
            page = browser.get(path)
            fields = [("csrf_token", CSRF.search(page).group(1)), ("key", KEY.search(page).group(1))]
            start = time.perf_counter()
            status, location = browser.post(path, fields + [("standards", code) for code in codes])
            times.append(time.perf_counter() - start)
            if status != 302 or "/certificates/" not in location:
                failures.append(f"person {person_id}: answered {status} {location}")
    issued = count_rows(args.database_url, "certificates") - before
    if not times:
        record.error("issue series", f"no eligible people in state {login['state_id']}")
        return record.finish()
    ok = len(times) - len(failures)
    p95 = statistics.quantiles(times, n=20, method="inclusive")[-1] if len(times) >= 2 \
        else max(times, default=0)
    for failure in failures[:10]:
        print("  FAILED", failure)
    (OUT / "issue_series.json").write_text(json.dumps(
        {"requests": len(times), "failures": len(failures), "issued": issued,
         "median_s": statistics.median(times), "p95_s": p95, "max_s": max(times)}, indent=2))
    record.add(f"{len(times)} certificates issued one after another through the form: p95",
               value=p95, target=Target("<", LIMIT_P95, of="value"),
               note=f"median {statistics.median(times):.2f} s, max {max(times):.2f} s, "
                    f"{standards:.1f} standards each")
    record.add("issue series: people eligible", value=len(chosen), unit="",
               target=Target(">=", args.count, of="value"))
    record.add("issue series: requests refused", value=len(failures), unit="",
               target=Target("==", 0, of="value"))
    record.add("issue series: certificates added minus requests accepted", value=issued - ok,
               unit="", target=Target("==", 0, of="value"),
               note=f"{ok} accepted, {issued} added")
    return record.finish()


if __name__ == "__main__":
    sys.exit(main())
