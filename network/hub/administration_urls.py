"""/administration/members/: the hub's member cities in its administration (issue 18 §12)."""

from django.urls import path

from network.hub import administration_views as views

urlpatterns = [
    path("", views.members, name="admin_members"),
    path("<int:member_id>/", views.member, name="admin_member"),
    path("<int:member_id>/keys/new/", views.key_new, name="admin_member_key_new"),
    path("<int:member_id>/keys/<int:key_id>/end/", views.key_end, name="admin_member_key_end"),
]
