"""Errors as RFC 9457 problem details: one JSON shape for every refusal of the API.

``type`` stays ``about:blank``, so ``title`` is the HTTP status phrase (not translated: it is
protocol); ``detail`` says in the user's language what went wrong, ``errors`` names each field.
"""

from __future__ import annotations

import json
from http import HTTPStatus

from django.http import HttpRequest, HttpResponse

MEDIA_TYPE = "application/problem+json"


class Problem(Exception):
    """Raised anywhere in the API to answer with a problem; nothing is written when it is raised
    before an action runs, and actions are atomic."""

    def __init__(self, status: int, detail: str, *, errors: list | None = None, headers: dict | None = None):
        super().__init__(detail)
        self.status, self.detail, self.errors, self.headers = status, str(detail), errors, headers or {}


def response(status: int, detail: str, *, errors: list | None = None, headers: dict | None = None) -> HttpResponse:
    body: dict = {"type": "about:blank", "title": HTTPStatus(status).phrase, "status": status, "detail": str(detail)}
    if errors:
        body["errors"] = errors
    answer = HttpResponse(json.dumps(body, ensure_ascii=False), status=status, content_type=MEDIA_TYPE)
    for name, value in (headers or {}).items():
        answer[name] = value
    return answer


def of(request: HttpRequest, problem: Problem) -> HttpResponse:
    return response(problem.status, problem.detail, errors=problem.errors, headers=problem.headers)
