from django.urls import path

from people import views

urlpatterns = [
    path("<str:code>/identity/reveal/", views.reveal_identity, name="reveal_identity"),
    path("<str:code>/identity/photo/", views.identity_photo, name="identity_photo"),
    path("<str:code>/identity/photo/upload/", views.upload_photo, name="upload_photo"),
    path("<str:code>/consents/new/", views.consent_new, name="consent_new"),
    path("<str:code>/consents/<int:consent_id>/withdraw/", views.consent_withdraw, name="consent_withdraw"),
]
