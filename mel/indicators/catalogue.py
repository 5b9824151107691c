# ruff: noqa: RUF001 (typographic dashes and signs in texts practitioners read)
"""The indicator catalogue (issue 20 §2): each indicator declared once, with how it is computed.

Codes are stable and never reused for another meaning. The texts are read by practitioners on the
indicator's page; the figures they state (14 days, 30 days, the grace of a review…) are the constants
of ``mel/indicators/rows.py``.
"""

from __future__ import annotations

from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from instruments.definitions import shipped
from mel.indicators import rows
from mel.indicators.rows import Spec
from mel.results import STANDARD_DIMENSIONS, Dimension, Direction, Indicator, PeriodRule, Unit

DESIGN = _("Homecoming programme design, DESIGN.md §8 / issue 20")
PERIODS = _("Homecoming programme design, DESIGN.md §8 / issue 20; periods as DHIS2 writes them")
ACTIVE = _(
    "Active at the end of the period: arrived in the city on or before its last day (or registered by then "
    "when no arrival date is recorded), and no approved closure decided by then that had not been reopened by "
    "then. Participants count with the organisation that owns their case now."
)
SETTLED = _(
    "Participants active at the end of the period who had been in the programme for at least 30 days "
    "(from their arrival in the city, else their registration)"
)

CATALOGUE: dict[str, Indicator] = {}
SPECS: dict[str, Spec] = {}


def declare(indicator: Indicator, spec: Spec) -> None:
    if indicator.code in CATALOGUE:
        raise ValueError(f"indicator {indicator.code} declared twice")
    CATALOGUE[indicator.code] = indicator
    SPECS[indicator.code] = spec


# Coverage

declare(
    Indicator(
        code="HC-COV-01",
        name=_("Participants active"),
        definition=format_lazy(
            "{} {}", _("The number of participants supported on the last day of the period."), ACTIVE
        ),
        numerator=_("Participants active on the last day of the period"),
        denominator="",
        unit=Unit.COUNT,
        period_rule=PeriodRule.STATE_AT_END,
        eligible=_("Every participant owned by the organisations in scope"),
        direction=Direction.NEUTRAL,
        source=PERIODS,
        group="coverage",
    ),
    Spec(rows.active_people),
)
declare(
    Indicator(
        code="HC-COV-02",
        name=_("Households active"),
        definition=format_lazy(
            "{} {}",
            _("The number of households with at least one participant active on the last day of the period."),
            ACTIVE,
        ),
        numerator=_("Households with at least one active member on the last day of the period"),
        denominator="",
        unit=Unit.COUNT,
        period_rule=PeriodRule.STATE_AT_END,
        eligible=_("Every household owned by the organisations in scope"),
        direction=Direction.NEUTRAL,
        source=DESIGN,
        group="coverage",
        dimensions=(Dimension.JURISDICTION,),
    ),
    Spec(rows.active_households),
)
declare(
    Indicator(
        code="HC-COV-03",
        name=_("New arrivals"),
        definition=_(
            "The number of participants who arrived in the city during the period (or, when no arrival date "
            "is recorded, were registered during it), by month of arrival."
        ),
        numerator=_("Participants whose arrival in the city falls within the period"),
        denominator="",
        unit=Unit.COUNT,
        period_rule=PeriodRule.EVENTS_WITHIN,
        eligible=_("Every participant owned by the organisations in scope"),
        direction=Direction.NEUTRAL,
        source=PERIODS,
        group="coverage",
        dimensions=(*STANDARD_DIMENSIONS, Dimension.ARRIVAL_MONTH),
    ),
    Spec(rows.new_arrivals),
)

# Continuity of care

