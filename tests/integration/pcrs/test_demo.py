"""`demo seed` leaves units at every PCRS level, one certified unit still at Level 1, one
uncertified unit, a decision history that went through the gate, and a watch list."""
import json

from sqlalchemy import select

from app.pcrs.models import PcrsDecision
from app.pcrs.rules import is_up
from app.pcrs.watch import watch_list
from app.timeutil import today
from app.units.models import Unit
from tests.factories_certification import cert_env  # noqa: F401


def test_demo_seed_pcrs_story(runner, db, client, cert_env, tmp_path):  # noqa: F811
    from app.certification.services import valid_unit_certificate
    from app.pcrs.decisions import profile_for

    result = runner.invoke(args=["demo", "seed", "--json"])
    assert result.exit_code == 0, result.output[-2000:]
    printed = json.loads(result.output[result.output.index("{"):])
    units = {u.name: u for u in db.session.scalars(select(Unit))}
    levels = {u.pcrs_level for u in units.values()}
    assert levels == {"L1", "L2", "L3", "RDL"}
    certified_l1 = [u for u in units.values() if u.pcrs_level == "L1" and
                    valid_unit_certificate(u, profile_for(u, "L2"), today())]
    assert "Kenya Formed Police Unit 2 (KENFPU-2)" in [u.name for u in certified_l1]
    ghana = units["Ghana Battalion (GHANBATT)"]
    assert ghana.pcrs_level == "L1"
    assert valid_unit_certificate(ghana, profile_for(ghana, "L2"), today()) is None
    decisions = list(db.session.scalars(select(PcrsDecision).order_by(PcrsDecision.id)))
    assert len(decisions) >= 7
    ups = [d for d in decisions if is_up(d.from_level, d.to_level)]
    assert ups and all(d.certificate_id for d in ups)
    assert any(d.reason for d in decisions)  # the way back down from RDL
    watched = {i.unit_name: i.status for i in watch_list(today())}
    assert watched["Kenya Engineer Company (KENENGCOY)"] == "revoked"
    assert watched["Ghana Formed Police Unit 1 (GHAFPU-1)"] == "expiring"
    statuses = {c["serial"]: c["status"] for c in printed["certificates"]}
    assert "revoked" in statuses.values()
    _demo_credentials_verify(db, client, tmp_path)


def _demo_credentials_verify(db, client, tmp_path):
    """A demo certificate of each kind: its Open Badges credential is genuine on the verify page
    and verifies offline with the Digital Credentials Consortium's verifier; a revoked one is
    reported revoked."""
    from app.certification.models import Certificate
    from tests.credentials import dcc

    certs = list(db.session.scalars(select(Certificate).order_by(Certificate.id)))
    chosen = {kind: next(c for c in certs if c.kind == kind and c.status == "valid")
              for kind in ("individual", "trainer", "unit")}
    chosen["revoked"] = next(c for c in certs if c.status == "revoked")
    badges = {name: json.loads(c.open_badge) for name, c in chosen.items()}
    page = client.post("/verify/check", data={"pasted": chosen["unit"].open_badge})
    assert page.status_code == 200 and 'data-result="genuine"' in page.get_data(as_text=True)
    results = dcc.run(tmp_path, client.get("/.well-known/did.json").json, list(badges.items()),
                      dcc.status_lists(client, badges.values()))
    for kind in ("individual", "trainer", "unit"):
        assert results[kind]["verified"], (kind, results[kind]["error"])
    assert results["revoked"]["proofVerified"] and not results["revoked"]["verified"]
    assert results["revoked"]["statuses"][0] == {"statusPurpose": "revocation", "flagged": True}
