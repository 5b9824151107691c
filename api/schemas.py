"""The shapes the API reads and writes. Written out field by field: a participant's identity has
no schema here, so no answer can carry it (issue 14)."""

from __future__ import annotations

import datetime

from ninja import Schema
from pydantic import ConfigDict, Field


class In(Schema):
    """A body the API reads: a field it does not know is refused, not ignored."""

    model_config = ConfigDict(extra="forbid")


class FieldError(Schema):
    field: str
    message: str


class ProblemOut(Schema):
    type: str = Field(examples=["about:blank"])
    title: str = Field(examples=["Not Found"])
    status: int = Field(examples=[404])
    detail: str = Field(examples=["Not found."])
    errors: list[FieldError] | None = None


class Page(Schema):
    next: str | None = Field(None, description="Cursor of the next page; null on the last page.")


class ParticipantItem(Schema):
    code: str = Field(examples=["P7K2M9QX4"])
    household: str = Field(examples=["H3F8N2KQ7"])
    household_role: str = Field(examples=["mother"])
    sex: str = Field(examples=["female"])
    age_band: str = Field(examples=["30-44"])
    status: str = Field(examples=["active"])
    phase: str | None = Field(None, examples=["rehabilitation"])
    organisation: str = Field(examples=["Almaty social services"])


class ParticipantOut(ParticipantItem):
    you_read: list[str] = Field(description="Data categories you may read.", examples=[["summary", "needs_plan"]])
    you_write: list[str] = Field(description="Data categories you may change.", examples=[["needs_plan"]])


class ParticipantPage(Page):
    items: list[ParticipantItem]


class HouseholdMemberOut(Schema):
    code: str | None = Field(None, description="Null for a member you may not open.")
    household_role: str
    age_band: str


class HouseholdOut(Schema):
    code: str
    members: list[HouseholdMemberOut]


class PhaseOut(Schema):
    phase: str = Field(examples=["resettlement"])
    started_on: datetime.date
    ended_on: datetime.date | None


class RatingOut(Schema):
    domain: str = Field(examples=["housing"])
    rating: int = Field(ge=1, le=5, examples=[3])
    strengths: str
    note: str


class AssessmentOut(Schema):
    id: int
    assessed_on: datetime.date
    ratings: list[RatingOut]


class ActionOut(Schema):
    id: int
    description: str
    responsible_organisation: str | None
    due_on: datetime.date | None
    status: str = Field(examples=["planned"])


class GoalOut(Schema):
    id: int
    domain: str
    what_matters: str
    actions: list[ActionOut]


class PlanOut(Schema):
    version: int
    review_on: datetime.date | None
    approved: bool
    goals: list[GoalOut]


class PlanIn(In):
    review_on: datetime.date | None = Field(examples=["2027-03-31"])


class RatingIn(In):
    domain: str = Field(description="Code of a needs domain that applies to the participant.", examples=["housing"])
    rating: int = Field(ge=1, le=5, examples=[3])
    strengths: str = Field("", max_length=300)
    note: str = Field("", max_length=300)


class AssessmentIn(In):
    assessed_on: datetime.date = Field(examples=["2026-11-30"])
    ratings: list[RatingIn] = Field(description="Every domain that is not optional must be rated.")


class ActionIn(In):
    description: str = Field(min_length=1, max_length=300, examples=["Apply for housing support"])
    responsible_organisation: str = Field(description="Slug of an organisation of the participant's city.")
    responsible_person: int | None = Field(None, description="Id of a membership in that organisation.")
    due_on: datetime.date | None = None
    status: str = Field("planned", examples=["planned"])
    blocked_reason: str = Field("", description="Required when the status is blocked.", examples=[""])


class MilestoneIn(In):
    kind: str = Field(description="Code of a milestone kind you may record here.", examples=["employed"])
    reached_on: datetime.date = Field(examples=["2026-11-02"])
    note: str = Field("", max_length=300)


class GoalIn(In):
    domain: str = Field(description="Code of a needs domain.", examples=["housing"])
    what_matters: str = Field(min_length=1, max_length=300, examples=["A home of our own"])


class NoteOut(Schema):
    id: int
    occurred_on: datetime.date
    kind: str = Field(examples=["visit"])
    domains: list[str]
    text: str
    sensitivity: str = Field(examples=["team"])
    author_discipline: str
    version: int


class NotePage(Page):
    items: list[NoteOut]


class NoteIn(In):
    occurred_on: datetime.date = Field(examples=["2026-11-30"])
    kind: str = Field(examples=["visit"])
    domains: list[str] = Field(default_factory=list, description="Codes of needs domains.", examples=[["housing"]])
    text: str = Field(min_length=1, max_length=20000, examples=["Visited at home; the flat is warm now."])
    sensitivity: str = Field("team", examples=["team"])


class MilestoneOut(Schema):
    id: int
    kind: str = Field(examples=["employed"])
    reached_on: datetime.date
    lost_on: datetime.date | None


class ScreeningOut(Schema):
    id: int
    instrument: str = Field(examples=["phq9"])
    instrument_version: str
    administered_on: datetime.date
    total: float | None
    band: str | None = Field(None, description="The band's English label.", examples=["Mild"])
    flags: list[str]
