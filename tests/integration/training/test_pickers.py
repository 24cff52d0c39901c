"""The pickers that replaced the Ctrl-click lists (issue 18, item 4): the session form's trainers
and the partnership form's states are checkboxes in a fieldset with a filter box, post as the
multiple selects did, and keep what was ticked after a refused submission (the states first)."""
import re
from datetime import timedelta

from app.auth.models import Role
from app.timeutil import today
from app.training.models import CourseSession, Partnership
from tests.labels import label_problems


def picker(html, name):
    """The fieldset of picker `name`, up to the end of its list."""
    rest = html.split(f'<fieldset class="mb-3 picker" id="{name}"', 1)[1]
    return rest.split('data-picker-none hidden>', 1)[0]


def boxes(html, name):
    """[(value, label, ticked)] of picker `name`'s checkboxes, in the page's order."""
    return [(int(value), label, "checked" in attrs) for value, attrs, label in re.findall(
        rf'<input class="form-check-input" type="checkbox" name="{name}" value="(\d+)"'
        r'([^>]*)>\s*<label class="form-check-label"[^>]*>([^<]+)</label>', picker(html, name))]


def about(html, name, value):
    """The words shown beside checkbox `value` (its description)."""
    found = re.search(rf'<span id="{name}-{value}-about">(.*?)</span></span>',
                      picker(html, name), re.S).group(1)
    return " ".join(re.sub(r"<[^>]+>", " ", found).split())


def partnership_data(**changes):
    data = {"code": "TPP-1", "name": "Engineers", "un_entity": "UN DOS",
            "stream": "engineering", "start_on": "2025-01-01"}
    return data | changes


def test_partnership_states_are_checkboxes_and_post_as_before(client, db, make_user, login_as,
                                                              make_state):
    states = {iso3: make_state(iso3, name_en=name) for iso3, name in (
        ("BRA", "Brazil"), ("GHA", "Ghana"), ("JPN", "Japan"), ("KEN", "Kenya"),
        ("NOR", "Norway"))}
    login_as(make_user(Role.UN_ADMIN))
    html = client.get("/training/partnerships/new").get_data(as_text=True)
    assert "multiple" not in html.split("<main", 1)[1].split("</main>", 1)[0]
    assert "js/picker.js" in html
    for name, legend, finder in (
            ("trainee_state_ids", "Trainee states", "Find a trainee state"),
            ("partner_state_ids", "Partner states (trainers, equipment)", "Find a partner state"),
            ("donor_state_ids", "Donor states", "Find a donor state")):
        body = picker(html, name)
        assert f'<legend class="form-label fs-6 mb-1">{legend}</legend>' in body
        assert f'<label class="form-label small mb-0" for="{name}-filter">{finder}</label>' in body
        assert f'data-picker-chosen="{name}"' in body  # the summary the script fills
        assert [label for _v, label, _t in boxes(html, name)] == [
            "Brazil", "Ghana", "Japan", "Kenya", "Norway"]
        assert not any(ticked for _v, _l, ticked in boxes(html, name))
    assert label_problems(html) == []  # Kenya thrice, told apart by each list's legend

    # refused (a state both trainee and partner): what was ticked stays ticked, listed first
    page = client.post("/training/partnerships/new", data=partnership_data(
        trainee_state_ids=[str(states["KEN"].id), str(states["GHA"].id)],
        partner_state_ids=[str(states["KEN"].id)])).get_data(as_text=True)
    assert db.session.scalar(db.select(db.func.count(Partnership.id))) == 0
    assert "cannot be both" in picker(page, "partner_state_ids")
    assert [(label, ticked) for _v, label, ticked in boxes(page, "trainee_state_ids")] == [
        ("Ghana", True), ("Kenya", True), ("Brazil", False), ("Japan", False),
        ("Norway", False)]
    assert [label for _v, label, ticked in boxes(page, "partner_state_ids") if ticked] == [
        "Kenya"]
    assert boxes(page, "partner_state_ids")[0][1] == "Kenya"
    assert not any(ticked for _v, _l, ticked in boxes(page, "donor_state_ids"))

    # none ticked where one is required: refused, as the multiple select was
    page = client.post("/training/partnerships/new", data=partnership_data(
        trainee_state_ids=[str(states["KEN"].id)])).get_data(as_text=True)
    assert "This field is required." in picker(page, "partner_state_ids")
    assert db.session.scalar(db.select(db.func.count(Partnership.id))) == 0

    response = client.post("/training/partnerships/new", data=partnership_data(
        trainee_state_ids=[str(states["KEN"].id), str(states["GHA"].id)],
        partner_state_ids=[str(states["JPN"].id)], donor_state_ids=[str(states["NOR"].id)]))
    assert response.status_code == 302, response.get_data(as_text=True)[-2000:]
    partnership = db.session.scalar(db.select(Partnership))
    roles = sorted((ps.role, ps.state_id) for ps in partnership.states)
    assert roles == sorted([("trainee", states["KEN"].id), ("trainee", states["GHA"].id),
                            ("partner", states["JPN"].id), ("donor", states["NOR"].id)])