declare(
    Indicator(
        code="HC-CON-01",
        name=_("Transfers from the centre accepted within 14 days"),
        definition=_(
            "Of the people on transfers from a rehabilitation centre that were decided (accepted or declined) "
            "during the period, the share whose transfer was accepted within 14 days (14 × 24 hours) of being "
            "sent. Each person on a household's transfer counts once. Transfers still waiting for an answer "
            "count in the period in which they are decided; cancelled transfers do not count. The city is the "
            "receiving organisation's."
        ),
        numerator=_("People whose transfer was accepted within 14 days of being sent"),
        denominator=_("People on transfers from a rehabilitation centre decided in the period"),
        unit=Unit.SHARE,
        period_rule=PeriodRule.EVENTS_WITHIN,
        eligible=_("People on transfers from a rehabilitation centre to the organisations in scope"),
        direction=Direction.HIGHER,
        source=DESIGN,
        group="continuity",
    ),
    Spec(rows.transfers_accepted),
)
declare(
    Indicator(
        code="HC-CON-02",
        name=_("First needs assessment within 14 days of arrival"),
        definition=_(
            "Of the participants whose first 14 days in the programme ended during the period, the share whose "
            "first needs assessment was on or before the 14th day after their arrival in the city (or their "
            "registration, when no arrival date is recorded)."
        ),
        numerator=_("Participants first assessed within 14 days of arrival"),
        denominator=_("Participants whose 14th day after arrival fell within the period"),
        unit=Unit.SHARE,
        period_rule=PeriodRule.EVENTS_WITHIN,
        eligible=_("Participants whose 14th day after arrival fell within the period"),
        direction=Direction.HIGHER,
        source=DESIGN,
        group="continuity",
    ),
    Spec(rows.first_assessment_on_time),
)
declare(
    Indicator(
        code="HC-CON-03",
        name=_("Plan approved within 30 days of arrival"),
        definition=_(
            "Of the participants whose first 30 days in the programme ended during the period, the share whose "
            "plan was first approved on or before the 30th day after their arrival in the city (or their "
            "registration). The first approval counts, even if the plan was edited and approved again since."
        ),
        numerator=_("Participants whose plan was first approved within 30 days of arrival"),
        denominator=_("Participants whose 30th day after arrival fell within the period"),
        unit=Unit.SHARE,
        period_rule=PeriodRule.EVENTS_WITHIN,
        eligible=_("Participants whose 30th day after arrival fell within the period"),
        direction=Direction.HIGHER,
        source=DESIGN,
        group="continuity",
    ),
    Spec(rows.plan_approved_on_time),
)
declare(
    Indicator(
        code="HC-CON-04",
        name=_("Reviews held on time"),
        definition=_(
            "Of the case reviews whose grace of 7 days after the scheduled date ended during the period, the "
            "share held on or before that day. Counting reviews by the end of their grace, not by their "
            "scheduled date, means a past period's value no longer changes once it has ended."
        ),
        numerator=_("Reviews held no later than 7 days after the scheduled date"),
        denominator=_("Reviews scheduled for a date whose 7-day grace ended within the period"),
        unit=Unit.SHARE,
        period_rule=PeriodRule.EVENTS_WITHIN,
        eligible=_("Case reviews of participants owned by the organisations in scope"),
        direction=Direction.HIGHER,
        source=DESIGN,
        group="continuity",
    ),
    Spec(rows.reviews_on_time),
)
declare(
    Indicator(
        code="HC-CON-05",
        name=_("Referrals completed"),
        definition=_(
            "Of the referrals that had been accepted and that ended during the period (completed, revoked or "
            "expired), the share completed: referrals completed ÷ referrals accepted."
        ),
        numerator=_("Accepted referrals completed during the period"),
        denominator=_("Accepted referrals that ended during the period"),
        unit=Unit.SHARE,
        period_rule=PeriodRule.EVENTS_WITHIN,
        eligible=_("Referrals of participants owned by the organisations in scope"),
        direction=Direction.HIGHER,
        source=DESIGN,
        group="continuity",
    ),
    Spec(rows.referrals_completed),
)
declare(
    Indicator(
        code="HC-CON-06",
        name=_("Days from referral to acceptance"),
        definition=_(
            "The median number of calendar days between a referral being sent and its acceptance by the "
            "receiving organisation, over the referrals accepted during the period."
        ),
        numerator=_("Calendar days from sending to acceptance (median)"),
        denominator=_("Referrals accepted during the period"),
        unit=Unit.MEDIAN_DAYS,
        period_rule=PeriodRule.EVENTS_WITHIN,
        eligible=_("Referrals of participants owned by the organisations in scope"),
        direction=Direction.LOWER,
        source=DESIGN,
        group="continuity",
    ),
    Spec(rows.days_to_acceptance),
)

