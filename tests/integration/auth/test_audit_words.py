"""The audit page says what happened in words, in English and French: "Registrar A imported 30
people into Unit B", never a raw action code, an object type and an id ("User 8")."""
import ast
import re
from pathlib import Path

from app.audit import services as audit
from app.auth.models import Role
from tests.factories_records import make_person, make_unit  # noqa: F401  (fixtures)

ROOT = Path(__file__).resolve().parents[3]


def test_every_action_the_app_records_has_a_sentence(app):
    """Every string of the form area.verb in a module that writes to the audit trail, which is
    neither a permission nor an endpoint, is an action: each has its sentence."""
    from app.admin.audit_words import AREAS, SENTENCES
    from app.auth.permissions import Action

    not_actions = {a.value for a in Action} | {r.endpoint for r in app.url_map.iter_rules()}
    found = {}
    for path in (ROOT / "app").rglob("*.py"):
        text = path.read_text()
        if "append(" not in text or "audit" not in text or path.name == "audit_words.py":
            continue
        for node in ast.walk(ast.parse(text)):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and \
                    re.fullmatch(r"[a-z_]+\.[a-z_]+", node.value) and \
                    node.value.split(".")[0] in AREAS and node.value not in not_actions:
                found.setdefault(node.value, path.relative_to(ROOT))
    assert len(found) > 40  # the scan finds the actions
    missing = {action: str(where) for action, where in found.items() if action not in SENTENCES}
    assert not missing, f"actions without a sentence in app/admin/audit_words.py: {missing}"


def _events(client):
    html = client.get("/audit/events").get_data(as_text=True)
    return [(action, " ".join(words.split())) for action, words in re.findall(
        r'<tr data-action="([a-z_.]+)">\s*<td>\d+</td>\s*<td[^>]*>[^<]*</td>\s*<td>(.*?)'
        r'(?:<details|</td>)', html, re.S)]


def test_events_read_as_sentences_with_names(client, db, make_user, login_as, make_unit,
                                             make_person):
    registrar = make_user(Role.CENTRE_REGISTRAR, state="KEN", display_name="Registrar Achieng")
    unit = make_unit("KEN", name="Kenya Battalion 7")
    person = make_person("KEN", given_name="Amina", family_name="Otieno")
    audit.append("import.commit", actor=registrar, state_id=unit.state_id, object_type="ImportBatch",
                 object_id=4, details={"kind": "roster", "target_id": unit.id, "rows": 30})
    audit.append("membership.remove", actor=registrar, object_type="Membership", object_id=9,
                 details={"unit_id": unit.id, "person_id": person.id})
    audit.append("certificate.revoke", actor=registrar, state_id=unit.state_id,
                 object_type="Certificate", object_id=3,
                 details={"serial": "KEN-2026-00003", "reason": "issued_in_error"})
    audit.append("pcrs.decision", actor=registrar, state_id=unit.state_id,
                 details={"unit_id": unit.id, "from": "L1", "to": "L2"})
    audit.append("user.disable", actor=registrar, obj=registrar)
    audit.append("auth.login_failed", state_id=unit.state_id, details={"email_hash": "x"})
    db.session.commit()
    login_as(registrar)
    events = dict(reversed(_events(client)))
    assert events["import.commit"] == "Registrar Achieng imported 30 people into Kenya " \
        "Battalion 7."
    assert events["membership.remove"] == "Registrar Achieng removed Otieno, Amina from the " \
        "roster of Kenya Battalion 7."
    assert events["certificate.revoke"] == "Registrar Achieng revoked the certificate " \
        "KEN-2026-00003."
    # levels by their catalogue names (this world loads no catalogue, so they read as codes)
    assert events["pcrs.decision"] == "Registrar Achieng recorded the PCRS decision: Kenya " \
        "Battalion 7 moves from L1 to L2."
    assert events["user.disable"] == "Registrar Achieng disabled the account of Registrar " \
        "Achieng."
    assert events["auth.login_failed"] == "A sign-in was refused: wrong email or password."
    assert events["auth.login"] == "Registrar Achieng signed in."
    html = client.get("/audit/events").get_data(as_text=True)
    table = html.split("<tbody>", 1)[1]
    assert "User " not in table and "<code>auth.login</code>" not in table
    client.post("/lang/fr")
    events = dict(reversed(_events(client)))
    assert events["import.commit"] == "Registrar Achieng a importé 30 personnes dans Kenya " \
        "Battalion 7."
    assert events["auth.login"] == "Connexion de Registrar Achieng."


def test_un_staff_read_people_as_numbers(client, db, make_user, login_as, make_unit,
                                         make_person):
    """People's names are personal data: UN staff read "person #id", as on the matrix."""
    unit = make_unit("KEN", name="Kenya Battalion 8")
    person = make_person("KEN", given_name="Amina", family_name="Otieno")
    audit.append("membership.remove", state_id=unit.state_id, object_type="Membership",
                 object_id=9, details={"unit_id": unit.id, "person_id": person.id})
    db.session.commit()
    login_as(make_user(Role.UN_ADMIN))
    events = dict(_events(client))
    assert events["membership.remove"] == f"The system removed person #{person.id} from the " \
        "roster of Kenya Battalion 8."


def test_filter_by_what_happened(client, db, make_user, login_as, make_state):
    ken = make_state("KEN")
    audit.append("unit.create", state_id=ken.id, object_type="Unit", object_id=1)
    audit.append("certificate.revoke", state_id=ken.id, details={"serial": "KEN-1"})
    db.session.commit()
    login_as(make_user(Role.UN_ADMIN))
    html = client.get("/audit/events?action=certificate").get_data(as_text=True)
    assert 'data-action="certificate.revoke"' in html and 'data-action="unit.create"' not in html
    assert '<option selected value="certificate">Certificates</option>' in html or \
        '<option value="certificate" selected>Certificates</option>' in html
    assert 'for="action">What happened<' in html
