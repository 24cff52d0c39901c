"""TOTP: ±1 step of skew, each step used once, random secrets (security.md check 11)."""
import pyotp

from app.auth import totp

SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
NOW = 1_800_000_015.0  # a fixed clock
STEP = int(NOW) // 30


def code(offset: int) -> str:
    return pyotp.TOTP(SECRET).at((STEP + offset) * 30)


def test_current_and_adjacent_steps_are_accepted():
    for offset in (-1, 0, 1):
        assert totp.match_step(SECRET, code(offset), NOW, 0) == STEP + offset


def test_two_steps_away_is_refused():
    assert totp.match_step(SECRET, code(-2), NOW, 0) is None
    assert totp.match_step(SECRET, code(2), NOW, 0) is None


def test_a_code_works_once():
    used = totp.match_step(SECRET, code(0), NOW, 0)
    assert totp.match_step(SECRET, code(0), NOW, used) is None
    assert totp.match_step(SECRET, code(-1), NOW, used) is None  # older steps too
    assert totp.match_step(SECRET, code(1), NOW, used) == STEP + 1


def test_garbage_is_refused():
    for bad in ("", "12345", "1234567", "abcdef", None, "12 34 5"):
        assert totp.match_step(SECRET, bad, NOW, 0) is None
    spaced = code(0)[:3] + " " + code(0)[3:]
    assert totp.match_step(SECRET, spaced, NOW, 0) == STEP


def test_secrets_are_random_160_bit():
    secrets = {totp.new_secret() for _ in range(200)}
    assert len(secrets) == 200
    assert all(len(s) == 32 for s in secrets)


def test_qr_is_an_svg_data_uri_and_key_is_grouped():
    uri = totp.provisioning_uri(SECRET, "a@example.org")
    assert uri.startswith("otpauth://totp/")
    assert totp.qr_data_uri(uri).startswith("data:image/svg+xml")
    assert totp.grouped("ABCDEFGH") == "ABCD EFGH"