# Outcomes (milestones held on the last day of the period: reached by then and not ended by then)


def _outcome(code: str, name, held, eligible, spec, *, dimensions=STANDARD_DIMENSIONS) -> None:
    declare(
        Indicator(
            code=code,
            name=name,
            definition=format_lazy(
                "{} {}",
                format_lazy(
                    _("Of {eligible}, the share who {held} on the last day of the period."),
                    eligible=eligible,
                    held=held,
                ),
                _("A milestone counts from the day it was reached until the day it ended, if it has ended."),
            ),
            numerator=format_lazy(_("Those who {held} on the last day of the period"), held=held),
            denominator=eligible,
            unit=Unit.SHARE,
            period_rule=PeriodRule.STATE_AT_END,
            eligible=eligible,
            direction=Direction.HIGHER,
            source=DESIGN,
            group="outcomes",
            dimensions=dimensions,
        ),
        Spec(spec),
    )


_outcome(
    "HC-OUT-01",
    _("Documents restored"),
    _("had their documents restored"),
    SETTLED,
    rows.milestone_share(("documents_restored",)),
)
_outcome(
    "HC-OUT-02",
    _("Children of school age enrolled"),
    _("were enrolled in school and attending"),
    _(
        "children aged 6–17 at the end of the period (its year minus the year of birth), active then and in "
        "the programme for at least 30 days"
    ),
    rows.milestone_share(("school_enrolled",), youngest=6, oldest=17),
)
_outcome(
    "HC-OUT-03",
    _("Reunified with family"),
    _("were reunified with relatives"),
    _(
        "participants who came without (part of) their family, active at the end of the period and in the "
        "programme for at least 30 days; coming without family is known from a reunification recorded on "
        "the case (even one since ended) or a goal in the family domain of the plan"
    ),
    rows.reunified,
)
_outcome(
    "HC-OUT-04", _("Stable housing"), _("lived in stable housing"), SETTLED, rows.milestone_share(("stable_housing",))
)
_outcome(
    "HC-OUT-05",
    _("Women in employment, training or self-employment"),
    _("were in employment, training or self-employment"),
    _("women aged 18 or over at the end of the period, active then and in the programme for at least 30 days"),
    rows.milestone_share(("employed", "training", "self_employed"), youngest=18, sex="female"),
    dimensions=tuple(d for d in STANDARD_DIMENSIONS if d != Dimension.SEX),
)
_outcome(
    "HC-OUT-06",
    _("Receiving entitled allowances"),
    _("received the social allowances they are entitled to"),
    SETTLED,
    rows.milestone_share(("allowances",)),
)
_outcome(
    "HC-OUT-07",
    _("Taking part in community life"),
    _("took part in community life (volunteering, community events)"),
    SETTLED,
    rows.milestone_share(("community_life",)),
)
declare(
    Indicator(
        code="HC-OUT-08",
        name=_("Improvement in a needs domain"),
        definition=_(
            "Of the participants active at the end of the period with at least two needs assessments by then, "
            "the share whose latest rating in at least one domain is at least one point better (higher) than "
            "their first rating in that domain. By domain: of the participants rated in that domain at least "
            "twice, those whose rating improved; a person may count in several domains, so the domains do not "
            "add up to the total. Participants with fewer than two assessments are counted as “no data yet”."
        ),
        numerator=_("Participants with a rating at least one point better than their first in at least one domain"),
        denominator=_("Participants active at the end of the period with at least two needs assessments"),
        unit=Unit.SHARE,
        period_rule=PeriodRule.STATE_AT_END,
        eligible=_("Participants active at the end of the period"),
        direction=Direction.HIGHER,
        source=DESIGN,
        group="outcomes",
        dimensions=(*STANDARD_DIMENSIONS, Dimension.DOMAIN),
    ),
    Spec(rows.improved, by_dimension={Dimension.DOMAIN: rows.improved_by_domain}),
)
declare(
    Indicator(
        code="HC-OUT-09",
        name=_("Still supported 12 months after arrival"),
        definition=_(
            "Of the participants whose first 365 days in the programme ended during the period, the share whose "
            "case was not closed within those 365 days. A closure because the goals were met is not a loss, "
            "nor is a closure reopened within the 365 days."
        ),
        numerator=_("Participants still supported 365 days after their arrival"),
        denominator=_("Participants whose 365th day after arrival fell within the period"),
        unit=Unit.SHARE,
        period_rule=PeriodRule.EVENTS_WITHIN,
        eligible=_("Participants whose 365th day after arrival (or registration) fell within the period"),
        direction=Direction.HIGHER,
        source=DESIGN,
        group="outcomes",
    ),
    Spec(rows.retained),
)

