"""What every administration page (issue 18 §12) does the same way: a list narrowed by its filter
form and cut into pages, and a form that saves through an action and says so.

The views themselves live in their apps, guarded by ``accounts.http.administrator_only``; their
templates extend ``core/administration.html``, which takes the page's ``heading``.
"""

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render

PER_PAGE = 25


def list_page(
    request: HttpRequest, *, template: str, heading: str, form: forms.Form, rows: QuerySet, **context: Any
) -> HttpResponse:
    """``rows`` narrowed by ``form`` (a filter form with a ``narrow`` method, bound to the query
    string), a page of them; a filter that does not validate shows no rows (400) and its errors."""
    status = 200
    if form.is_bound:
        if form.is_valid():
            rows = form.narrow(rows)
        else:
            rows, status = rows.none(), 400
    page = Paginator(rows, PER_PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context |= {"heading": heading, "form": form, "page": page, "query": query.urlencode()}
    return render(request, template, context, status=status)


def changed_fields(form: forms.ModelForm) -> list[str]:
    """The model fields an edit changed: what ``save(update_fields=…)`` writes and the audit row names."""
    concrete = {field.name for field in form.instance._meta.concrete_fields}
    return [name for name in form.changed_data if name in concrete]


def form_page(
    request: HttpRequest,
    *,
    form: forms.Form,
    template: str,
    heading: str,
    save: Callable[[Any], Any],
    done: Callable[[Any], str],
    message: str,
    **context: Any,
) -> HttpResponse:
    """A form page: on a valid post, ``save(form)`` (an action, audited), ``message`` and a redirect
    to ``done(saved)``; otherwise the form, with its errors (the page's error summary lists them)."""
    if request.method == "POST" and form.is_valid():
        saved = save(form)
        messages.success(request, message)
        return HttpResponseRedirect(done(saved))
    return render(request, template, {"heading": heading, "form": form, **context})
