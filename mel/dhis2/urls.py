from django.urls import path

from mel.dhis2 import views

urlpatterns = [
    path("", views.dry_run, name="dhis2"),
    path("download/", views.download, name="dhis2_download"),
]
