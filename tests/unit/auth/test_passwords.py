"""Password rules and storage (security.md check 10)."""
import pytest
from argon2 import PasswordHasher
from zxcvbn.frequency_lists import FREQUENCY_LISTS

from app.auth import passwords
from app.auth.passwords import (TOO_COMMON, TOO_LONG, TOO_SHORT, hash_password,
                                password_problem_codes, verify_password)

STRONG = "vélo rouge sur la piste du Kilimandjaro"  # any Unicode, no composition rules


def _of_length(n: int) -> str:
    base = "Ngong hills at dawn, 7 herons over Lake Naivasha; "
    return (base * (n // len(base) + 1))[:n]


@pytest.mark.parametrize("length,ok", [(11, False), (12, True), (64, True), (128, True),
                                       (129, False)])
def test_length_limits(length, ok):
    password = _of_length(length) if length != 12 else "q7Zt!mPw2#Lx"
    codes = password_problem_codes(password)
    assert (codes == []) is ok, codes
    if not ok:
        assert codes == [TOO_SHORT if length < 12 else TOO_LONG]


def test_unicode_and_no_composition_rules():
    assert password_problem_codes(STRONG) == []
    assert password_problem_codes("ядерная зима пришла рано") == []
    assert password_problem_codes("all lower case words only here please") == []


def test_three_thousand_common_passwords_are_refused():
    """The 3,000 most common leaked passwords (zxcvbn's offline list), also when doubled up to
    the minimum length, are all refused."""
    common = FREQUENCY_LISTS["passwords"][:3000]
    accepted = []
    for word in common:
        for candidate in (word, (word * 12)[:max(12, 2 * len(word))]):
            if not password_problem_codes(candidate):
                accepted.append(candidate)
    assert accepted == []
    assert password_problem_codes("passwordpassword") == [TOO_COMMON]


def test_password_that_contains_the_email_is_weak():
    assert password_problem_codes("kenya.registrar2026", user_inputs=["kenya.registrar2026"]) \
        == [TOO_COMMON]


def test_strong_hasher_is_argon2id_meeting_asvs_appendix_c():
    stored = passwords._STRONG.hash(STRONG)
    assert stored.startswith("$argon2id$v=19$")
    params = dict(p.split("=") for p in stored.split("$")[3].split(","))
    memory_mib, t, p = int(params["m"]) / 1024, int(params["t"]), int(params["p"])
    # ASVS 5.0 appendix C: t=1 & m>=46 MiB, or t=2 & m>=19 MiB, or t>=3 & m>=12 MiB
    assert (t >= 3 and memory_mib >= 12) or (t == 2 and memory_mib >= 19) or memory_mib >= 46


def test_no_truncation_difference_at_character_80():
    password = _of_length(100)
    other = password[:79] + ("X" if password[79] != "X" else "Y") + password[80:]
    stored = hash_password(password)
    assert verify_password(stored, password)
    assert not verify_password(stored, other)


def test_old_parameter_hash_needs_rehash():
    old = PasswordHasher(time_cost=2, memory_cost=19456, parallelism=1).hash(STRONG)
    assert passwords.needs_rehash(old)
    assert not passwords.needs_rehash(hash_password(STRONG))
    assert passwords.needs_rehash("not a hash")
