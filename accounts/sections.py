"""Accounts' areas of the administrator's pages (core/sections.py): users and their memberships,
the changes waiting for a second person, and the sign-in lockouts."""

from django.utils.translation import gettext_lazy as _

from core.sections import AdminArea, register_admin_area

register_admin_area(
    AdminArea(name="users", title=_("Users and memberships"), url_name="administration_users", order=20)
)
register_admin_area(
    AdminArea(name="changes", title=_("Changes waiting for confirmation"), url_name="pending_changes", order=25)
)
register_admin_area(
    AdminArea(name="lockouts", title=_("Sign-in lockouts"), url_name="administration_lockouts", order=90)
)
