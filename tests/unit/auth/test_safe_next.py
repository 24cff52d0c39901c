"""Only a relative path on this site is followed after sign-in (security.md 1.6, [5.1.5])."""
import pytest

from app.auth.views import safe_next


@pytest.mark.parametrize("target", ["/", "/units/3", "/catalogue?category=core"])
def test_relative_paths_are_kept(target):
    assert safe_next(target) == target


@pytest.mark.parametrize("target", [
    None, "", "https://evil.example/", "//evil.example/x", "/\\evil.example", "\\\\evil",
    "javascript:alert(1)", "evil.example", "/\t/evil.example", "http:/evil.example",
    "/%0d%0aSet-Cookie:x", "/\r\nLocation: https://evil.example"])
def test_anything_else_is_dropped(target):
    result = safe_next(target)
    assert result is None or result.startswith("/%0d")  # percent-encoded text stays a path
