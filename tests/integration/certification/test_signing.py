"""The signing key, the CLI that makes it, and signature checks that must fail."""
import json
import os
import stat

import pytest
import rfc8785

from app.credentials import signing


def test_keys_generate_cli(app, runner, tmp_path):
    path = tmp_path / "keys" / "signing_key.pem"
    app.config["SIGNING_KEY_PATH"] = str(path)
    first = runner.invoke(args=["keys", "generate"])
    assert first.exit_code == 0 and "kid" in first.output
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    pem = path.read_bytes()
    again = runner.invoke(args=["keys", "generate"])
    assert again.exit_code != 0 and "refusing" in again.output
    quiet = runner.invoke(args=["keys", "generate", "--if-missing"])
    assert quiet.exit_code == 0 and "already present" in quiet.output
    assert path.read_bytes() == pem
    with app.app_context():
        kid = signing.current_kid()
    assert len(kid) == 16 and kid in first.output


def payload(kid):
    return {"v": 1, "alg": "EdDSA", "kid": kid, "kind": "individual", "serial": "KEN-2026-000001",
            "subject": {"name": "Amina Otieno"}, "standards": [{"code": "CD-1", "version": "2017"}],
            "issued_on": "2026-01-01", "expires_on": "2027-01-01"}


def test_signature_round_trip_and_every_mutation_fails(app, cert_env):
    kid = signing.current_kid()
    signed = signing.sign(payload(kid))
    assert signing.verify(signed.canonical, signed.signature, kid)
    original = payload(kid)
    for field in original:
        changed = dict(original)
        changed[field] = "x" if not isinstance(original[field], str) else original[field] + "x"
        assert not signing.verify(rfc8785.dumps(changed), signed.signature, kid), field
    raw = bytearray(signing.unb64url(signed.signature))
    for index in (0, 31, 63):
        flipped = bytearray(raw)
        flipped[index] ^= 1
        assert not signing.verify(signed.canonical, signing.b64url(bytes(flipped)), kid)


def test_other_keys_and_non_canonical_bytes_fail(app, cert_env):
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    kid = signing.current_kid()
    body = payload(kid)
    other = Ed25519PrivateKey.generate()
    forged = signing.b64url(other.sign(rfc8785.dumps(body)))
    assert not signing.verify(rfc8785.dumps(body), forged, kid)
    other_kid = signing.kid_for(other.public_key())
    assert not signing.verify(rfc8785.dumps({**body, "kid": other_kid}), forged, other_kid)
    signed = signing.sign(body)
    spaced = json.dumps(body, indent=1).encode()  # same data, not canonical bytes
    assert not signing.verify(spaced, signed.signature, kid)
    with pytest.raises(ValueError):
        signing.sign({**body, "alg": "none"})
    assert not signing.verify(rfc8785.dumps({**body, "alg": "HS256"}), signed.signature, kid)


def test_missing_key_is_a_clear_error(app, tmp_path):
    app.config["SIGNING_KEY_PATH"] = str(tmp_path / "nope.pem")
    with pytest.raises(signing.SigningKeyMissing):
        signing.current_kid()
    assert signing.published_keys() == []


def test_the_credential_is_the_canonical_json_of_its_four_members(app, cert_env):
    kid = signing.current_kid()
    tricky = dict(payload(kid), subject={"name": 'Zoë "Ngozi" Ōkafor\\\u2028\t'},
                  extra={"b": [1, True, None], "a": "é"})
    signed = signing.sign(tricky)
    credential = signed.credential()
    assert credential == rfc8785.dumps({"payload": tricky, "alg": "EdDSA", "kid": kid,
                                        "signature": signed.signature})
    assert json.loads(credential)["payload"] == tricky
