from django import template

from core.sections import AdminArea, admin_areas

register = template.Library()


@register.simple_tag
def administration_areas() -> list[AdminArea]:
    return admin_areas()
