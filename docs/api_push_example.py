#!/usr/bin/env python3
"""A national training centre's system pushing a roster, a course session and its results
through the write API (standard library only).

Against the `make run` demo (http://127.0.0.1:5000):

  1. sign in as the demo registrar (registrar.ken@demo.example.org, the password `make run`
     printed), open "Account" and create a personal API token;
  2. PKT_API_TOKEN=pkt_... python3 docs/api_push_example.py

Options: --base-url (or PKT_BASE_URL), --unit-id (default: the first unit the token sees).
What it does, each step one request with its own Idempotency-Key:

  * POST /api/v1/units/{unit}/roster      three new people on the unit's roster
  * POST /api/v1/sessions                 a session held in the last days on a standard that
                                          one of the state's trainers may sign off today,
                                          the three people enrolled
  * POST /api/v1/sessions/{id}/results    their passes, signed off by that trainer
  * the results again with the same key: the first answer comes back, nothing is written twice

It prints each answer and exits 1 on any refusal (printing the problems).
"""
import argparse
import json
import os
import secrets
import sys
import urllib.error
import urllib.request
import uuid
from datetime import date, timedelta


class Refused(Exception):
    pass


class Api:
    def __init__(self, base_url: str, token: str):
        self.base_url, self.token = base_url.rstrip("/"), token

    def call(self, method: str, path: str, body=None, key: str | None = None):
        """(status, headers, JSON answer); a 4xx/5xx answer raises Refused."""
        headers = {"Authorization": f"Bearer {self.token}", "Accept": "application/json"}
        data = None
        if body is not None:
            data = json.dumps(body).encode()
            headers["Content-Type"] = "application/json"
        if key is not None:
            headers["Idempotency-Key"] = key
        request = urllib.request.Request(self.base_url + path, data=data, headers=headers,
                                         method=method)
        try:
            with urllib.request.urlopen(request, timeout=60) as response:
                return response.status, response.headers, json.load(response)
        except urllib.error.HTTPError as error:
            raise Refused(f"{method} {path} -> {error.code}: {error.read().decode()[:2000]}") \
                from None

    def get(self, path):
        return self.call("GET", path)[2]

    def write(self, path, body, key=None):
        """A write with a fresh Idempotency-Key (or `key`, to retry)."""
        key = key or str(uuid.uuid4())
        status, headers, answer = self.call("POST", path, body, key)
        replayed = headers.get("Idempotent-Replayed") == "true"
        print(f"POST {path} [{key[:8]}] -> {status}{' (replayed)' if replayed else ''}")
        print(json.dumps(answer, indent=2)[:1500])
        return answer, key, replayed


def pick_standard(api: Api, today: date):
    """A current standard (not a trainer course) and a trainer of the caller's state holding
    its sign-off qualification today."""
    holders: dict[str, list[int]] = {}
    for trainer in api.get("/api/v1/trainers")["trainers"]:
        for q in trainer["qualifications"]:
            if q["valid_today"] and date.fromisoformat(q["valid_from"]) <= today - timedelta(7):
                holders.setdefault(q["code"], []).append(trainer["person_id"])
    for standard in api.get("/api/v1/standards")["standards"]:
        if standard["is_current"] and standard["sign_off"] in holders and \
                date.fromisoformat(standard["effective_on"]) <= today - timedelta(7):
            return standard, holders[standard["sign_off"]][0]
    raise Refused("no current standard that one of your trainers may sign off today")


def push(api: Api, unit_id: int | None = None, today: date | None = None) -> dict:
    today = today or date.today()
    units = api.get("/api/v1/units")["units"]
    unit = next(u for u in units if unit_id in (None, u["id"]))
    batch = secrets.token_hex(3).upper()
    people = [dict(service_number=f"API-{batch}-{n}", family_name=f"Pushed{n}",
                   given_name="Demo", rank="Sgt", sex="F" if n % 2 else "M",
                   personnel_category="military_contingent", nationality=unit["state"],
                   appointment="Section commander" if n == 1 else None,
                   key_appointment=n == 1, start_on=today.isoformat()) for n in (1, 2, 3)]
    roster, _key, _r = api.write(f"/api/v1/units/{unit['id']}/roster", {"people": people})
    person_ids = [p["person_id"] for p in roster["people"]]

    standard, trainer = pick_standard(api, today)
    start, end = today - timedelta(days=5), today - timedelta(days=1)
    session, _key, _r = api.write("/api/v1/sessions", {
        "title": f"{standard['code']} course (pushed by API {batch})",
        "start_on": start.isoformat(), "end_on": end.isoformat(), "language": "en",
        "standards": [{"code": standard["code"], "version": standard["version"]}],
        "trainers": [trainer], "attendees": person_ids})

    score = min(100, max(standard["pass_mark"], 85))
    body = {"results": [{"person_id": pid, "standard": standard["code"],
                         "version": standard["version"], "completed_on": end.isoformat(),
                         "result": "pass", "score": score, "signed_off_by": trainer}
                        for pid in person_ids]}
    results, key, _r = api.write(f"/api/v1/sessions/{session['id']}/results", body)
    again, _key, replayed = api.write(f"/api/v1/sessions/{session['id']}/results", body, key)
    assert replayed and again == results, "a retry with the same key must give the first answer"
    return {"unit_id": unit["id"], "person_ids": person_ids, "session_id": session["id"],
            "results": results}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base-url", default=os.environ.get("PKT_BASE_URL",
                                                             "http://127.0.0.1:5000"))
    parser.add_argument("--unit-id", type=int)
    args = parser.parse_args(argv)
    token = os.environ.get("PKT_API_TOKEN")
    if not token:
        parser.error("set PKT_API_TOKEN to a personal API token (Account page)")
    try:
        done = push(Api(args.base_url, token), args.unit_id)
    except Refused as refused:
        print(f"refused: {refused}", file=sys.stderr)
        return 1
    print(f"pushed: unit {done['unit_id']}, people {done['person_ids']}, "
          f"session {done['session_id']}, {done['results']['results_new']} results")
    return 0


if __name__ == "__main__":
    sys.exit(main())
