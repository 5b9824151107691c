"""/administration/dhis2-mapping/: the administrator's pages for the DHIS2 mapping (issue 18 §12)."""

from django.urls import path

from mel.dhis2 import administration_views as views

# Each kind of row: its URL segment and the name of its id in the URL.
ROWS = {
    "data_set": ("data-set", "data_set_id"),
    "elements": ("elements", "element_id"),
    "combos": ("category-option-combos", "combo_id"),
    "units": ("organisation-units", "unit_id"),
}

urlpatterns = [
    path("", views.overview, name="admin_dhis2_mapping"),
    path("mapping.json", views.export_mapping, name="admin_dhis2_export"),
    path("import/", views.import_mapping, name="admin_dhis2_import"),
]
for key, (segment, id_name) in ROWS.items():
    urlpatterns += [
        path(f"{segment}/", views.rows, {"kind": key}, name=f"admin_dhis2_{key}"),
        path(f"{segment}/new/", views.row_new, {"kind": key}, name=f"admin_dhis2_{key}_new"),
        path(f"{segment}/<int:{id_name}>/", views.row_edit, {"kind": key}, name=f"admin_dhis2_{key}_edit"),
        path(f"{segment}/<int:{id_name}>/delete/", views.row_delete, {"kind": key}, name=f"admin_dhis2_{key}_delete"),
    ]
