from django.urls import path

from instruments import views

urlpatterns = [
    path("<str:code>/screenings/<int:administration_id>/", views.screening_detail, name="screening"),
    path(
        "<str:code>/screenings/<int:administration_id>/hand-back/",
        views.screening_hand_back,
        name="screening_hand_back",
    ),
    path("<str:code>/screenings/<str:instrument_code>/new/", views.screening_new, name="screening_new"),
]
