"""Issue 18's measure, in Chromium through the visible pages only: a registrar takes a new
30-person formed police unit from sign-in to certifiable with the roster file as the only offline
input (no spreadsheet for results or languages), then the certifying officer issues its unit
certificate from the queue. Controls are found by their labels and roles, as a person finds them.

Counted on the browser's side: page loads (the `load` event of each document, reloads included),
form submissions (navigations that POST) and fields filled (each fill, choice, tick or file).
The counts are printed and held to the issue's limits; docs/registrar_journey.md walks through
them step by step."""
import re
from dataclasses import dataclass, field
from types import SimpleNamespace

import pytest

from tests.conftest import PASSWORD

PEOPLE = 30
KEY_APPOINTMENTS = 5
COMMANDERS = 2  # PSEA-CMD is asked of commanders only
LIMITS = {"registrar": {"loads": 15, "submissions": 8}, "certifier": {"loads": 4}}


@dataclass
class Counts:
    """What one person did in the browser: page loads, form submissions, fields filled."""

    loads: int = 0
    submissions: int = 0
    fields: int = 0
    steps: list = field(default_factory=list)  # (step, loads, submissions, fields) so far

    def watch(self, page):
        page.on("load", lambda _page: self._load())
        page.on("request", self._request)

    def _load(self):
        self.loads += 1

    def _request(self, request):
        if request.is_navigation_request() and request.method == "POST" \
                and request.frame.parent_frame is None:
            self.submissions += 1

    def step(self, name: str):
        self.steps.append((name, self.loads, self.submissions, self.fields))

    def report(self, who: str) -> str:
        lines = [f"{who}: {self.loads} page loads, {self.submissions} form submissions, "
                 f"{self.fields} fields filled"]
        before = (0, 0, 0)
        for name, loads, submissions, fields in self.steps:
            lines.append(f"  {name:<58} +{loads - before[0]} loads, "
                         f"+{submissions - before[1]} submissions, +{fields - before[2]} fields")
            before = (loads, submissions, fields)
        return "\n".join(lines)


class Person:
    """Fills and clicks through labels and roles, counting the fields it fills."""

    def __init__(self, page, counts: Counts):
        self.page, self.counts = page, counts

    def fill(self, label: str, value: str, within=None):
        (within or self.page).get_by_label(label, exact=True).fill(value)
        self.counts.fields += 1

    def choose(self, label: str, option: str, within=None):
        """Pick `option` in the field labelled `label`: a select's option, or a picker's
        checkbox (templates/_macros/forms.html picker: a fieldset whose legend is `label`)."""
        scope = within or self.page
        picker = scope.get_by_role("group", name=label, exact=True)
        if picker.count():
            picker.get_by_label(option, exact=True).check()
        else:
            scope.get_by_label(label, exact=True).select_option(label=option)
        self.counts.fields += 1

    def tick(self, label: str, within=None):
        (within or self.page).get_by_label(label, exact=True).check()
        self.counts.fields += 1

    def attach(self, label: str, path):
        self.page.get_by_label(label, exact=True).set_input_files(str(path))
        self.counts.fields += 1

    def press(self, name: str, within=None):
        """Click a button (or a link) by its accessible name and wait for the next page."""
        scope = within or self.page
        target = scope.get_by_role("button", name=name, exact=True)
        if not target.count():
            target = scope.get_by_role("link", name=name, exact=True)
        with self.page.expect_navigation():
            target.first.click()

    def follow(self, name: str):
        with self.page.expect_navigation():
            self.page.get_by_role("link", name=name, exact=True).first.click()


