"""GET /api/v1/standards, /api/v1/standards/<code>, /api/v1/profiles/<code>: public, read-only."""
import pytest

from tests.factories_catalogue import loaded_app


@pytest.fixture(scope="module")
def catalogue_app():
    yield from loaded_app()


@pytest.fixture
def client(catalogue_app):
    return catalogue_app.test_client()


def codes(response) -> list[str]:
    assert response.status_code == 200, response.get_json()
    body = response.get_json()
    assert body["count"] == len(body["standards"])
    return [s["code"] + "@" + s["version"] for s in body["standards"]]


@pytest.mark.parametrize("query, expected", [
    ("", ["CORE-1@2025", "SEA-1@2025", "SEA-CMD@2025", "TOT-CORE@2017"]),
    ("?include_retired=true", ["CORE-1@2017", "CORE-1@2025", "SEA-1@2025", "SEA-CMD@2025",
                               "TOT-CORE@2017"]),
    ("?category=sea", ["SEA-1@2025", "SEA-CMD@2025"]),
    ("?audience=staff_officer&category=sea", ["SEA-1@2025"]),
    ("?unit_type=formed_police_unit&category=sea", ["SEA-1@2025", "SEA-CMD@2025"]),
    ("?edition=CPTM-2017&include_retired=1", ["CORE-1@2017"]),
    ("?q=zero+tolerance", ["SEA-1@2025"]),
    ("?q=tol%C3%A9rance", ["SEA-1@2025"]),  # accents ignored: "zero tolerance"
    ("?q=interdictions&lang=fr", ["SEA-1@2025"]),
    ("?q=interdictions&lang=en", []),
])
def test_list_filters(client, query, expected):
    assert codes(client.get(f"/api/v1/standards{query}")) == expected


@pytest.mark.parametrize("query", ["?include_retired=maybe", "?lang=de", "?q=" + "x" * 101])
def test_list_rejects_what_does_not_fit(client, query):
    response = client.get(f"/api/v1/standards{query}")
    assert response.status_code == 400
    assert response.get_json()["status"] == 400


def test_list_item_fields(client):
    body = client.get("/api/v1/standards?q=CORE-1").get_json()
    core = body["standards"][0]
    assert core["title_fr"] == "Module de base : aperçu du maintien de la paix"
    assert core["effective_on"] == "2025-01-01" and core["retired_on"] is None
    assert core["supersedes"] == "CORE-1@2017" and core["is_current"] is True
    assert core["lessons"][1] == {"number": "1.2", "title_en": "The legal framework",
                                  "title_fr": "Le cadre juridique", "minutes": 45}


def test_detail_with_versions(client):
    body = client.get("/api/v1/standards/CORE-1").get_json()
    assert body["current"]["version"] == "2025"
    assert [v["version"] for v in body["versions"]] == ["2025", "2017"]
    assert body["versions"][1]["is_current"] is False
    assert body["required_by"] == ["INF-L2", "SO-L2"]


def test_detail_unknown_is_json_404(client):
    response = client.get("/api/v1/standards/NOPE")
    assert response.status_code == 404 and response.get_json()["status"] == 404


def test_profile(client):
    body = client.get("/api/v1/profiles/INF-L2").get_json()
    assert body["unit_type"] == "infantry_battalion" and body["pcrs_level"] == "L2"
    assert body["language_min_level"] == 2 and body["nio_per"] == 150
    none = {"origin": None, "design_choice_en": None, "design_choice_fr": None}
    assert body["requirements"] == [
        {"standard": "CORE-1", "share": 0.9, "applies_to": ["all", "key_appointments"], **none},
        {"standard": "SEA-1", "share": 1.0, "applies_to": ["all", "key_appointments"], **none},
        {"standard": "SEA-CMD", "share": None, "applies_to": ["key_appointments"], **none}]
    assert body["includes"] == []
    assert [s["code"] for s in body["provenance"]["sources"]] == ["FIX-PCRS"]
    assert client.get("/api/v1/profiles/NOPE").status_code == 404


def test_openapi_lists_the_catalogue_endpoints(client):
    spec = client.get("/api/v1/openapi.json").get_json()
    assert spec["openapi"].startswith("3.0")
    for path in ("/api/v1/standards", "/api/v1/standards/{code}", "/api/v1/profiles/{code}"):
        assert "get" in spec["paths"][path], path
    detail = spec["components"]["schemas"]["StandardDetail"]["properties"]["current"]
    assert detail == {"allOf": [{"$ref": "#/components/schemas/StandardVersion"}],
                      "nullable": True}


def test_provenance_of_standards_and_profiles(client):
    """Every standard says where it comes from; a profile built from a set says which."""
    core = client.get("/api/v1/standards/CORE-1").get_json()["current"]["provenance"]
    assert core["sources"] == [{"code": "FIX-CPTM",
                                "title": "Core Pre-deployment Training Materials (test copy)",
                                "issuer": "UN Integrated Training Service", "issued": "2017-05-02",
                                "reference": None, "url": "https://example.org/cptm",
                                "checked_on": "2026-12-06"}]
    assert core["unsourced_en"] is None and core["corrections"] == []
    so = client.get("/api/v1/profiles/SO-L2").get_json()
    assert so["includes"] == ["FIX-INDIVIDUAL"]
    assert so["roster_share"] == 1.0 and so["screening_required"] is True  # from the set
    assert [s["code"] for s in so["provenance"]["sources"]] == ["FIX-PCRS"]
