from django.urls import path

from mel.reports import views

urlpatterns = [
    path("", views.report_list, name="reports"),
    path("new/", views.report_start, name="report_start"),
    path("<int:report_id>/", views.report_detail, name="report"),
    path("<int:report_id>/issue/", views.report_issue, name="report_issue"),
    path("<int:report_id>/correct/", views.report_correct, name="report_correct"),
    path("<int:report_id>/v<int:number>/", views.version_detail, name="report_version"),
    path("<int:report_id>/v<int:number>.pdf", views.version_pdf, name="report_pdf"),
    path("<int:report_id>/v<int:number>.xlsx", views.version_xlsx, name="report_xlsx"),
]
