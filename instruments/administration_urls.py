"""/administration/instruments/: the administrator's pages for screening instruments (issue 18 §12)."""

from django.urls import path

from instruments import administration_views as views

urlpatterns = [
    path("", views.definitions, name="admin_instruments"),
    path("import/", views.import_definition, name="admin_instrument_import"),
    path("<int:definition_id>/", views.definition, name="admin_instrument"),
    path("<int:definition_id>/offer/", views.offer, name="admin_instrument_offer"),
]
