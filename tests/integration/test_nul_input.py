"""A NUL character in a query string or a form field is a 400 on every route, before any view:
PostgreSQL cannot hold NUL in text (schemathesis found GET /api/v1/standards?category=%00 answering
500 there), and SQLite would store it."""
import pytest


@pytest.mark.parametrize("url", ["/api/v1/standards?category=%00", "/api/v1/standards?category=a%00b",
                                 "/catalogue?q=%00", "/verify?serial=KEN%00"])
def test_a_nul_in_the_query_string_is_a_400(client, db, url):
    assert client.get(url).status_code == 400


def test_a_nul_in_a_form_field_is_a_400_and_a_plain_value_is_not(client, db):
    assert client.post("/auth/login", data={"email": "a\x00@example.org",
                                            "password": "x"}).status_code == 400
    assert client.post("/auth/login", data={"email": "a@example.org",
                                            "password": "x"}).status_code != 400
    assert client.get("/api/v1/standards?category=x").status_code == 200
