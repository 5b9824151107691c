"""Screening labels for templates whose context holds administrations but not their instruments."""

from django import template

from instruments import registry
from instruments.definitions import localised

register = template.Library()


@register.filter
def band_label(administration) -> str:
    """The administration's screening band, in the user's language where the instrument it was
    scored with has a validated translation, else in English; "" when it has no band."""
    band = administration.band
    if not band:
        return ""
    instrument = registry.for_administration(administration.instrument, administration.instrument_version)
    language = instrument.display_language()[0] if instrument else "en"
    return localised(band["label"], language)


@register.filter
def instrument_name(code: str) -> str:
    """An instrument's short name as published ("PHQ-9") from its code ("phq9"); the code, for one no longer known."""
    instrument = registry.current(code)
    return instrument.short_name if instrument else code.upper()
