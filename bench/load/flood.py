"""Floods, loopback only, a few seconds each, with the production rate limits ON: the verify page
and the sign-in form must answer 429 (Too Many Requests) once over their limits, and never 5xx
(security.md item 29)."""
import argparse
import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.load.prepare import ensure  # noqa: E402
from bench.load.servers import OUT, bench_env, serve  # noqa: E402
from bench.verdicts import Recorder, Target  # noqa: E402

FLOODS = (("verify page", "GET", "/verify/{token}", None),
          ("sign-in", "POST", "/auth/login",
           "csrf_token={csrf}&email=flood%40example.org&password=wrong"))


def login_form(base: str) -> tuple[str, str]:
    """A session cookie and its CSRF token, as any visitor (or attacker) gets them."""
    import urllib.parse
    import urllib.request

    with urllib.request.urlopen(base + "/auth/login", timeout=30) as response:
        cookie = response.headers["Set-Cookie"].split(";", 1)[0]
        html = response.read().decode()
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', html).group(1)
    return cookie, urllib.parse.quote(token, safe="")


def flood(base: str, method: str, path: str, body: str | None, seconds: int,
          cookie: str = "") -> dict[int, int]:
    env = dict(os.environ, FLOOD_METHOD=method, FLOOD_PATH=path, FLOOD_COOKIE=cookie,
               **({"FLOOD_BODY": body} if body else {}))
    result = subprocess.run(["wrk", "-t1", "-c8", f"-d{seconds}s", "-s",
                             str(ROOT / "bench" / "load" / "flood.lua"), base],
                            capture_output=True, text=True, env=env, timeout=seconds + 60)
    match = re.search(r"^STATUS(.*)$", result.stdout, re.M)
    if not match:
        raise RuntimeError(f"wrk failed: {result.stdout}\n{result.stderr}")
    return {int(k): int(v) for k, v in (p.split("=") for p in match.group(1).split())}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--seconds", type=int, default=8)
    parser.add_argument("--port", type=int, default=8104)
    args = parser.parse_args(argv)
    record = Recorder("flood")
    ensure(args.database_url)
    token = (OUT / "tokens.txt").read_text().split()[0]
    env = bench_env(args.database_url, BENCH_EXEMPT_LOOPBACK="0")
    with serve("bench.load.bench_wsgi", args.port, env) as base:
        cookie, csrf = login_form(base)
        for name, method, path, body in FLOODS:
            counts = flood(base, method, path.format(token=token),
                           body and body.format(csrf=csrf), args.seconds, cookie)
            shown = ", ".join(f"{n} x {status}" for status, n in sorted(counts.items()))
            record.add(f"flood on the {name}, {args.seconds} s: 429 answers",
                       value=counts.get(429, 0), unit="", target=Target(">", 0, of="value"),
                       note=shown)
            record.add(f"flood on the {name}, {args.seconds} s: 5xx answers",
                       value=sum(n for status, n in counts.items() if status >= 500), unit="",
                       target=Target("==", 0, of="value"))
    return record.finish()


if __name__ == "__main__":
    sys.exit(main())
