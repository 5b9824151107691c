import re
import uuid

from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_cache_control

from core.request_id import reset_request_id, set_request_id
from homecoming import errors

_VALID_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")


class RequestIdMiddleware:
    """Tags each request with an id (the proxy's X-Request-ID when it is well formed),
    so that an audit row can be matched with the proxy's and the app's logs."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        incoming = request.headers.get("X-Request-ID", "")
        request.request_id = incoming if _VALID_REQUEST_ID.match(incoming) else uuid.uuid4().hex
        token = set_request_id(request.request_id)
        try:
            response = self.get_response(request)
        finally:
            reset_request_id(token)
        response["X-Request-ID"] = request.request_id
        return response


class PrivateCacheMiddleware:
    """Nothing the app renders may be kept by a browser or a proxy cache, and signing
    out clears what the browser holds for the site."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if not response.has_header("Cache-Control"):
            patch_cache_control(response, no_store=True, private=True)
        if getattr(request, "signed_out", False):
            response["Clear-Site-Data"] = '"cache", "cookies", "storage"'
        return response


class ServiceUnavailableMiddleware:
    """A view that fails because the database cannot answer now (stopped, restarting, unreachable,
    its disk full) gets the calm 503 page with Retry-After instead of a server error. Failures
    outside a view (a middleware reading the session) reach the same page through the 500 handler
    (homecoming.errors.server_error)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        reason, error = errors.unavailable_in_chain(exception)
        return errors.service_unavailable(request, error, reason) if error is not None else None
