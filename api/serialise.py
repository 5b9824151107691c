"""Records as the API writes them, shared by the routers: codes, never names."""

from __future__ import annotations


def band(participant) -> str:
    """An age band in ASCII ("30-44", "60+"), as the caseload's filter takes it."""
    return participant.age_band.replace("\u2013", "-")


def goal(goal) -> dict:
    return {
        "id": goal.pk,
        "domain": goal.domain.code,
        "what_matters": goal.what_matters,
        "actions": [
            {
                "id": a.pk,
                "description": a.description,
                "responsible_organisation": a.responsible_organisation.name if a.responsible_organisation else None,
                "due_on": a.due_on,
                "status": a.status,
            }
            for a in goal.actions.all()
        ],
    }


def screening(administration) -> dict:
    return {
        "id": administration.pk,
        "instrument": administration.instrument,
        "instrument_version": administration.instrument_version,
        "administered_on": administration.administered_on,
        "total": administration.total,
        "band": ((administration.band or {}).get("label") or {}).get("en"),
        "flags": list(administration.flags),
    }
