from django.urls import path

from mel.extracts import views

urlpatterns = [
    path("", views.extract_list, name="extracts"),
    path("new/", views.extract_new, name="extract_new"),
    path("<int:extract_id>/", views.extract_detail, name="extract"),
    path("<int:extract_id>/decide/", views.extract_decide, name="extract_decide"),
    path("<int:extract_id>/download.csv.zip", views.extract_download, {"file_format": "csv.zip"}, name="extract_csv"),
    path("<int:extract_id>/download.xlsx", views.extract_download, {"file_format": "xlsx"}, name="extract_xlsx"),
]