@pytest.fixture
def world(live_app, live_server):
    """The real catalogue; the demo's users (Kenya's registrar and certifying officer, with
    two-step sign-in for the officer) and its national trainers, each qualified by the demo's
    ToT course to sign off every standard a demo unit needs. No unit yet."""
    from app.demo import records, users
    from app.demo.context import DemoContext
    from app.demo.records_people import PeopleMaker
    from app.extensions import db

    with live_app.app_context():
        from app.credentials.signing import generate_key

        generate_key(live_app.config["SIGNING_KEY_PATH"])
        ctx = DemoContext(password=PASSWORD)
        records.ensure_catalogue(ctx)
        users.seed(ctx)
        cat = records.Catalogue()
        sign_offs = {cat.current(code, ctx.on).sign_off
                     for code in cat.required_codes("formed_police_unit")}
        trainers = records.trainers_and_tot(ctx, cat, PeopleMaker(),
                                            sign_offs - {"tot_centre", "TOT-TPP"})
        db.session.commit()
        kenyan = trainers["KEN"][0]
        secrets = {login["email"]: login.get("totp_secret") for login in ctx.logins}
        return SimpleNamespace(
            url=live_server, on=ctx.on,
            trainer=kenyan.distinct_name(True),
            registrar="registrar.ken@demo.example.org",
            certifier="certifier.ken@demo.example.org",
            certifier_secret=secrets["certifier.ken@demo.example.org"])