# Wellbeing (screening figures: health data, aggregates only outside the case team)

# In display order; each instrument keeps its codes whether or not it has a published change figure.
INSTRUMENTS = ("phq9", "gad7", "who5", "pcl5", "psc17", "cries8")
SHORT_NAMES = dict(zip(INSTRUMENTS, ("PHQ-9", "GAD-7", "WHO-5", "PCL-5", "PSC-17", "CRIES-8"), strict=True))
RELIABLE_CODES = {code: f"HC-WB-{index:02d}" for index, code in enumerate(INSTRUMENTS, start=1)}
MEAN_CODES = {code: f"HC-WB-{index:02d}" for index, code in enumerate(INSTRUMENTS, start=11)}
CHANGE_SOURCES = {
    "phq9": _("NHS Talking Therapies manual: reliable change on the PHQ-9"),
    "gad7": _("NHS Talking Therapies manual: reliable change on the GAD-7"),
    "who5": _("Topp et al. (2015), systematic review of the WHO-5 Well-Being Index: a 10-point change"),
    "pcl5": _("US National Center for PTSD, PCL-5 page: reliable and clinically significant change"),
    "psc17": _(
        "Jacobson–Truax reliable change index from published PSC-17 test-retest reliability (Murphy et al. "
        "2016) and SD (Stoppelbein et al. 2012), calculated by Homecoming"
    ),
}
SCREENED = _(
    "Participants active at the end of the period with at least one scored administration of the instrument "
    "on or before its last day"
)


def _wellbeing(instrument) -> None:
    name = SHORT_NAMES.get(instrument.code, instrument.code)
    better = _("lower scores are better") if instrument.higher_is == "worse" else _("higher scores are better")
    if rows.has_change_figure(instrument):
        threshold, strict = rows.reliable_threshold(instrument)
        figure = (
            format_lazy(_("a change of more than {points} points"), points=f"{threshold:.1f}")
            if strict
            else format_lazy(_("a change of at least {points} points"), points=f"{threshold:g}")
        )
        declare(
            Indicator(
                code=RELIABLE_CODES[instrument.code],
                name=format_lazy(_("Reliable improvement on the {instrument}"), instrument=name),
                definition=format_lazy(
                    _(
                        "Of the participants screened at least twice with the {instrument} by the end of the period, "
                        "the share whose latest score is better than their first by {figure} ({better}). Those "
                        "screened only once are counted as “no data yet”. Screening is not diagnosis."
                    ),
                    instrument=name,
                    figure=figure,
                    better=better,
                ),
                numerator=format_lazy(
                    _("Participants with a reliable improvement on the {instrument}"), instrument=name
                ),
                denominator=format_lazy(
                    _("Participants screened at least twice with the {instrument}"), instrument=name
                ),
                unit=Unit.SHARE,
                period_rule=PeriodRule.STATE_AT_END,
                eligible=SCREENED,
                direction=Direction.HIGHER,
                source=CHANGE_SOURCES.get(instrument.code, DESIGN),
                group="wellbeing",
                health=True,
            ),
            Spec(rows.reliable_improvement(instrument)),
        )


def _mean_change(instrument) -> None:
    name = SHORT_NAMES.get(instrument.code, instrument.code)
    better = _("lower scores are better") if instrument.higher_is == "worse" else _("higher scores are better")
    declare(
        Indicator(
            code=MEAN_CODES[instrument.code],
            name=format_lazy(_("Mean change on the {instrument}"), instrument=name),
            definition=format_lazy(
                _(
                    "The mean of (latest score − first score) on the {instrument}, over the participants screened at "
                    "least twice by the end of the period ({better}), with how many it rests on. Those screened only "
                    "once are counted as “no data yet”. Screening is not diagnosis."
                ),
                instrument=name,
                better=better,
            ),
            numerator=_("Latest score minus first score (mean)"),
            denominator=format_lazy(_("Participants screened at least twice with the {instrument}"), instrument=name),
            unit=Unit.MEAN,
            period_rule=PeriodRule.STATE_AT_END,
            eligible=SCREENED,
            direction=Direction.LOWER if instrument.higher_is == "worse" else Direction.HIGHER,
            source=DESIGN,
            group="wellbeing",
            health=True,
        ),
        Spec(rows.mean_change(instrument)),
    )


