"""Error pages: plain, translated, and never a stack trace.

They leave out the navigation's inbox count: it is the dearest query of a page, and an error
page should cost as little, and the same, whatever record was asked for."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string


def bad_request(request: HttpRequest, exception=None) -> HttpResponse:
    return render(request, "homecoming/error.html", {"status": 400, "inbox_count": None}, status=400)


def permission_denied(request: HttpRequest, exception=None) -> HttpResponse:
    return render(request, "homecoming/error.html", {"status": 403, "inbox_count": None}, status=403)


def page_not_found(request: HttpRequest, exception=None) -> HttpResponse:
    return render(request, "homecoming/error.html", {"status": 404, "inbox_count": None}, status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    # No request context: the failure may have come from a context processor.
    return HttpResponse(render_to_string("homecoming/error_500.html"), status=500)
