"""Mounted under /participants/ (homecoming/urls.py), beside the case page."""

from django.urls import path

from community.experiences import views

urlpatterns = [
    path("<str:code>/stigma/new/", views.stigma_new, name="stigma_new"),
    path("<str:code>/stigma/<int:incident_id>/remove/", views.stigma_remove, name="stigma_remove"),
    path("<str:code>/civic/new/", views.civic_new, name="civic_new"),
    path("<str:code>/civic/<int:civic_id>/remove/", views.civic_remove, name="civic_remove"),
]
