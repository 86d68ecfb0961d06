"""The OpenAPI document at /api/v1/openapi.json: valid, and describing exactly the routes the API serves."""

from __future__ import annotations

import json
import re

import pytest
from openapi_spec_validator import validate

from editorial.api import PUBLIC_ENDPOINTS
from editorial.api.articles import READ_ONLY
from editorial.services.fields import EDITABLE
from editorial.workflow import State
from tests.conftest import PASSWORD, Api

HTTP_METHODS = {"get", "put", "post", "delete", "patch", "head", "options", "trace"}
IGNORED_METHODS = {"head", "options"}  # added by Flask to every route


@pytest.fixture
def spec(client) -> dict:
    response = client.get("/api/v1/openapi.json")  # no token: the document is public
    assert response.status_code == 200 and response.mimetype == "application/json"
    return json.loads(response.get_data(as_text=True))


def resolve(spec: dict, node: dict) -> dict:
    """Follow local `$ref`s (#/components/...)."""
    while "$ref" in node:
        target = spec
        for part in node["$ref"].removeprefix("#/").split("/"):
            target = target[part]
        node = target
    return node


def response_schema(spec: dict, path: str, method: str, status: str) -> dict:
    response = resolve(spec, spec["paths"][path][method]["responses"][status])
    return resolve(spec, response["content"]["application/json"]["schema"])


def openapi_path(rule: str, prefix: str) -> str:
    """/api/v1/articles/<int:article_id> → /articles/{article_id}"""
    assert rule.startswith(prefix)
    return re.sub(r"<(?:[a-z_]+(?:\([^)]*\))?:)?([a-z_]+)>", r"{\1}", rule[len(prefix):])


def served(app) -> dict[tuple[str, str], str]:
    """(path, method) → endpoint for every route of the `api` blueprint."""
    prefix = app.blueprints["api"].url_prefix
    routes = {}
    for rule in app.url_map.iter_rules():
        if rule.endpoint.startswith("api."):
            for method in {m.lower() for m in rule.methods} - IGNORED_METHODS:
                routes[(openapi_path(rule.rule, prefix), method)] = rule.endpoint
    return routes


def documented(spec: dict) -> dict[tuple[str, str], dict]:
    return {
        (path, method): operation
        for path, item in spec["paths"].items()
        for method, operation in item.items()
        if method in HTTP_METHODS
    }


def test_openapi_path_conversion():
    assert openapi_path("/api/v1/articles/<int:article_id>/revisions/<int:number>", "/api/v1") == (
        "/articles/{article_id}/revisions/{number}")
    assert openapi_path("/api/v1/things/<name>", "/api/v1") == "/things/{name}"
    assert openapi_path("/api/v1/things/<string(length=2):code>", "/api/v1") == "/things/{code}"


def test_document_is_openapi_3(spec):
    assert spec["openapi"].startswith("3.")
    assert spec["info"]["title"] and spec["info"]["version"]
    assert spec["servers"] == [{"url": "/api/v1"}]


def test_document_passes_the_openapi_validator(spec):
    validate(spec)  # raises with the reason when the document is not valid OpenAPI


def test_every_route_is_documented_and_every_documented_route_exists(app, spec):
    routes, docs = served(app), documented(spec)
    assert len(routes) >= 9  # the walk found the API's routes at all
    assert not set(routes) - set(docs), "served but not documented"
    assert not set(docs) - set(routes), "documented but not served"


def test_every_path_parameter_is_declared_with_the_routes_type(app, spec):
    """<int:x> in the route is an integer in the document; a plain <x> is a string."""
    prefix = app.blueprints["api"].url_prefix
    route_types = {}
    for rule in app.url_map.iter_rules():
        if rule.endpoint.startswith("api."):
            converters = {name: conv for conv, name in re.findall(r"<(?:([a-z_]+):)?([a-z_]+)>", rule.rule)}
            route_types[openapi_path(rule.rule, prefix)] = {
                name: "integer" if conv == "int" else "string" for name, conv in converters.items()
            }
    for path, item in spec["paths"].items():
        names = set(re.findall(r"{([a-z_]+)}", path))
        for method, operation in item.items():
            if method not in HTTP_METHODS:
                continue
            params = [*item.get("parameters", []), *operation.get("parameters", [])]
            declared = {p["name"]: p for p in params if p["in"] == "path"}
            assert set(declared) == names, (path, method)
            assert all(p["required"] for p in declared.values())
            assert {n: p["schema"]["type"] for n, p in declared.items()} == route_types[path], path


