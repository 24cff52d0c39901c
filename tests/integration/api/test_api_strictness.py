"""What the API's document promises about its inputs holds on every operation (issue 16 item
10): a query parameter an operation does not document is refused with 400 (not silently
ignored), and the upload check's path answers POST only."""
import pytest

from tests.factories_catalogue import load


@pytest.mark.parametrize("url", ["/api/v1/standards?ofset=10", "/api/v1/standards/X?x=1",
                                 "/api/v1/units?limit=1", "/api/v1/me?on=2026-01-01"])
def test_an_undocumented_query_parameter_is_refused(client, db, url):
    response = client.get(url)
    assert response.status_code == 400
    assert "Unknown query parameter" in response.json["message"]


def test_documented_query_parameters_still_work(client, db):
    load()
    response = client.get("/api/v1/standards?q=a&category=x")
    assert response.status_code == 200, response.json


def test_every_operation_documents_the_400(client, db):
    document = client.get("/api/v1/openapi.json").json
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            assert "400" in operation["responses"], (method, path)


def test_the_upload_checks_path_is_post_only(client, db):
    for method in ("get", "put", "delete"):
        response = getattr(client, method)("/api/v1/certificates/check")
        assert response.status_code == 405, method
        assert "GET" not in response.headers["Allow"] and "POST" in response.headers["Allow"]
    assert client.get("/api/v1/certificates/checks").status_code == 404  # a token, unknown


def test_every_documented_query_parameter_is_taken(client, db):
    """The refusal reads the same document: no documented parameter is refused as unknown (a
    bare `on` in a docstring's YAML once read as true and refused `?on=`)."""
    import re

    document = client.get("/api/v1/openapi.json").json
    checked = 0
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            for parameter in operation.get("parameters", []):
                if parameter["in"] != "query":
                    continue
                url = re.sub(r"\{\w+\}", "1", path) + f"?{parameter['name']}=1"
                response = client.open(url, method=method.upper())
                assert "Unknown query parameter" not in response.get_data(as_text=True), url
                checked += 1
    assert checked >= 5
