from django.urls import path

from mel import views

urlpatterns = [
    path("", views.catalogue, name="indicators"),
    path("<str:indicator_code>/", views.indicator_detail, name="indicator"),
]
