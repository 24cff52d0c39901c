"""Mixed traffic for bench/load/run.sh (locust, headless, 127.0.0.1 only).

Most simulated users sign in as one of the bench registrars (bench/out/logins.json) through the
real form, then: 70% signed-in pages of its own state (their home, units, unit detail, people,
sessions, certificates), 20% public verify pages (real tokens), 10% writes (a screening
attestation on one of its units, through the real form with its CSRF token). The others sign in,
with their two-step code where the role needs one, as a certifying officer, a ToT trainer, a
partner trainer, a UN officer or a UN administrator (bench/out/home_logins.json, one account
each) and open mostly their home page, where sign-in lands, and the page its first items lead
to. Any non-2xx/3xx answer is a failure. At the end it prints p50/p95/p99 per group (and for
the homes alone) and writes bench/out/mixed.json (the exit code is 1 on any failure);
bench/load/mixed.py judges them against their targets.
"""
import base64
import hashlib
import hmac
import json
import os
import random
import re
import struct
import time
from pathlib import Path

from locust import HttpUser, between, events, task

OUT = Path(os.environ.get("BENCH_OUT") or Path(__file__).resolve().parents[1] / "out")
LOGINS = [l for l in json.loads((OUT / "logins.json").read_text()) if l["role"] == "centre_registrar"]
TARGETS = json.loads((OUT / "load_targets.json").read_text())
TOKENS = (OUT / "tokens.txt").read_text().split()
HOME_LOGINS = json.loads((OUT / "home_logins.json").read_text())
CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')
_next_login = [0]


