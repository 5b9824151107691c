"""The administrator's pages of needs domains and milestone kinds (issue 18 §12), under /administration/."""

from django.urls import path

from casework import administration as views

urlpatterns = [
    path("needs-domains/", views.needs_domains, name="admin_needs_domains"),
    path("needs-domains/new/", views.needs_domain_form, name="admin_needs_domain_new"),
    path("needs-domains/<int:domain_id>/", views.needs_domain_form, name="admin_needs_domain"),
    path("milestone-kinds/", views.milestone_kinds, name="admin_milestone_kinds"),
    path("milestone-kinds/new/", views.milestone_kind_form, name="admin_milestone_kind_new"),
    path("milestone-kinds/<int:kind_id>/", views.milestone_kind_form, name="admin_milestone_kind"),
]
