"""The shapes of referrals, transfers and case conferences in the API (issue 14).

What another organisation sees of a participant (``SharedRecordOut``) has one field per data
category and leaves empty what is not shared: no field can carry a category it was not given.
"""

from __future__ import annotations

import datetime
from typing import Literal

from ninja import Schema
from pydantic import Field

from api.schemas import GoalOut, In, MilestoneOut, Page, PhaseOut, ScreeningOut

# --- What is shared of a participant ---------------------------------------------------------


class SharedMemberOut(Schema):
    household_role: str = Field(examples=["child"])
    age_band: str = Field(examples=["5-11"])


class SharedSummaryOut(Schema):
    household_role: str = Field(examples=["mother"])
    sex: str = Field(examples=["female"])
    age_band: str = Field(examples=["30-44"])
    phases: list[PhaseOut]
    household: list[SharedMemberOut] = Field(description="Every member of the household, by role and age band.")


class SharedNeedOut(Schema):
    domain: str = Field(examples=["livelihood"])
    rating: int = Field(ge=1, le=5, description="The latest rating.", examples=[2])
    strengths: str = Field(examples=["Sews well"])


class SharedRecordOut(Schema):
    participant: str = Field(examples=["P7K2M9QX4"])
    categories: list[str] = Field(description="The data categories shared now.", examples=[["livelihood"]])
    summary: SharedSummaryOut | None = Field(description="Null unless the summary is shared.")
    needs: list[SharedNeedOut] = Field(description="Latest needs ratings of the domains shared.")
    goals: list[GoalOut] = Field(description="Plan goals of the domains shared, with their actions.")
    milestones: list[MilestoneOut] = Field(description="Outcome milestones of the categories shared.")
    screenings: list[ScreeningOut] | None = Field(
        description="The latest screening of each instrument; null unless health is shared."
    )


# --- Referrals -------------------------------------------------------------------------------


class ReferralOut(Schema):
    id: int = Field(examples=[42])
    side: Literal["recipient", "sender"] = Field(description="Whether your organisation received or sent it.")
    participant: str = Field(examples=["P7K2M9QX4"])
    from_organisation: str = Field(examples=["Almaty Social Services"])
    to_organisation: str = Field(examples=["Almaty CSO"])
    domain: str = Field(examples=["livelihood"])
    request: str = Field(examples=["Help to find part-time work"])
    urgency: str = Field(examples=["routine"])
    status: str = Field(examples=["sent"])
    decline_reason: str = Field(examples=[""])
    categories: list[str] = Field(description="The data categories the referral carries.", examples=[["livelihood"]])
    override_categories: list[str] = Field(description="Those shared beyond consent on a lawful basis.")
    lawful_basis: str = Field(examples=[""])
    shared: list[str] | None = Field(
        description="For the recipient, in the referral's own answer: the categories shared now (consent is "
        "re-read). Null for the sender and in lists.",
        examples=[["livelihood"]],
    )
    respond_by: datetime.date
    expires_on: datetime.date
    created_at: datetime.datetime


class ReferralPage(Page):
    items: list[ReferralOut]


class ReferralEventOut(Schema):
    status: str = Field(examples=["accepted"])
    at: datetime.datetime
    organisation: str | None = Field(examples=["Almaty CSO"])
    reason: str = Field(examples=[""])


class ServiceGivenOut(Schema):
    given_on: datetime.date
    description: str = Field(examples=["Two sessions on CV writing"])


class ReferralDetailOut(ReferralOut):
    record: SharedRecordOut | None = Field(
        description="For the recipient of an open referral: what is shared of the participant now."
    )
    services_given: list[ServiceGivenOut]
    events: list[ReferralEventOut]


class DeclineIn(In):
    reason: str = Field(description="Why you decline: a Referral decline reason.", examples=["no_capacity"])


class ServiceIn(In):
    given_on: datetime.date = Field(examples=["2026-11-27"])
    description: str = Field(min_length=1, max_length=500, examples=["Two sessions of job counselling"])


# --- Transfers -------------------------------------------------------------------------------


class TransferOut(Schema):
    id: int = Field(examples=[7])
    side: Literal["recipient", "sender"]
    status: str = Field(examples=["pending"])
    decline_reason: str = Field(examples=[""])
    from_organisation: str = Field(examples=["Almaty Social Services"])
    to_organisation: str = Field(examples=["Shymkent Social Services"])
    participants: list[str] = Field(
        description="Codes: all while the transfer waits for an answer, then those you may still open.",
        examples=[["P7K2M9QX4"]],
    )
    participant_count: int = Field(examples=[1])
    household: str | None = Field(description="Set when the whole household moves.", examples=["H3F8N2KQ7"])
    created_at: datetime.datetime
    decided_at: datetime.datetime | None
    handover_until: datetime.datetime | None = Field(description="The sender's read-only access ends then.")


class TransferPage(Page):
    items: list[TransferOut]


class TransferDetailOut(TransferOut):
    handover_note: str | None = Field(description="While the transfer waits for an answer; null once decided.")
    handover: list[SharedRecordOut] | None = Field(
        description="The handover summary of each participant while the transfer waits; null once decided."
    )


# --- Case conferences ------------------------------------------------------------------------


class ConferenceOut(Schema):
    id: int = Field(examples=[3])
    side: Literal["team", "invited"] = Field(description="On a participant's case team, or invited.")
    scheduled_at: datetime.datetime
    place: str = Field(examples=["Social services, room 4"])
    status: str = Field(examples=["scheduled"])
    organisation: str = Field(description="The convening organisation.", examples=["Almaty Social Services"])


class ConferencePage(Page):
    items: list[ConferenceOut]


class AttendanceOut(Schema):
    organisation: str = Field(examples=["Almaty CSO"])
    attended: bool | None = Field(description="Null while not recorded.")


class DecisionOut(Schema):
    participant: str = Field(examples=["P7K2M9QX4"])
    text: str = Field(examples=["Enrol in the sewing course"])
    responsible_organisation: str = Field(examples=["Almaty CSO"])
    due_on: datetime.date | None
    action_status: str | None = Field(
        description="For the case team: the status of the plan action it became.", examples=["planned"]
    )


class ConferenceDetailOut(ConferenceOut):
    whole_household: bool
    participants: list[str] = Field(
        description="The case team: every participant it is about. Invited: those whose consent covers you."
    )
    invited_organisations: list[str] = Field(examples=[["Almaty CSO"]])
    attendance: list[AttendanceOut] | None = Field(description="For the case team only.")
    decisions: list[DecisionOut] = Field(description="Invited: only the decisions your organisation carries.")
    summary: str | None = Field(description="The discussion summary: for the case team only.")
    shared: list[SharedRecordOut] | None = Field(
        description="Invited: what each participant consented to share with you for conferences."
    )
