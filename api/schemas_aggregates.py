"""The shapes of the inbox's notices, the indicators and the practice library. Written out field by
field: a notice carries codes and ids only, a figure carries numbers only where disclosure control
leaves them, a practice carries what any reader of it reads (never who drafted or reviewed it)."""

from __future__ import annotations

import datetime

from ninja import Schema
from pydantic import Field

from api.schemas import Page

# --- Notices ---------------------------------------------------------------------------------


class NoticeOut(Schema):
    id: int = Field(examples=[412])
    kind: str = Field(
        description="emergency_access, safety, referral, transfer, conference, action_overdue or review_due.",
        examples=["referral"],
    )
    created_at: datetime.datetime
    read: bool = Field(examples=[False])
    participant: str | None = Field(
        None,
        description="The code of the participant the notice names; null when it names none or you may no "
        "longer open them.",
        examples=["P7K2M9QX4"],
    )
    status: str | None = Field(None, description="What happened (referral, transfer, conference).", examples=["sent"])
    due: datetime.date | None = Field(None, description="When the action or review is due.")
    instrument: str | None = Field(None, description="The screening instrument of a safety alert.", examples=["phq9"])
    organisation: str | None = Field(None, description="Who opened emergency access: the organisation's name.")
    role: str | None = Field(None, description="Who opened emergency access: the role, as it was named then.")
    referral: int | None = Field(None, description="The referral it links to.", examples=[57])
    transfer: int | None = Field(None, description="The transfer it links to.")
    conference: int | None = Field(None, description="The case conference it links to.")
    screening: int | None = Field(None, description="The screening a safety alert links to (with its participant).")


class NoticePage(Page):
    items: list[NoticeOut]


# --- Indicators ------------------------------------------------------------------------------


class IndicatorOut(Schema):
    code: str = Field(examples=["HC-COV-01"])
    name: str = Field(description="In the language of the request.", examples=["Participants active"])
    group: str = Field(examples=["coverage"])
    unit: str = Field(description="count, share, mean or median_days.", examples=["count"])
    definition: str
    numerator: str = Field(description="What it counts.", examples=["Participants active on the last day"])
    denominator: str = Field(description="Empty for a count.")
    eligible: str = Field(description="The eligible population, in words.")
    period_rule: str = Field(examples=["state_at_end"])
    direction: str = Field(examples=["higher"])
    source: str
    dimensions: list[str] = Field(description="The breakdowns it offers.", examples=[["sex", "age_band"]])
    aggregate_only: bool = Field(description="Small cells are hidden from every reader, coordinators included.")


class FigureOut(Schema):
    key: str = Field(description="The category's stable key; empty for everyone.", examples=["female"])
    label: str = Field(examples=["Female"])
    value: float | None = Field(
        description="The count, the share (0 to 1), the mean or the median; null when suppressed or when "
        "no one has a value.",
        examples=[0.75],
    )
    count: int | None = Field(description="The numerator, count, or people the value rests on.", examples=[18])
    eligible: int | None = Field(description="The denominator of a share.", examples=[24])
    no_data: int | None = Field(description="Eligible people without the data it needs.", examples=[5])
    suppressed: bool = Field(description="Hidden so that no one can be recognised: every number is null.")
    reason: str | None = Field(None, description="primary (small) or complementary (would give one away).")
    no_data_suppressed: bool = Field(description="The no_data count alone is hidden (null).")


class PeriodFigureOut(FigureOut):
    period: str = Field(examples=["2026Q3"])


class BreakdownOut(Schema):
    dimension: str = Field(examples=["sex"])
    label: str = Field(examples=["Sex"])
    additive: bool = Field(description="The categories add up to the total.")
    figures: list[FigureOut]


class IndicatorFiguresOut(Schema):
    indicator: IndicatorOut
    period: str = Field(examples=["2026Q3"])
    city: str | None = Field(None, description="The city narrowed to; null for your whole view.", examples=["almaty"])
    threshold: int = Field(description="Counts below it are hidden; 0 when you see exact numbers.", examples=[5])
    total: FigureOut
    breakdowns: list[BreakdownOut]
    trend: list[PeriodFigureOut] = Field(description="The total of this period and those before it, oldest first.")


# --- Practices -------------------------------------------------------------------------------


class PracticeOut(Schema):
    id: int = Field(examples=[8])
    title: str = Field(examples=["School enrolment with teacher preparation"])
    summary: str
    city: str = Field(examples=["Almaty"])
    organisation: str = Field(examples=["Almaty Social Services"])
    state: str = Field(description="draft, in_review, published or withdrawn.", examples=["published"])
    status: str = Field(examples=["inspiring"])
    evidence_strength: str = Field(examples=["practitioner_account"])
    language: str = Field(examples=["en"])
    phases: list[str] = Field(examples=[["reintegration"]])
    target_groups: list[str] = Field(examples=[["children_6_11"]])
    domains: list[str] = Field(examples=[["education"]])
    shared_with_network: bool
    demo: bool


class TranslationOut(Schema):
    language: str = Field(examples=["ru"])
    title: str
    summary: str
    what_was_done: str


class AttachmentOut(Schema):
    name: str = Field(examples=["attendance.pdf"])
    size: int = Field(description="Bytes.", examples=[48213])


class PracticeDetailOut(PracticeOut):
    actors_involved: str
    what_was_done: str
    resources_staff: str
    resources_money: str
    resources_time: str
    outcomes: str
    indicators: list[str] = Field(examples=[["HC-EDU-01"]])
    instruments_used: str
    evidence_text: str
    transferability: str
    safeguarding_notes: str
    started_on: datetime.date | None
    last_reviewed_on: datetime.date | None
    translations: list[TranslationOut]
    attachments: list[AttachmentOut]


class PracticePage(Page):
    items: list[PracticeOut]