def roster_file(tmp_path):
    """The only offline input: 30 police officers, the first five in key appointments, the first
    two of them commanders."""
    posts = ["Commander", "Deputy commander", "Operations officer", "Logistics officer",
             "Gender adviser"]
    lines = ["member_state,service_number,family_name,given_name,rank,sex,personnel_category,"
             "nationality,appointment,key_appointment,nio,commander"]
    for i in range(PEOPLE):
        key = i < KEY_APPOINTMENTS
        lines.append(f"KEN,KP-{i:04d},Mwangi{i:02d},{'Grace' if i % 3 == 0 else 'Peter'},"
                     f"{'Supt' if key else 'Cst'},{'F' if i % 3 == 0 else 'M'},formed_police,KEN,"
                     f"{posts[i] if key else 'Police officer'},{'yes' if key else 'no'},no,"
                     f"{'yes' if i < COMMANDERS else 'no'}")
    path = tmp_path / "fpu-roster.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_registrar_takes_a_new_formed_police_unit_to_certifiable(world, page, tmp_path):
    url = world.url
    counts = Counts()
    counts.watch(page)
    me = Person(page, counts)
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))

    # 1. Sign in: the home page lists the registrar's work and the way to a new unit.
    page.goto(url + "/auth/login")
    me.fill("Email", world.registrar)
    me.fill("Password", PASSWORD)
    me.press("Sign in")
    assert page.url == url + "/home"
    counts.step("sign in, land on the home page")

    # 2. A new unit with its roster file, checked at once; confirm.
    me.follow("New unit with its roster")
    me.fill("Name", "1 KENFPU")
    me.choose("Unit type", "Formed police unit")
    me.fill("Authorised strength", "140")
    me.fill("Mission", "MINUSCA")
    me.attach("Roster file (.csv or .xlsx)", roster_file(tmp_path))
    me.press("Create the unit and check the roster")
    page.get_by_text("Every row checks out.").wait_for()
    me.press(f"Import {PEOPLE} rows")
    assert re.search(r"/units/\d+", page.url), page.url
    verdict = page.locator("#readiness-verdict")
    assert "Not certifiable." in verdict.inner_text()
    counts.step("new unit with its roster file; confirm the import")

    # 3. One session for every gap: the standards short and the people lacking them come ticked;
    #    the registrar names the trainer.
    me.follow("Plan a session for the gaps")
    me.choose("Trainers", world.trainer)
    me.press("Create the session with these attendees")
    assert f"Session created with {PEOPLE} attendees." in page.locator("main").inner_text()
    counts.step("plan a session for the gaps (standards, attendees ticked)")

    # 4. Every attendee's results on one page: every cell is a pass by default (the signing
    #    trainer's word; nothing to type for a session all passed), except PSEA-CMD for those
    #    who are not commanders: the unit's profile asks it of commanders only, so their cells
    #    come "Absent", saying why, and the page says how many at the top.
    me.follow("Record every attendee's results on one page")
    labels = page.locator("label[for^='r-']").all_inner_texts()
    assert len(labels) == PEOPLE * 8, len(labels)
    absent = [label for label in labels if "PSEA-CMD" in label
              and int(re.search(r"\(KP-(\d+)\)", label).group(1)) >= COMMANDERS]
    preset = page.locator("select[id^='r-']").evaluate_all(
        "menus => menus.filter(m => m.value === 'absent').map(m => m.labels[0].innerText)")
    assert preset == absent and len(absent) == PEOPLE - COMMANDERS
    assert page.get_by_label(absent[0], exact=True).get_attribute("aria-describedby") \
        .startswith("n-")
    notice = page.locator("#preset-absent").inner_text()
    assert f'{len(absent)} cells below start as "Absent"' in notice, notice
    assert "not asked by 1 KENFPU" in notice, notice
    recorded = len(labels) - len(absent)
    me.press(f"Record the results of {PEOPLE} attendees")
    assert f"{recorded} results recorded." in page.locator("main").inner_text()
    me.follow("Readiness of 1 KENFPU")
    reasons = page.locator("#readiness-reasons").inner_text()
    assert reasons.splitlines() == [
        f"{KEY_APPOINTMENTS} people lack English at UN II or above, valid on the date: "
        "Supt Grace Mwangi00, Supt Peter Mwangi01, Supt Peter Mwangi02, Supt Grace Mwangi03, "
        "Supt Peter Mwangi04.",
        "No cleared screening attestation is on file for the current rotation."], reasons
    counts.step("results grid, then the unit's readiness")

    # 5. The key appointments' languages on one page: the assessment (the mission's language,
    #    today, a language test) is given once, each key appointment's level comes pre-chosen at
    #    the rule's minimum; saving returns to the unit's readiness.
    me.follow("Record key appointments' languages")
    assert page.locator("#languages tbody tr").count() == KEY_APPOINTMENTS
    me.press("Save the languages")
    assert f"{KEY_APPOINTMENTS} language records saved." in page.locator("main").inner_text()
    counts.step("key appointments' languages on one page")

    # 6. The screening attestation, on the unit page.
    screening = page.locator("section", has=page.locator("#screening-h"))
    me.choose("Status", "Cleared", within=screening)
    me.fill("Attested on", world.on.isoformat(), within=screening)
    me.press("Record attestation")
    counts.step("screening attestation")

    # 7. Certifiable: request certification; the request waits in the certifier's queue.
    assert "Certifiable." in page.locator("#readiness-verdict").inner_text()
    me.press("Request certification")
    assert "waits in the certifying officer's queue" in page.locator("main").inner_text()
    counts.step("request certification")

    print("\n" + counts.report("registrar"))
    assert errors == []
    assert counts.loads <= LIMITS["registrar"]["loads"]
    assert counts.submissions <= LIMITS["registrar"]["submissions"]

    # The certifying officer: sign in (two steps), the queue on the home page, issue.
    page.context.clear_cookies()
    officer = Counts()
    officer.watch(page)
    them = Person(page, officer)
    page.goto(url + "/auth/login")
    them.fill("Email", world.certifier)
    them.fill("Password", PASSWORD)
    them.press("Sign in")
    them.fill("6-digit code", _code(world.certifier_secret))
    them.press("Verify")
    assert page.url == url + "/home"
    queue = page.locator("#request-queue li", has_text="1 KENFPU")
    assert "Certifiable today" in queue.inner_text()
    officer.step("sign in with the two-step code; the queue is on the home page")
    them.press("Issue the unit certificate 1 KENFPU", within=queue)
    assert re.search(r"/certificates/\d+$", page.url), page.url
    heading = page.locator("h1").inner_text()
    assert heading.startswith("Unit pre-deployment training certificate KEN-"), heading
    officer.step("issue the unit certificate from the queue")
    print(officer.report("certifying officer"))
    assert errors == []
    assert officer.loads <= LIMITS["certifier"]["loads"]


def _code(secret: str) -> str:
    from app.auth import totp
    from app.timeutil import utcnow

    return totp.code_at(secret, totp.step_at(utcnow().timestamp()))

