"""Who may do what with a city's periodic report (decided here, nowhere else).

- A coordinator or M&E officer whose organisation is in the city drafts its reports (picks the
  period, writes the narrative) and reads their drafts; only a coordinator issues.
- An M&E officer whose scope covers the city (the national officer: every city) reads its
  issued versions, never a draft.
- Everyone else: 404, as for a page that does not exist (``mel.scope.scope_for``).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404

from directory.models import Jurisdiction, Role
from mel.reports.models import Report, ReportVersion
from mel.scope import Scope, scope_for


def home_city(jurisdiction: Jurisdiction | None) -> Jurisdiction | None:
    """The city a jurisdiction is (or lies in); None above the cities."""
    while jurisdiction is not None and jurisdiction.level != Jurisdiction.Level.CITY:
        jurisdiction = jurisdiction.parent
    return jurisdiction


@dataclass(frozen=True)
class ReportAccess:
    scope: Scope
    city: Jurisdiction | None  # the city whose reports this reader drafts, if any

    @property
    def issues(self) -> bool:
        return self.city is not None and self.scope.membership.role == Role.COORDINATOR

    def drafts(self, report: Report) -> bool:
        return self.city is not None and report.city_id == self.city.pk

    @property
    def reads_issued_of(self) -> set[int]:
        """The cities whose issued versions this reader reads."""
        cities = {city.pk for city in self.scope.cities}
        return cities | ({self.city.pk} if self.city is not None else set())

    def reports(self) -> QuerySet[Report]:
        """Every report this reader may open: the drafts of their own city, issued ones in scope."""
        issued = Exists(ReportVersion.objects.filter(report=OuterRef("pk")))
        mine = Q(city=self.city) if self.city is not None else Q(pk__in=[])
        return Report.objects.filter(mine | Q(issued, city__in=self.reads_issued_of))


def access_for(request) -> ReportAccess:
    """The reader's access to reports; 404 for those without a dashboard."""
    scope = scope_for(request)
    return ReportAccess(scope, home_city(scope.membership.organisation.jurisdiction))


def open_report(access: ReportAccess, report_id: int) -> Report:
    report = access.reports().select_related("city").filter(pk=report_id).first()
    if report is None:
        raise Http404
    return report


def open_version(access: ReportAccess, report_id: int, number: int) -> ReportVersion:
    report = open_report(access, report_id)
    version = report.versions.select_related("issued_by").filter(number=number).first()
    if version is None:
        raise Http404
    return version
