"""The administrator's pages of jurisdictions and organisations (issue 18 §12), under /administration/."""

from django.urls import path

from coordination import administration as views

urlpatterns = [
    path("jurisdictions/", views.jurisdictions, name="admin_jurisdictions"),
    path("jurisdictions/new/", views.jurisdiction_form, name="admin_jurisdiction_new"),
    path("jurisdictions/<int:jurisdiction_id>/", views.jurisdiction_form, name="admin_jurisdiction"),
    path("organisations/", views.organisations, name="admin_organisations"),
    path("organisations/new/", views.organisation_form, name="admin_organisation_new"),
    path("organisations/<int:organisation_id>/", views.organisation, name="admin_organisation"),
    path("organisations/<int:organisation_id>/edit/", views.organisation_form, name="admin_organisation_edit"),
    path("organisations/<int:organisation_id>/services/new/", views.service_form, name="admin_service_new"),
    path(
        "organisations/<int:organisation_id>/services/<int:service_id>/",
        views.service_form,
        name="admin_service",
    ),
]