def test_session_trainers_are_checkboxes_with_what_tells_them_apart(
        client, db, make_user, login_as, make_standard, make_person, make_qualification):
    on = today()
    standard = make_standard("CD-1", "2017")
    grace = make_person("KEN", given_name="Grace", family_name="Trainer")
    namesake = make_person("KEN", given_name="Grace", family_name="Trainer")
    lapsed = make_person("KEN", given_name="Lapsed", family_name="Trainer")
    make_qualification(grace, "TOT-CPTM", on - timedelta(days=400), on)  # last valid day
    make_qualification(grace, "TOT-SEA", on - timedelta(days=400), on + timedelta(days=30))
    make_qualification(grace, "TOT-POC", on - timedelta(days=400), on - timedelta(days=1))
    make_qualification(namesake, "TOT-CPTM", on + timedelta(days=1), on + timedelta(days=400))
    make_qualification(lapsed, "TOT-CPTM", on - timedelta(days=400), on - timedelta(days=1))
    make_qualification(lapsed, "TOT-SEA", on - timedelta(days=400), on + timedelta(days=30),
                       revoked_on=on)  # revoked: not listed at all
    db.session.commit()
    login_as(make_user(Role.CENTRE_REGISTRAR, "KEN"))
    html = client.get("/training/sessions/new").get_data(as_text=True)
    assert 'select multiple' not in html and "js/picker.js" in html
    body = picker(html, "trainer_ids")
    assert '<legend class="form-label fs-6 mb-1">Trainers</legend>' in body
    assert 'for="trainer_ids-filter">Find a trainer (name, number or qualification)<' in body
    assert "data-picker-chosen" not in body  # a short list: no summary
    assert boxes(html, "trainer_ids") == [
        (grace.id, f"Capt Grace Trainer ({grace.service_number})", False),
        (namesake.id, f"Capt Grace Trainer ({namesake.service_number})", False),
        (lapsed.id, f"Capt Lapsed Trainer ({lapsed.service_number})", False)]
    assert about(html, "trainer_ids", grace.id) == "KEN · qualified: TOT-CPTM, TOT-SEA"
    assert about(html, "trainer_ids", namesake.id) == "KEN · no qualification valid today"
    assert about(html, "trainer_ids", lapsed.id) == "KEN · no qualification valid today"
    assert f'aria-describedby="trainer_ids-{grace.id}-about"' in body
    assert label_problems(html) == []

    data = {"title": "PDT", "start_on": "2025-03-03", "end_on": "2025-03-07", "language": "en",
            "standard_ids": [str(standard.id)],
            "trainer_ids": [str(lapsed.id), str(namesake.id)]}
    page = client.post("/training/sessions/new", data=data | {"end_on": "2025-03-01"}
                       ).get_data(as_text=True)
    assert db.session.scalar(db.select(db.func.count(CourseSession.id))) == 0
    assert [(v, ticked) for v, _l, ticked in boxes(page, "trainer_ids")] == [
        (namesake.id, True), (lapsed.id, True), (grace.id, False)]
    page = client.post("/training/sessions/new", data=data | {"trainer_ids": ["999999"]}
                       ).get_data(as_text=True)
    assert "is not a valid choice" in picker(page, "trainer_ids")  # as the select refused it

    response = client.post("/training/sessions/new", data=data)
    assert response.status_code == 302, response.get_data(as_text=True)[-2000:]
    session = db.session.scalar(db.select(CourseSession))
    assert sorted(t.person_id for t in session.trainers) == sorted([lapsed.id, namesake.id])


def test_numbers_stay_hidden_from_who_may_not_see_them(client, db, make_user, login_as,
                                                       make_person, make_qualification,
                                                       make_state, make_standard):
    """A partnership session's trainers, seen by the UN: the record's number, not the service
    number (Person.distinct_name, as on the results grid)."""
    from app.training import services

    make_standard("CD-1", "2017")
    ken, jpn = make_state("KEN"), make_state("JPN")
    trainer = make_person("JPN", given_name="Kenji", family_name="Sato")
    make_qualification(trainer, "TOT-CPTM", today(), today())
    partnership = services.create_partnership("TPP-1", "Engineers", "UN DOS", "engineering",
                                              None, today(), None, [ken.id], [jpn.id])
    db.session.commit()
    login_as(make_user(Role.UN_ADMIN))
    html = client.get(f"/training/partnerships/{partnership.id}/sessions/new"
                      ).get_data(as_text=True)
    assert boxes(html, "trainer_ids") == [(trainer.id, f"Capt Kenji Sato (#{trainer.id})", False)]
    assert trainer.service_number not in html
    assert about(html, "trainer_ids", trainer.id) == "JPN · qualified: TOT-CPTM"