def totp(secret: str, at: float) -> str:
    """The RFC 6238 code of `secret` (30 s steps, 6 digits, SHA-1) at time `at`."""
    key = base64.b32decode(secret.upper() + "=" * (-len(secret) % 8))
    digest = hmac.new(key, struct.pack(">Q", int(at) // 30), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    value = struct.unpack(">I", digest[offset:offset + 4])[0] & 0x7FFFFFFF
    return f"{value % 1_000_000:06d}"


def sign_in(user, login) -> bool:
    """The real sign-in form, then the two-step form when the account has a secret."""
    page = user.client.get("/auth/login", name="/auth/login")
    with user.client.post("/auth/login", name="/auth/login [POST]",
                          data={"csrf_token": CSRF.search(page.text).group(1),
                                "email": login["email"],
                                "password": os.environ.get("BENCH_PASSWORD", login["password"])},
                          allow_redirects=False, catch_response=True) as response:
        location = response.headers.get("Location", "")
        if response.status_code not in (302, 303) or "login" in location:
            response.failure(f"sign-in refused for {login['email']}")
            return False
    if not location.endswith("/auth/mfa"):
        return True
    page = user.client.get("/auth/mfa", name="/auth/mfa")
    with user.client.post("/auth/mfa", name="/auth/mfa [POST]",
                          data={"csrf_token": CSRF.search(page.text).group(1),
                                "code": totp(login["totp_secret"], time.time())},
                          allow_redirects=False, catch_response=True) as response:
        if response.status_code not in (302, 303) or "/auth/" in \
                response.headers.get("Location", ""):
            response.failure(f"two-step code refused for {login['email']}")
            return False
    return True


class Registrar(HttpUser):
    weight = 15
    wait_time = between(0.2, 0.8)

    def on_start(self):
        login = LOGINS[_next_login[0] % len(LOGINS)]
        _next_login[0] += 1
        self.targets = TARGETS[str(login["state_id"])]
        sign_in(self, login)
        unit_page = self.client.get(f"/units/{self.targets['units'][0]}", name="/units/[id]")
        self.csrf = CSRF.search(unit_page.text).group(1)

    @task(8)
    def home(self):
        self.client.get("/home", name="/home [centre_registrar]")

    @task(14)
    def unit_list(self):
        self.client.get("/units", name="/units")

    @task(14)
    def unit_detail(self):
        self.client.get(f"/units/{random.choice(self.targets['units'])}", name="/units/[id]")

    @task(10)
    def people(self):
        self.client.get(f"/units/people?page={random.randint(1, 5)}", name="/units/people")

    @task(10)
    def person(self):
        self.client.get(f"/units/people/{random.choice(self.targets['people'])}",
                        name="/units/people/[id]")

    @task(8)
    def sessions(self):
        self.client.get("/training/sessions", name="/training/sessions")

    @task(8)
    def session(self):
        self.client.get(f"/training/sessions/{random.choice(self.targets['sessions'])}",
                        name="/training/sessions/[id]")

    @task(6)
    def certificates(self):
        self.client.get("/certificates", name="/certificates")

    @task(20)
    def verify(self):
        self.client.get(f"/verify/{random.choice(TOKENS)}", name="/verify/[token]")

    @task(10)
    def write_screening(self):
        unit = random.choice(self.targets["units"])
        with self.client.post(f"/units/{unit}/screening", name="/units/[id]/screening [POST]",
                              data={"csrf_token": self.csrf, "s-rotation": "R2",
                                    "s-status": "cleared", "s-attested_on": "2026-01-15"},
                              allow_redirects=False, catch_response=True) as response:
            if response.status_code != 302:
                response.failure(f"write answered {response.status_code}")


class HomeUser(HttpUser):
    """A signed-in role other than a registrar: mostly its home, sometimes the page behind it."""

    abstract = True
    role = ""
    other = ("/home", "/home")  # (path, name) of the page its home leads to most
    wait_time = between(0.2, 0.8)

    def on_start(self):
        mine = [l for l in HOME_LOGINS if l["role"] == self.role]
        taken = _next_home.setdefault(self.role, 0)
        _next_home[self.role] = taken + 1
        sign_in(self, mine[taken % len(mine)])

    @task(4)
    def home(self):
        self.client.get("/home", name=f"/home [{self.role}]")

    @task(1)
    def next_page(self):
        path, name = self.other
        self.client.get(path, name=name)


_next_home: dict = {}


class CertifyingOfficer(HomeUser):
    weight = 2
    role = "certifying_officer"
    other = ("/certificates/requests", "/certificates/requests")


class TotTrainer(HomeUser):
    weight = 1
    role = "tot_trainer"
    other = ("/training/sessions", "/training/sessions")


class PartnerTrainer(HomeUser):
    weight = 1
    role = "partner_trainer"
    other = ("/training/sessions", "/training/sessions")


class UnOfficer(HomeUser):
    weight = 2
    role = "un_officer"
    other = ("/readiness/watchlist", "/readiness/watchlist")


class UnAdmin(HomeUser):
    weight = 1
    role = "un_admin"
    other = ("/admin/users", "/admin/users")


def group(name: str) -> str:
    if name.startswith("/verify/"):
        return "verify"
    if "[POST]" in name:
        return "writes"
    return "pages"


@events.quitting.add_listener
def summarise(environment, **_kw):
    stats = environment.stats
    result = {"total": {"requests": stats.total.num_requests, "failures": stats.total.num_failures,
                        "rps": stats.total.total_rps}}
    for name in ("pages", "verify", "writes"):
        entries = [e for e in stats.entries.values() if group(e.name) == name
                   and not e.name.startswith("/auth/")]
        times = {}
        for entry in entries:
            for ms, count in entry.response_times.items():
                times[ms] = times.get(ms, 0) + count
        result[name] = {"requests": sum(e.num_requests for e in entries),
                        "failures": sum(e.num_failures for e in entries),
                        **{f"p{p}": _percentile(times, p / 100) for p in (50, 95, 99)}}
    homes = {}
    for entry in stats.entries.values():
        if entry.name.startswith("/home"):
            homes[entry.name] = {"requests": entry.num_requests, "failures": entry.num_failures,
                                 **{f"p{p}": _percentile(entry.response_times, p / 100)
                                    for p in (50, 95, 99)}}
    result["homes"] = homes
    (OUT / "mixed.json").write_text(json.dumps(result, indent=2))
    print("\nmixed traffic: {requests} requests, {failures} failures, {rps:.1f} req/s".format(
        **result["total"]))
    for name in ("pages", "verify", "writes"):
        r = result[name]
        print(f"  {name:<7} {r['requests']:>6} requests {r['failures']:>3} failures  "
              f"p50 {r['p50']} ms  p95 {r['p95']} ms  p99 {r['p99']} ms")
    for name, r in sorted(homes.items()):
        print(f"  {name:<32} {r['requests']:>6} requests {r['failures']:>3} failures  "
              f"p50 {r['p50']} ms  p95 {r['p95']} ms  p99 {r['p99']} ms")
    if stats.total.num_failures:
        environment.process_exit_code = 1


def _percentile(times: dict, fraction: float) -> int:
    total = sum(times.values())
    if not total:
        return 0
    seen = 0
    for ms in sorted(times):
        seen += times[ms]
        if seen >= total * fraction:
            return ms
    return max(times)
