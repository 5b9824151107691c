"""The OpenAPI document: public, complete, and with no identity field anywhere in it."""

import json

from django.test import Client

IDENTITY_FIELDS = {"full_name", "name_dob_index", "date_of_birth", "document_number", "address", "phone", "photo"}


def schema() -> dict:
    response = Client().get("/api/v1/openapi.json")
    assert response.status_code == 200
    return response.json()


def operations(document: dict):
    for path, methods in document["paths"].items():
        for method, operation in methods.items():
            yield f"{method.upper()} {path}", operation


def test_the_schema_is_public_openapi_3_1_with_the_bearer_scheme(db):
    document = schema()
    assert document["openapi"].startswith("3.1")
    scheme = document["components"]["securitySchemes"]["TokenAuth"]
    assert (scheme["type"], scheme["scheme"]) == ("http", "bearer")


def test_every_operation_is_named_summarised_secured_and_documents_its_refusals_as_problems(db):
    document = schema()
    names = []
    for name, operation in operations(document):
        names.append(operation["operationId"])
        assert operation.get("summary"), name
        assert operation["security"] == [{"TokenAuth": []}], name
        for status in ("401", "404", "429"):
            content = operation["responses"][status]["content"]
            assert list(content) == ["application/problem+json"], (name, status)
        assert "Retry-After" in operation["responses"]["429"]["headers"], name
    assert len(names) == len(set(names)), "operation ids are unique"


def test_writes_to_existing_records_require_if_match_and_their_reads_document_the_etag(db):
    document = schema()
    for name, operation in operations(document):
        if_match = [p for p in operation.get("parameters", []) if p["name"] == "If-Match"]
        if name.startswith(("PUT ", "PATCH ")) or name.endswith(("/accept", "/decline", "/complete", "/goals")):
            assert if_match and if_match[0]["required"], name
            assert "412" in operation["responses"], name
    plan = document["paths"]["/api/v1/participants/{code}/plan"]["get"]
    assert "ETag" in plan["responses"]["200"]["headers"]


def test_no_schema_has_an_identity_field(db):
    document = schema()
    fields = {
        name for component in document["components"]["schemas"].values() for name in component.get("properties", {})
    }
    assert not fields & IDENTITY_FIELDS
    assert "Example" not in json.dumps(document)  # no demo identity in an example either


def test_the_main_fields_carry_examples(db):
    properties = schema()["components"]["schemas"]["ParticipantOut"]["properties"]
    assert properties["code"]["examples"] and properties["age_band"]["examples"] == ["30-44"]


def test_the_schema_answers_reads_only(db):
    assert Client().post("/api/v1/openapi.json").status_code == 405
