"""The certificates list finds certificates by serial, holder, service number or unit, by kind
and by status, a page of 50 at a time with page numbers; a person's page lists their
certificates and a unit's page its unit certificates."""
import re
from datetime import date, timedelta
from itertools import product

import pytest

from app.auth.models import Role
from app.timeutil import today


def serials(html):
    return re.findall(r'/certificates/\d+">([A-Z]{3}-[^<]+)</a>', html)


@pytest.fixture
def world(db, make_unit, make_person, make_certificate):
    """Kenya: a battalion with two members (one revoked certificate), someone elsewhere with an
    expired one, the battalion's unit certificate, a trainer certificate; Ghana: a certificate
    whose holder has the same name."""
    from app.units.models import Membership

    on = today()
    unit = make_unit("KEN", name="1st Kenya Battalion")
    amina = make_person("KEN", given_name="Amina", family_name="Otieno",
                        service_number="KE-111")
    brian = make_person("KEN", given_name="Brian", family_name="Kamau")
    other = make_person("KEN", given_name="Chege", family_name="Mwangi")
    for person in (amina, brian):
        db.session.add(Membership(state_id=unit.state_id, unit_id=unit.id, person_id=person.id))
    certs = dict(
        unit=make_certificate("unit", unit.name, unit=unit, serial="KEN-2025-U00001"),
        amina=make_certificate("individual", "Amina Otieno", person=amina,
                               serial="KEN-2025-I00002"),
        brian=make_certificate("individual", "Brian Kamau", person=brian, status="revoked",
                               serial="KEN-2025-I00003"),
        other=make_certificate("individual", "Chege Mwangi", person=other,
                               expires_on=on - timedelta(days=1), serial="KEN-2025-I00004"),
        trainer=make_certificate("trainer", "Chege Mwangi", person=other,
                                 serial="KEN-2025-T00005"),
        ghana=make_certificate("individual", "Amina Otieno", state="GHA",
                               serial="GHA-2025-I00001"))
    db.session.commit()
    return certs


def find(client, **args):
    response = client.get("/certificates", query_string=args)
    assert response.status_code == 200
    return response.get_data(as_text=True)


def test_search_by_serial_holder_service_number_and_unit(client, make_user, login_as, world):
    login_as(make_user(Role.CENTRE_REGISTRAR, state="KEN"))
    assert serials(find(client, q="kEn-2025-i00002")) == ["KEN-2025-I00002"]
    assert serials(find(client, q="otieno")) == ["KEN-2025-I00002"]  # not Ghana's
    assert serials(find(client, q=" KE-111 ")) == ["KEN-2025-I00002"]
    by_unit = serials(find(client, q="Kenya Battalion"))
    assert sorted(by_unit) == ["KEN-2025-I00002", "KEN-2025-I00003", "KEN-2025-U00001"]
    html = find(client, q="no such thing")
    assert serials(html) == [] and "No certificate matches." in html
    assert 'value="no such thing"' in html  # the search stays in its box


def test_filters_by_kind_and_status(client, make_user, login_as, world):
    login_as(make_user(Role.CENTRE_REGISTRAR, state="KEN"))
    assert serials(find(client, kind="unit")) == ["KEN-2025-U00001"]
    assert serials(find(client, status="revoked")) == ["KEN-2025-I00003"]
    assert serials(find(client, status="expired")) == ["KEN-2025-I00004"]
    assert sorted(serials(find(client, status="valid"))) == [
        "KEN-2025-I00002", "KEN-2025-T00005", "KEN-2025-U00001"]
    assert serials(find(client, q="Mwangi", kind="trainer")) == ["KEN-2025-T00005"]
    html = find(client, kind="individual", status="valid")
    assert serials(html) == ["KEN-2025-I00002"]
    assert '<option value="individual" selected>' in html and \
        '<option value="valid" selected>' in html
    assert len(serials(find(client, kind="bogus", status="bogus"))) == 5  # ignored


def test_service_numbers_only_for_those_who_may_see_them(client, make_user, login_as, world):
    login_as(make_user(Role.UN_OFFICER))
    assert serials(find(client, q="KE-111")) == []
    assert sorted(serials(find(client, q="otieno"))) == ["GHA-2025-I00001", "KEN-2025-I00002"]


