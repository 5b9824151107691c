"""Pages of the practice library (issue 13 §1). Who may do what: network/library/rules.py."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from accounts.http import AppRequest
from core import audit
from core.audit import AuditAction
from network.library import actions, attachments, codes, outcomes, rules, search
from network.library.forms import (
    AttachmentForm,
    LibraryFilter,
    PracticeForm,
    ReviewForm,
    ShareForm,
    TranslationForm,
    WithdrawForm,
)
from network.library.models import Attachment, Language

FORM = "network/library/form.html"
PER_PAGE = 20


@login_required
@require_GET
def practices(request: AppRequest) -> HttpResponse:
    access = rules.library_access(request)
    filters = LibraryFilter(request.GET or None)
    found = search.filtered(access, filters).select_related("organisation", "city")
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "access": access,
        "filters": filters,
        "page": Paginator(found, PER_PAGE).get_page(request.GET.get("page")),
        "query": query.urlencode(),
    }
    return render(request, "network/library/practices.html", context)


@login_required
def practice_new(request: AppRequest) -> HttpResponse:
    access = rules.drafting_access(request)
    form = PracticeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        practice = actions.draft_practice(
            actor=request.actor,
            city=access.city,
            organisation=access.membership.organisation,
            fields=form.practice_fields(),
        )
        messages.success(request, _("Practice drafted."))
        return redirect("practice", practice_id=practice.pk)
    return render(request, FORM, {"form": form, "practice": None})


@login_required
def practice_edit(request: AppRequest, practice_id: int) -> HttpResponse:
    practice = rules.permitted(request, practice_id, "edit")
    form = PracticeForm(request.POST or None, instance=practice, initial={"version": practice.version})
    if request.method == "POST" and form.is_valid():
        try:
            actions.edit_practice(
                actor=request.actor,
                practice=practice,
                version=form.cleaned_data["version"] or 0,
                fields=form.practice_fields(),
            )
        except actions.StaleVersion:
            form.add_error(None, _("Someone else changed this practice meanwhile: reload it and change it again."))
            return render(request, FORM, {"form": form, "practice": practice}, status=409)
        messages.success(request, _("Practice saved."))
        return redirect("practice", practice_id=practice.pk)
    return render(request, FORM, {"form": form, "practice": practice})


@login_required
@require_GET
def practice(request: AppRequest, practice_id: int) -> HttpResponse:
    access = rules.library_access(request)
    practice = rules.open_practice(access, practice_id)
    context = {
        "access": access,
        "practice": practice,
        "translations": practice.translations.order_by("language"),
        "attachments": practice.attachments.all(),
        "phases": codes.labels(codes.Phase, practice.phases),
        "domains": codes.labels(codes.Domain, practice.domains),
        "groups": codes.labels(codes.TargetGroup, practice.target_groups),
        "panel": outcomes.panel(practice),
        "review_form": ReviewForm(prefix="review"),
        "withdraw_form": WithdrawForm(prefix="withdraw"),
        "may": {
            "edit": access.may_edit(practice),
            "submit": access.may_submit(practice),
            "review": access.may_review(practice),
            "share": access.may_share(practice),
            "withdraw": access.may_withdraw(practice),
            "attach": access.may_attach(practice),
            "translate": access.may_translate(practice),
        },
        "other_languages": [(code, label) for code, label in Language.choices if code != practice.language],
    }
    return render(request, "network/library/practice.html", context)


@login_required
@require_POST
def practice_submit(request: AppRequest, practice_id: int) -> HttpResponse:
    practice = rules.permitted(request, practice_id, "submit")
    actions.submit_practice(actor=request.actor, practice=practice)
    messages.success(request, _("Practice submitted for review."))
    return redirect("practice", practice_id=practice.pk)


@login_required
@require_POST
def practice_review(request: AppRequest, practice_id: int) -> HttpResponse:
    practice = rules.permitted(request, practice_id, "review")
    form = ReviewForm(request.POST, prefix="review")
    if not form.is_valid():
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
        return redirect("practice", practice_id=practice.pk)
    if form.cleaned_data["decision"] == "approve":
        actions.approve_practice(actor=request.actor, practice=practice)
        messages.success(request, _("Practice published."))
    else:
        actions.return_practice(actor=request.actor, practice=practice, reason=form.cleaned_data["reason"])
        messages.success(request, _("Practice sent back to draft."))
    return redirect("practice", practice_id=practice.pk)


@login_required
@require_POST
def practice_share(request: AppRequest, practice_id: int) -> HttpResponse:
    practice = rules.permitted(request, practice_id, "share")
    form = ShareForm(request.POST)
    if not form.is_valid():
        return redirect("practice", practice_id=practice.pk)
    shared = form.cleaned_data["shared"] == "yes"
    actions.share_practice(actor=request.actor, practice=practice, shared=shared)
    messages.success(request, _("Shared with the network.") if shared else _("No longer shared with the network."))
    return redirect("practice", practice_id=practice.pk)


@login_required
@require_POST
def practice_withdraw(request: AppRequest, practice_id: int) -> HttpResponse:
    practice = rules.permitted(request, practice_id, "withdraw")
    form = WithdrawForm(request.POST, prefix="withdraw")
    if not form.is_valid():
        messages.error(request, _("Say why the practice is withdrawn."))
        return redirect("practice", practice_id=practice.pk)
    actions.withdraw_practice(actor=request.actor, practice=practice, reason=form.cleaned_data["reason"])
    messages.success(request, _("Practice withdrawn."))
    return redirect("practice", practice_id=practice.pk)


@login_required
def practice_translation(request: AppRequest, practice_id: int, language: str) -> HttpResponse:
    practice = rules.permitted(request, practice_id, "translate")
    if language == practice.language or language not in Language.values:
        raise Http404
    existing = practice.translations.filter(language=language).first()
    form = TranslationForm(request.POST or None, instance=existing)
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in TranslationForm.Meta.fields}
        actions.translate_practice(actor=request.actor, practice=practice, language=language, fields=fields)
        messages.success(request, _("Translation saved."))
        return redirect("practice", practice_id=practice.pk)
    context = {"form": form, "practice": practice, "language": Language(language)}
    return render(request, "network/library/translation_form.html", context, status=400 if form.errors else 200)


@login_required
def practice_attachment_new(request: AppRequest, practice_id: int) -> HttpResponse:
    practice = rules.permitted(request, practice_id, "attach")
    form = AttachmentForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        # Read one byte past the limit: enough to know the file is too large, never the whole of it.
        data = upload.read(settings.HOMECOMING_ATTACHMENT_MAX_BYTES + 1)
        try:
            actions.add_attachment(actor=request.actor, practice=practice, name=upload.name, data=data)
        except attachments.Refused as refusal:
            form.add_error("file", str(refusal))
        else:
            messages.success(request, _("Attachment added."))
            return redirect("practice", practice_id=practice.pk)
    return render(request, "network/library/attachment_form.html", {"form": form, "practice": practice})


@login_required
@require_GET
def practice_attachment(request: AppRequest, practice_id: int, attachment_id: int) -> FileResponse:
    practice = rules.open_practice(rules.library_access(request), practice_id)
    attachment = get_object_or_404(Attachment, practice=practice, pk=attachment_id)
    audit.record(
        action=AuditAction.PRACTICE_ATTACHMENT_DOWNLOADED,
        actor=request.actor,
        object_type="practice_attachment",
        object_ref=attachment.pk,
    )
    response = FileResponse(
        attachment.file.open("rb"),
        as_attachment=True,
        filename=attachment.original_name,
        content_type=attachment.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response
