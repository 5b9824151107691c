from django.urls import path

from network.exchange import views

urlpatterns = [
    path("reports/", views.report_list, name="network_reports"),
    path("reports/new/", views.report_new, name="network_report_new"),
    path("reports/<int:network_report_id>/", views.report_detail, name="network_report"),
    path(
        "reports/<int:network_report_id>/indicators/<str:indicator_code>/",
        views.report_indicator,
        name="network_report_indicator",
    ),
    path("reports/<int:network_report_id>/approve/", views.report_approve, name="network_report_approve"),
    path("reports/<int:network_report_id>/send/", views.report_send, name="network_report_send"),
    path("reports/<int:network_report_id>/file/", views.report_file, name="network_report_file"),
]
