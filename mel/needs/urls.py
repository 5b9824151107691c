from django.urls import path

from mel.needs import views

urlpatterns = [
    path("", views.unmet_needs, name="unmet_needs"),
    path("download/", views.download, name="unmet_needs_download"),
]
