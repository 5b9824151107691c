from django.urls import path

from network.hub import views

urlpatterns = [
    path("api/reports/", views.receive, name="hub_receive"),
    path("reports/", views.reports, name="hub_reports"),
    path("reports/upload/", views.upload, name="hub_upload"),
    path("members/enrol/", views.enrol, name="hub_enrol"),
    path("compare/", views.compare, name="hub_comparison"),
    path("trends/", views.trends, name="hub_trends"),
]
