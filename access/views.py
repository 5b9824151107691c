from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from access import audit, policy
from access.actions import grant_emergency_access
from people.forms import EmergencyAccessForm
from people.models import Participant


@login_required
def emergency_access(request: HttpRequest) -> HttpResponse:
    """Break the glass. The same answer whether the code does not exist or may not be opened."""
    membership = request.membership
    if membership is None or membership.role not in policy.MAY_BREAK_GLASS:
        raise Http404
    form = EmergencyAccessForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        code = form.cleaned_data["code"]
        participant = Participant.objects.select_related("owner__jurisdiction").filter(code=code).first()
        if participant is not None and policy.may_break_glass(membership, participant):
            grant = grant_emergency_access(request=request, participant=participant, reason=form.cleaned_data["reason"])
            until = formats.time_format(timezone.localtime(grant.expires_at))
            messages.warning(
                request,
                _("Emergency access granted until %(time)s. The owning organisation's coordinators have been told.")
                % {"time": until},
            )
            return HttpResponseRedirect(reverse("participant", args=[participant.code]))
        audit.record(action="emergency_access.refused", object_type="participant", object_ref=code, request=request)
        form.add_error("code", _("No participant with this code can be opened in an emergency from your organisation."))
    return render(
        request,
        "access/emergency_access.html",
        {"form": form, "hours": settings.HOMECOMING_EMERGENCY_ACCESS_HOURS},
    )