_INSTRUMENTS = [shipped()[code] for code in INSTRUMENTS if code in shipped()]
for _instrument in _INSTRUMENTS:
    _wellbeing(_instrument)
for _instrument in _INSTRUMENTS:
    _mean_change(_instrument)

# Unmet needs

declare(
    Indicator(
        code="HC-UN-01",
        name=_("Actions blocked"),
        definition=_(
            "The number of plan actions blocked on the last day of the period (as the action stood that day, "
            "from its history), of participants active then, by the reason recorded."
        ),
        numerator=_("Actions blocked on the last day of the period"),
        denominator="",
        unit=Unit.COUNT,
        period_rule=PeriodRule.STATE_AT_END,
        eligible=_("Plan actions of participants active at the end of the period"),
        direction=Direction.LOWER,
        source=DESIGN,
        group="unmet_needs",
        dimensions=(Dimension.REASON, *STANDARD_DIMENSIONS),
    ),
    Spec(rows.blocked_actions),
)
declare(
    Indicator(
        code="HC-UN-02",
        name=_("Urgent needs without an open action"),
        definition=_(
            "The number of participant–domain pairs rated 1 or 2 (urgent or serious need) on the participant's "
            "latest needs assessment on or before the last day of the period, with no open action (planned, in "
            "progress or blocked, as it stood that day) under a goal in that domain of the plan. A participant "
            "with two such domains counts twice."
        ),
        numerator=_("Domains rated 1–2 on the latest assessment with no open action"),
        denominator="",
        unit=Unit.COUNT,
        period_rule=PeriodRule.STATE_AT_END,
        eligible=_("Participants active at the end of the period with at least one needs assessment"),
        direction=Direction.LOWER,
        source=DESIGN,
        group="unmet_needs",
        dimensions=(Dimension.DOMAIN, *STANDARD_DIMENSIONS),
    ),
    Spec(rows.unmet_domains),
)

# The receiving community (issue 12)

COMMUNITY = _("Homecoming programme design, DESIGN.md §4 / issue 12")
HELD = _("Activities held during the period, recorded by the organisations in scope; the city is the organiser's.")
COMMUNITY_DIMENSIONS = (Dimension.JURISDICTION, Dimension.ACTIVITY_KIND)


def _community(code: str, name, definition, numerator, denominator, unit: Unit, spec, **extra) -> None:
    declare(
        Indicator(
            code=code,
            name=name,
            definition=definition,
            numerator=numerator,
            denominator=denominator,
            unit=unit,
            period_rule=extra.pop("period_rule", PeriodRule.EVENTS_WITHIN),
            eligible=extra.pop("eligible", HELD),
            direction=extra.pop("direction", Direction.HIGHER),
            source=COMMUNITY,
            group=extra.pop("group", "community"),
            dimensions=extra.pop("dimensions", COMMUNITY_DIMENSIONS),
            counts_people=extra.pop("counts_people", False),
            **extra,
        ),
        Spec(spec),
    )


