"""The JSON API at /api/v1/ (issue 14): the same access policy and actions as the pages."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import PermissionDenied, RequestDataTooBig
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, Throttled, ValidationError

from api import problems
from api.auth import TokenAuth, TokenRateThrottle
from api.problems import Problem
from api.routers import aggregates, coordination, inbox, notes, participants, plans


class HomecomingAPI(NinjaAPI):
    """The schema as clients need it: refusals as ``application/problem+json``, the headers that
    answers carry (ETag on records a write names with If-Match), operations named by their view."""

    _schemas: dict[str, dict] = {}

    def get_openapi_operation_id(self, operation) -> str:
        return operation.view_func.__name__

    def get_openapi_schema(self, *args, **kwargs):
        # Building it takes over a second and it never changes while the process runs: once per
        # prefix. (Descriptions stay lazy texts, each written in the asker's language.)
        key = repr((args, sorted(kwargs.items())))
        if key not in self._schemas:
            schema = super().get_openapi_schema(*args, **kwargs)
            for operations in schema["paths"].values():
                for operation in operations.values():
                    _document_answers(operation)
            self._schemas[key] = schema
        return self._schemas[key]


_HEADERS = {
    "ETag": {
        "description": "The version to send back in If-Match when changing this record.",
        "schema": {"type": "string"},
    },
    "Retry-After": {"description": "Seconds to wait before trying again.", "schema": {"type": "integer"}},
    "WWW-Authenticate": {"description": "The authentication scheme: Bearer.", "schema": {"type": "string"}},
}


def _document_answers(operation: dict) -> None:
    etag = operation.pop("x-etag", False)
    for code, answer in operation["responses"].items():
        status, content = str(code), answer.get("content", {})
        if status.startswith("4") and "application/json" in content:
            content[problems.MEDIA_TYPE] = content.pop("application/json")
        names = {"429": ["Retry-After"], "401": ["WWW-Authenticate"]}.get(status, [])
        if etag and status.startswith("2"):
            names = ["ETag"]
        if names:
            answer["headers"] = {name: _HEADERS[name] for name in names}


api = HomecomingAPI(
    title="Homecoming API",
    version="1",
    description=(
        "Case work, coordination and aggregates under the same access policy as the pages. "
        "Authenticate with `Authorization: Bearer <token>`, a personal access token made on the "
        "account's API tokens page. Errors are RFC 9457 problem details. Lists are paged with an "
        "opaque `cursor`; writes to an existing record need the `If-Match` of the ETag it was read with."
    ),
    urls_namespace="api",
    # The interactive docs page would weigh over a megabyte of script: left out (issue 14 §3).
    docs_url=None,
    docs_decorator=require_safe,
    auth=TokenAuth(),
    throttle=TokenRateThrottle(),
)


def _field(location) -> str:
    # ninja's locations start with where the value came from ("body", "query", "path") and,
    # for a body, the parameter's own name ("body").
    parts = list(location[1:] or location)
    if parts[:1] == ["body"] and len(parts) > 1:
        parts = parts[1:]
    return ".".join(str(part) for part in parts)


@api.exception_handler(ValidationError)
def invalid(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    errors = [{"field": _field(error.get("loc", ())), "message": error.get("msg", "")} for error in exc.errors]
    return problems.response(422, _("Some values are missing or not valid: see errors."), errors=errors)


@api.exception_handler(Problem)
def refused(request: HttpRequest, exc: Problem) -> HttpResponse:
    return problems.of(request, exc)


@api.exception_handler(AuthenticationError)
def unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    detail = _("A valid access token is needed: it may be missing, revoked or expired.")
    return problems.response(401, detail, headers={"WWW-Authenticate": 'Bearer realm="homecoming"'})


@api.exception_handler(Throttled)
def throttled(request: HttpRequest, exc: Throttled) -> HttpResponse:
    return problems.response(429, _("Too many requests with this token: wait, then try again."))


@api.exception_handler(HttpError)
def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    if exc.status_code == 400:
        return problems.response(400, _("The body is not valid JSON."))
    return problems.response(exc.status_code, str(exc))


@api.exception_handler(Http404)
def not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    # "Does not exist" and "not yours to see" read the same.
    return problems.response(404, _("Not found."))


@api.exception_handler(PermissionDenied)
def forbidden(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    return problems.response(403, _("You may not do this."))


@api.exception_handler(RequestDataTooBig)
def too_big(request: HttpRequest, exc: RequestDataTooBig) -> HttpResponse:
    limit = settings.HOMECOMING_API_MAX_BODY
    return problems.response(413, _("The body is larger than %(limit)d bytes.") % {"limit": limit})


for module in (participants, plans, notes, coordination, inbox, aggregates):
    api.add_router("", module.router)