def test_pages_numbered_with_previous_and_next(client, db, make_user, login_as,
                                               make_certificate):
    for n in range(120):
        make_certificate("individual", f"Holder {n:03d}", issued_on=date(2025, 1, 1)
                         + timedelta(days=n), serial=f"KEN-2025-I{n:05d}")
    db.session.commit()
    login_as(make_user(Role.CENTRE_REGISTRAR, state="KEN"))
    first = find(client)
    assert len(serials(first)) == 50 and serials(first)[0] == "KEN-2025-I00119"  # newest first
    assert "120 certificates found; 1 to 50 shown." in first
    pager = first.split('aria-label="Certificate pages"', 1)[1]
    assert '<span class="page-link">Previous</span>' in pager  # nothing before page 1
    assert 'aria-current="page">1<' in pager and ">3</a>" in pager
    assert 'rel="next" href="/certificates?page=2"' in pager
    last = find(client, page=3)
    assert len(serials(last)) == 20 and "101 to 120 shown" in last
    assert 'rel="prev" href="/certificates?page=2"' in last
    assert '<span class="page-link">Next</span>' in last
    assert serials(find(client, page=99)) == serials(last)  # beyond the end: the last page
    filtered = find(client, q="Holder 0", status="valid")
    assert "100 certificates found" in filtered
    assert 'href="/certificates?page=2&amp;q=Holder+0&amp;status=valid"' in filtered


def test_counting_stops_at_the_cap(client, db, make_user, login_as, make_certificate,
                                   monkeypatch):
    """A million certificates are not counted on every view: beyond the cap the page says
    "more than" and numbers the pages the cap covers."""
    from app.certification import queries

    monkeypatch.setattr(queries, "COUNT_CAP", 60)
    for n in range(61):
        make_certificate("individual", f"Holder {n:03d}", serial=f"KEN-2025-I{n:05d}")
    db.session.commit()
    login_as(make_user(Role.CENTRE_REGISTRAR, state="KEN"))
    html = find(client)
    assert "More than 60 certificates found; 1 to 50 shown." in html
    assert 'href="/certificates?page=2"' in html and "page=3" not in html
    monkeypatch.setattr(queries, "COUNT_CAP", 61)
    assert "61 certificates found; 1 to 50 shown." in find(client)


def test_status_filter_agrees_with_the_status_rule(app, db, make_certificate):
    """Every stored status, superseded or not, expiring the day before, on or after the day
    asked: the where-clause finds exactly the certificates the rule reads as each status."""
    from sqlalchemy import select

    from app.certification.kinds import STATUSES
    from app.certification.models import Certificate
    from app.certification.queries import status_is
    from app.certification.standing import effective_status

    on = date(2026, 3, 2)
    successor = make_certificate("individual", "Successor")
    for n, (stored, superseded, days) in enumerate(product(
            ("valid", "suspended", "revoked"), (False, True), (-1, 0, 1))):
        cert = make_certificate("individual", f"H{n}", status=stored,
                                expires_on=on + timedelta(days=days))
        cert.superseded_by_id = successor.id if superseded else None
    db.session.flush()
    every = db.session.scalars(select(Certificate)).all()
    for status in STATUSES:
        found = set(db.session.scalars(select(Certificate.id).where(status_is(status, on))))
        assert found == {c.id for c in every if effective_status(c, on) == status}, status
        assert found, status  # each status is met by some certificate


def test_person_page_lists_their_certificates(client, db, make_user, login_as, world):
    from app.certification.models import Certificate

    amina = db.session.get(Certificate, world["amina"].id).person_id
    login_as(make_user(Role.CENTRE_REGISTRAR, state="KEN"))
    html = client.get(f"/units/people/{amina}").get_data(as_text=True)
    part = html.split('id="certificates-h"', 1)[1]
    assert serials(part) == ["KEN-2025-I00002"] and 'data-status="valid"' in part
    other = db.session.get(Certificate, world["other"].id).person_id
    part = client.get(f"/units/people/{other}").get_data(as_text=True).split(
        'id="certificates-h"', 1)[1]
    assert sorted(serials(part)) == ["KEN-2025-I00004", "KEN-2025-T00005"]
    assert 'data-status="expired"' in part


def test_unit_page_lists_its_unit_certificates(client, db, make_user, login_as, world):
    from app.certification.models import Certificate

    unit_id = db.session.get(Certificate, world["unit"].id).unit_id
    login_as(make_user(Role.CENTRE_REGISTRAR, state="KEN"))
    html = client.get(f"/units/{unit_id}").get_data(as_text=True)
    part = html.split('id="unit-certificates-h"', 1)[1].split("</section>", 1)[0]
    assert serials(part) == ["KEN-2025-U00001"] and 'data-status="valid"' in part


def test_search_form_in_french(client, make_user, login_as, world):
    login_as(make_user(Role.CENTRE_REGISTRAR, state="KEN"))
    client.post("/lang/fr")
    html = find(client, q="otieno", status="valid")
    assert "Numéro, titulaire, matricule ou unité" in html and "Tous les types" in html
    assert "1 certificat trouvé ; 1 à 1 affichés." in html