def test_public_operations_are_the_ones_that_need_no_token(app, client, spec):
    docs = documented(spec)
    for key, endpoint in served(app).items():
        public = docs[key].get("security", spec["security"]) == []
        assert public == (endpoint in PUBLIC_ENDPOINTS), key
    assert spec["components"]["securitySchemes"]["bearer"] == {"type": "http", "scheme": "bearer"}
    # and the server agrees: a protected route without a token is a 401, a public one is not
    assert client.get("/api/v1/articles").status_code == 401
    assert client.get("/api/v1/openapi.json").status_code == 200


def test_every_protected_operation_documents_401_and_every_operation_a_success(app, spec):
    docs = documented(spec)
    for key, endpoint in served(app).items():
        responses = docs[key]["responses"]
        assert any(code.startswith("2") for code in responses), key
        if endpoint not in PUBLIC_ENDPOINTS:
            assert "401" in responses, key


def test_schemas_match_what_the_api_sends_and_takes(client, newsroom, spec):
    schemas = spec["components"]["schemas"]
    assert set(schemas["ArticleInput"]["properties"]) == set(EDITABLE)
    assert set(schemas["ArticleUpdate"]["properties"]) == {*EDITABLE, "version", *READ_ONLY}
    assert schemas["Article"]["properties"]["state"]["enum"] == [s.value for s in State]

    def keys(path: str, method: str, status: str) -> set[str]:
        return set(response_schema(spec, path, method, status)["properties"])

    token = client.post("/api/v1/tokens", json={"username": "rita", "password": PASSWORD})
    assert set(token.get_json()) == keys("/tokens", "post", "201")
    api = Api(client).login("rita")
    article = api("POST", "/articles", {"headline": "Documented", "body_html": "<p>Body</p>"}).get_json()
    assert set(article) == keys("/articles", "post", "201")
    path = f"/articles/{article['id']}"
    assert set(api("PATCH", path, {"headline": "Twice", "version": 1}).get_json()) == keys("/articles/{article_id}", "patch", "200")
    assert set(api("GET", path).get_json()) == keys("/articles/{article_id}", "get", "200")
    assert set(api("GET", "/articles").get_json()) == keys("/articles", "get", "200")
    listed = api("GET", path + "/revisions").get_json()
    assert set(listed) == keys("/articles/{article_id}/revisions", "get", "200")
    assert set(listed["items"][0]) == set(schemas["Revision"]["properties"])
    assert set(api("GET", path + "/revisions/1").get_json()) == keys("/articles/{article_id}/revisions/{number}", "get", "200")
    moved = api("POST", path + "/transitions", {"to": "in_review"}).get_json()
    assert set(moved) == keys("/articles/{article_id}/transitions", "post", "200")

    error_fields = set(resolve(spec, schemas["Error"])["properties"]["error"]["properties"])
    for response in (api("GET", "/articles/999999"), api("PATCH", path, {"headline": "Old", "version": 1})):
        assert set(response.get_json()["error"]) <= error_fields


def test_every_operation_has_a_unique_operation_id_and_a_tag(spec):
    operations = [op for item in spec["paths"].values() for method, op in item.items() if method != "parameters"]
    ids = [op.get("operationId") for op in operations]
    assert all(ids) and len(set(ids)) == len(ids), ids
    assert all(op.get("tags") for op in operations)


def test_unknown_fields_are_declared_refused_exactly_where_the_api_refuses_them(client, newsroom, spec):
    """`additionalProperties: false` in the document ⇔ the server answers 422 to an unknown field."""
    ed = Api(client).login("ed")
    article = ed("POST", "/articles", {"headline": "Unknown fields"}).get_json()
    assert ed("POST", "/articles", {"headline": "x", "colour": "red"}).status_code == 422
    assert ed("PATCH", f"/articles/{article['id']}", {"version": 1, "colour": "red"}).status_code == 422
    schemas = spec["components"]["schemas"]
    assert schemas["ArticleInput"]["additionalProperties"] is False
    assert schemas["ArticleUpdate"]["additionalProperties"] is False
    # a client may echo back the read-only fields it read: documented, and accepted
    echoed = {**article, "byline": [p["id"] for p in article["byline"]]}
    assert ed("PATCH", f"/articles/{article['id']}", echoed).status_code == 200
    for path in ("/claims/{claim_id}", "/comments/{thread_id}"):
        assert spec["paths"][path]["patch"]["requestBody"]["content"]["application/json"]["schema"][
            "additionalProperties"] is False


def test_list_parameters_document_their_422(spec):
    get = spec["paths"]["/articles"]["get"]
    assert "422" in get["responses"]
    params = {p["name"]: p["schema"] for p in get["parameters"]}
    for name in ("page", "per_page", "author"):
        assert params[name] == {"type": "integer", "minimum": 1, "maximum": 2**31 - 1}