_community(
    "HC-COM-01",
    _("Community activities held"),
    _(
        "The number of community activities (dialogues, stigma reduction, awareness with schools or employers, "
        "sports or culture, volunteering and charity, religious community events) held during the period."
    ),
    _("Community activities held during the period"),
    "",
    Unit.COUNT,
    rows.activities_held,
)
_community(
    "HC-COM-02",
    _("People reached by community activities"),
    _(
        "The attendance of the community activities held during the period, every group together (residents, "
        "young people, teachers, participants and others). Attendance is counted per activity: a resident at "
        "two activities counts twice."
    ),
    _("Attendances at community activities held during the period"),
    "",
    Unit.COUNT,
    rows.people_reached,
)
_community(
    "HC-COM-03",
    _("Community activities with participants taking part"),
    _(
        "Of the community activities held during the period, the share in which at least one participant of "
        "the programme took part (participants are counted by the organisers, never named)."
    ),
    _("Activities with at least one participant taking part"),
    _("Community activities held during the period"),
    Unit.SHARE,
    rows.activities_with_participants,
)
_community(
    "HC-COM-04",
    _("Community acceptance score"),
    _(
        "The mean acceptance score (0–100, higher is more accepting) of the residents who answered a community "
        "perception survey during the period, as the survey's own scoring defines it. Answers with too few "
        "items answered for a score count as “no data yet”. Scores of different surveys are not comparable: "
        "read the trend of one survey's rounds."
    ),
    _("Acceptance scores of the answers collected during the period"),
    "",
    Unit.MEAN,
    rows.acceptance_score,
    eligible=_("Residents who answered a community perception survey run by the organisations in scope"),
    dimensions=(Dimension.JURISDICTION,),
)
_community(
    "HC-COM-05",
    _("Stigma and discrimination experienced"),
    _(
        "The number of incidents of stigma or discrimination that participants experienced during the period "
        "(name-calling at school, a service or a job refused, hostility in the neighbourhood…), as the case "
        "team recorded them, by where they happened. Only the case team reads the incidents: everyone else, "
        "the coordinator included, sees aggregates only."
    ),
    _("Incidents that happened during the period"),
    "",
    Unit.COUNT,
    rows.stigma_experienced,
    eligible=_("Participants owned by the organisations in scope"),
    direction=Direction.LOWER,
    dimensions=(Dimension.SETTING, Dimension.JURISDICTION, Dimension.SEX, Dimension.AGE_BAND),
    counts_people=True,
    team_only=True,
)
_community(
    "HC-COM-06",
    _("Participants taking part in civic life"),
    format_lazy(
        "{} {}",
        _(
            "Of the participants active at the end of the period and in the programme for at least 30 days, the "
            "share who took part in community life during the period by their own choice (volunteering, charity "
            "campaigns, community events, speaking about their experience), as recorded on the case."
        ),
        ACTIVE,
    ),
    _("Participants with civic participation during the period"),
    SETTLED,
    Unit.SHARE,
    rows.civic_participation,
    period_rule=PeriodRule.STATE_AT_END,
    eligible=SETTLED,
    dimensions=STANDARD_DIMENSIONS,
    counts_people=True,
)

# The practitioners (issue 12)

TRAINED = _("Training sessions held during the period, recorded by the organisations in scope")
TRAINING_DIMENSIONS = (Dimension.JURISDICTION, Dimension.DISCIPLINE, Dimension.ORGANISATION_KIND)

_community(
    "HC-PRA-01",
    _("Practitioners trained"),
    _(
        "The attendances at practitioner training sessions held during the period, by discipline and kind of "
        "organisation. Attendance is counted per session: a practitioner at two sessions counts twice."
    ),
    _("Attendances at training sessions held during the period"),
    "",
    Unit.COUNT,
    rows.practitioners_trained,
    eligible=TRAINED,
    group="practitioners",
    dimensions=TRAINING_DIMENSIONS,
)
_community(
    "HC-PRA-02",
    _("Practitioner training hours"),
    _(
        "The hours of training practitioners received during the period: each session's hours times the "
        "number in each group who attended it, rounded to whole hours (half up), added up."
    ),
    _("Hours of each training session held during the period times its attendance"),
    "",
    Unit.COUNT,
    rows.training_hours,
    eligible=TRAINED,
    group="practitioners",
    dimensions=TRAINING_DIMENSIONS,
)
_community(
    "HC-PRA-03",
    _("Supervision and peer-support hours"),
    _(
        "The hours of clinical supervision, peer support and debriefing held for practitioners during the "
        "period: each session's hours (not times the number attending), rounded to whole hours (half up), "
        "added up."
    ),
    _("Hours of the support sessions held during the period"),
    "",
    Unit.COUNT,
    rows.support_hours,
    eligible=_("Support sessions held by the organisations in scope"),
    group="practitioners",
    dimensions=(Dimension.JURISDICTION, Dimension.SUPPORT_KIND),
)
