"""Demo practices (synthetic, marked as demo content) from the Kazakh experience of return.

Twelve practices of Almaty, Shymkent and the Aktau rehabilitation centre, in English with
Russian translations (and Kazakh for some), published, some shared with the network. They are
written straight to the models (the seed acts for nobody, so there is no reviewer's decision to
audit), then put in the search index. Idempotent: a practice is found again by its title and city.
"""

from __future__ import annotations

import datetime

from django.utils import timezone

from accounts.models import User
from directory.models import Organisation
from network.library import search
from network.library.models import Practice, PracticeTranslation
from network.library.shared import month as shared_month

DEMO = " (demo)"

# key: (organisation, editor, reviewer, shared, started_on, indicators, phases, groups, domains, evidence, status)
SETTINGS = {
    "aktau_month": ("demo-centre", "almaty.editor", "centre.coordinator", True, None, [],
                    ["rehabilitation"], ["women", "children_0_5", "children_6_11", "children_12_17"],
                    ["physical_health", "mental_health", "education", "meaning"], "before_after", "peer_reviewed"),
    "devolution": ("demo-almaty-social", "almaty.editor", "almaty.coordinator", True, datetime.date(2025, 4, 1),
                   ["HC-CON-02", "HC-CON-03"], ["resettlement", "reintegration"], ["families", "practitioners"],
                   ["family", "housing"], "before_after", "peer_reviewed"),
    "volunteering": ("demo-almaty-cso", "almaty.editor", "almaty.coordinator", True, None, ["HC-OUT-07"],
                     ["reintegration", "resilience"], ["women", "receiving_community"], ["belonging"],
                     "practitioner_account", "inspiring"),
    "school": ("demo-almaty-social", "almaty.editor", "almaty.coordinator", True, datetime.date(2025, 9, 1),
               ["HC-OUT-02"], ["reintegration"], ["children_6_11", "children_12_17", "practitioners"],
               ["education"], "before_after", "peer_reviewed"),
    "anonymity": ("demo-shymkent-social", "shymkent.editor", "shymkent.coordinator", True, None, [],
                  ["resettlement"], ["families"], ["safety", "housing", "belonging"], "practitioner_account",
                  "inspiring"),
    "dialogues": ("demo-shymkent-cso", "shymkent.editor", "shymkent.coordinator", False, None, ["HC-COM-01"],
                  ["reintegration", "resilience"], ["receiving_community", "families"], ["belonging", "meaning"],
                  "practitioner_account", "inspiring"),
    "mentoring": ("demo-almaty-cso", "almaty.editor", "almaty.coordinator", False, datetime.date(2025, 7, 1),
                  ["HC-OUT-05"], ["reintegration"], ["women"], ["livelihood"], "comparison_group", "peer_reviewed"),
    "documents": ("demo-shymkent-social", "shymkent.editor", "shymkent.coordinator", True, datetime.date(2025, 2, 1),
                  ["HC-OUT-01"], ["resettlement"], ["women", "children_0_5"], ["identity_documents", "legal_status"],
                  "before_after", "inspiring"),
    "early_years": ("demo-shymkent-social", "shymkent.editor", "shymkent.coordinator", False, None, [],
                    ["rehabilitation", "reintegration"], ["children_0_5", "families"], ["family", "mental_health"],
                    "practitioner_account", "inspiring"),
    "supervision": ("demo-almaty-social", "almaty.editor", "almaty.coordinator", False, None, ["HC-PRA-03"],
                    ["resilience"], ["practitioners"], ["mental_health"], "practitioner_account", "inspiring"),
    "reunification": ("demo-almaty-social", "almaty.editor", "almaty.coordinator", False, None, ["HC-OUT-03"],
                      ["resettlement", "reintegration"], ["families", "children_6_11"], ["family"],
                      "practitioner_account", "inspiring"),
    "adolescents": ("demo-shymkent-cso", "shymkent.editor", "shymkent.coordinator", False, None, [],
                    ["reintegration", "resilience"], ["children_12_17"], ["belonging", "education"],
                    "practitioner_account", "inspiring"),
}  # fmt: skip

# key: English (title, summary, what was done, evidence, resources staff/money/time, transferability)
TEXTS = {
    "aktau_month": (
        "A month of medical, psychological, educational and theological support at the Aktau centre",
        "On arrival, women and children spend about a month at the rehabilitation centre in Aktau, where "
        "doctors, psychologists, teachers and theologians work with each family before it moves to its city.",
        "Medical check-ups and vaccinations in the first week; individual and group psychological support; "
        "lessons to assess each child's schooling level; conversations with theologians for those who wish; "
        "a handover file prepared with the receiving city's case worker.",
        "Centre records of screenings at entry and exit; the receiving cities' case workers report whether "
        "the handover file was complete. No comparison group.",
        "About one specialist of each discipline per ten families.",
        "Funded from the national programme.",
        "Four to five weeks per family.",
        "Depends on a national centre and on respected theologians; cities without one start with the "
        "handover instead.",
    ),
    "devolution": (
        "Case management handed to cities, with one case worker per family",
        "Each family is followed by a case worker of the city it settles in, instead of by national staff.",
        "The city's social services name a lead case worker before the family arrives; the coordinator "
        "approves the plan within 30 days; national staff advise but do not hold cases.",
        "Before-after comparison of first assessments and plans on time, from the city's own records.",
        "One case worker per 15 families.",
        "City budget, with national training.",
        "Six months to set up.",
        "Needs a city with social services able to take the work; small towns may share a case worker.",
    ),
    "volunteering": (
        "Women's volunteering in charity campaigns",
        "Women who have returned join the city's charity campaigns (food drives, help for older neighbours) "
        "alongside other residents.",
        "A CSO invites women to campaigns they choose; each campaign mixes returnees and other volunteers; "
        "the case worker is told only whether she took part.",
        "Volunteers' and organisers' accounts; the share taking part in community life is followed.",
        "One CSO organiser part-time.",
        "Small: transport and meals.",
        "A campaign a month.",
        "Works where charity campaigns are already a habit of the neighbourhood.",
    ),
    "school": (
        "School enrolment with teacher preparation",
        "Children start school within a month of arrival, in classes whose teachers were prepared beforehand.",
        "The school psychologist and the class teacher meet the family; teachers take a short course on "
        "trauma-informed classrooms; placement follows an assessment, not age alone; catch-up lessons twice a week.",
        "Share of school-age children enrolled, before and after the start, from the city's records.",
        "A school psychologist per school; two teacher trainers for the city.",
        "Training costs only.",
        "Two weeks before each school term.",
        "Relies on the education department's agreement to place children by level.",
    ),
    "anonymity": (
        "Protecting anonymity in resettlement",
        "Families are resettled without their history being known to neighbours, landlords or schools.",
        "Only the case worker and the coordinator know the family's history; documents say nothing of it; "
        "housing is found through the ordinary social housing list; staff agree what to say if asked.",
        "Case workers' accounts of incidents in which a history became known; few incidents reported.",
        "No extra staff.",
        "None.",
        "Ongoing.",
        "Harder in small towns where everyone knows everyone.",
    ),
    "dialogues": (
        "Community dialogues with religious institutions",
        "Imams and community leaders host open conversations on welcoming families back into the neighbourhood.",
        "Quarterly meetings in the mosque's community hall, prepared with the CSO; families take part only "
        "if they wish and are never introduced as returnees.",
        "Attendance and organisers' notes; the community perception survey before and after a year.",
        "One CSO facilitator.",
        "Venue is free; refreshments.",
        "Two hours a quarter.",
        "Depends on the role of religious institutions in the city and their willingness.",
    ),
    "mentoring": (
        "Employment mentoring with local employers",
        "Women are paired with a mentor from a local firm for three months of job search and first weeks at work.",
        "Employers volunteer mentors; a weekly meeting; the CSO follows up after three and six months.",
        "Share in employment or training compared with women who joined the waiting list, over the same period.",
        "One coordinator for 20 pairs.",
        "Travel allowances.",
        "Three months per woman.",
        "Needs employers willing to mentor; tried in a large city only.",
    ),
    "documents": (
        "Restoring identity documents in one visit",
        "Mothers and children receive their documents in one accompanied visit to the public service centre.",
        "The case worker gathers certificates beforehand; a named officer at the public service centre handles "
        "all the family's applications; DNA tests are arranged where birth records are missing.",
        "Share with documents restored, before and after the agreement with the public service centre.",
        "A named officer.",
        "Fees waived by agreement.",
        "One day per family, after preparation.",
        "Needs a standing agreement with the public service centre.",
    ),
    "early_years": (
        "Play and attachment sessions for mothers and young children",
        "Weekly play sessions where mothers and children under six rebuild routines together.",
        "A psychologist leads small groups of mothers with their children; sessions follow a simple structure "
        "of song, play and a quiet moment; home visits for those who cannot come.",
        "Psychologist's observations; mothers' feedback.",
        "One psychologist per group of six families.",
        "Toys and a room.",
        "Ten weeks.",
        "Any city with a child psychologist.",
    ),
    "supervision": (
        "Monthly group supervision for case workers",
        "Case workers meet an external supervisor monthly about difficult situations and their own wellbeing.",
        "Two-hour sessions, confidential, cases discussed without names.",
        "Attendance and supervisors' notes; staff turnover followed.",
        "An external supervisor.",
        "Supervisor's fee.",
        "Two hours a month.",
        "Depends on finding a supervisor outside the hierarchy.",
    ),
    "reunification": (
        "Preparing extended families for reunification",
        "Grandparents and relatives are prepared before a child or mother returns to live with them.",
        "Home visits before arrival; a family meeting with the psychologist; a follow-up visit after a month.",
        "Case workers' accounts; share reunified with family followed.",
        "Case worker and psychologist.",
        "Travel.",
        "Two months around the arrival.",
        "Depends on relatives' willingness; never forced.",
    ),
    "adolescents": (
        "Sports and clubs for adolescents",
        "Teenagers join ordinary city sports clubs and youth centres with their peers.",
        "The CSO pays the first year's fees and a youth worker accompanies the first sessions.",
        "Youth workers' accounts.",
        "A youth worker part-time.",
        "Club fees.",
        "A school year.",
        "Any city with youth clubs.",
    ),
}

# key: {language: (title, summary)}; Russian for every practice, Kazakh for some.
TRANSLATIONS = {
    "aktau_month": {
        "ru": (
            "Месяц медицинской, психологической, образовательной и богословской поддержки в центре Актау",
            "Женщины и дети проводят около месяца в реабилитационном центре в Актау: врачи, психологи, "
            "учителя и богословы работают с каждой семьёй.",
        ),
        "kk": (
            "Ақтау орталығында бір ай медициналық, психологиялық, білім беру және теологиялық қолдау",
            "Әйелдер мен балалар Ақтаудағы оңалту орталығында шамамен бір ай болады.",
        ),
    },
    "devolution": {"ru": ("Передача ведения случаев городам", "Каждую семью сопровождает социальный работник города.")},
    "volunteering": {
        "ru": (
            "Волонтёрство женщин в благотворительных акциях",
            "Женщины участвуют в благотворительных акциях города вместе с другими жителями.",
        ),
        "kk": (
            "Әйелдердің қайырымдылық акцияларындағы еріктілігі",
            "Әйелдер қаланың қайырымдылық акцияларына басқа тұрғындармен бірге қатысады.",
        ),
    },
    "school": {
        "ru": (
            "Зачисление в школу с подготовкой учителей",
            "Дети идут в школу в течение месяца, учителя подготовлены заранее.",
        ),
        "kk": (
            "Мұғалімдерді дайындау арқылы мектепке қабылдау",
            "Балалар бір ай ішінде мектепке барады, мұғалімдер алдын ала дайындалады.",
        ),
    },
    "anonymity": {
        "ru": (
            "Защита анонимности при переселении",
            "Семьи переселяются так, что их история неизвестна соседям и школам.",
        )
    },
    "dialogues": {
        "ru": ("Диалоги с религиозными институтами", "Имамы и лидеры общин проводят открытые встречи."),
        "kk": ("Діни институттармен диалогтар", "Имамдар мен қауымдастық көшбасшылары ашық кездесулер өткізеді."),
    },
    "mentoring": {"ru": ("Наставничество в трудоустройстве", "Женщины работают с наставником из местной компании.")},
    "documents": {
        "ru": ("Восстановление документов за один визит", "Матери и дети получают документы за один визит в ЦОН.")
    },
    "early_years": {
        "ru": ("Игровые занятия для матерей и малышей", "Еженедельные занятия для матерей и детей до шести лет.")
    },
    "supervision": {
        "ru": ("Групповая супервизия для социальных работников", "Ежемесячные встречи с внешним супервизором.")
    },
    "reunification": {
        "ru": ("Подготовка родственников к воссоединению", "Бабушки, дедушки и родственники готовятся заранее.")
    },
    "adolescents": {"ru": ("Спорт и кружки для подростков", "Подростки занимаются в обычных спортивных секциях.")},
}


def seed_practices() -> int:
    """Creates or updates the demo practices; returns how many there are."""
    organisations = {org.slug: org for org in Organisation.objects.filter(slug__startswith="demo-")}
    users = {user.username: user for user in User.objects.filter(username__contains=".")}
    now = timezone.now()
    count = 0
    for key, (
        org,
        editor,
        reviewer,
        shared,
        started_on,
        indicators,
        phases,
        groups,
        domains,
        evidence,
        status,
    ) in SETTINGS.items():
        organisation = organisations.get(org)
        if organisation is None or editor not in users or reviewer not in users:
            continue
        title, summary, done, evidence_text, staff, money, time, transferability = TEXTS[key]
        practice, _created = Practice.objects.update_or_create(
            title=title + DEMO,
            city=organisation.jurisdiction,
            defaults={
                "organisation": organisation,
                "summary": summary,
                "what_was_done": done,
                "evidence_text": evidence_text,
                "resources_staff": staff,
                "resources_money": money,
                "resources_time": time,
                "transferability": transferability,
                "safeguarding_notes": "Nothing here names or describes a participant.",
                "phases": phases,
                "target_groups": groups,
                "domains": domains,
                "indicators": indicators,
                "evidence_strength": evidence,
                "status": status,
                "started_on": started_on,
                "state": Practice.State.PUBLISHED,
                "drafted_by": users[editor],
                "reviewed_by": users[reviewer],
                "shared_with_network": shared,
                "is_demo": True,
                "published_at": now,
                "last_reviewed_on": timezone.localdate(now),
            },
        )
        for language, (translated_title, translated_summary) in TRANSLATIONS.get(key, {}).items():
            PracticeTranslation.objects.update_or_create(
                practice=practice,
                language=language,
                defaults={"title": translated_title + DEMO, "summary": translated_summary},
            )
        search.index(practice)
        count += 1
    return count


# What the hub's demo knows of the demo organisations: their city on the network, name and kind.
SENDERS = {
    "demo-centre": ("demo-aktau", "National Rehabilitation Centre (demo)", "rehabilitation_centre"),
    "demo-almaty-social": ("demo-almaty", "Almaty Social Services (demo)", "social_services"),
    "demo-almaty-cso": ("demo-almaty", "Almaty Women's Livelihood Centre (demo)", "cso"),
    "demo-shymkent-social": ("demo-shymkent", "Shymkent Social Services (demo)", "social_services"),
    "demo-shymkent-cso": ("demo-shymkent", "Shymkent Family Support Network (demo)", "cso"),
}


def sent_to_network() -> dict[str, list[dict]]:
    """The shared demo practices as each city's report carries them (``shared.document``), by the
    member city's slug on the hub: the hub's demo library, without a city's database."""
    sent: dict[str, list[dict]] = {}
    for ref, (key, settings) in enumerate(SETTINGS.items(), start=1):
        org, _editor, _reviewer, shared, started_on, indicators, phases, groups, domains, evidence, status = settings
        if not shared:
            continue
        member, name, kind = SENDERS[org]
        title, summary, done, evidence_text, staff, money, time, transferability = TEXTS[key]
        document = dict.fromkeys(("actors_involved", "outcomes", "instruments_used"), "")
        document.update(
            ref=ref,
            version=1,
            title=title + DEMO,
            summary=summary,
            what_was_done=done,
            evidence_text=evidence_text,
            resources_staff=staff,
            resources_money=money,
            resources_time=time,
            transferability=transferability,
            safeguarding_notes="Nothing here names or describes a participant.",
            phases=phases,
            target_groups=groups,
            domains=domains,
            indicators=indicators,
            status=status,
            evidence_strength=evidence,
            language="en",
            organisation={"name": name, "kind": kind},
            started=shared_month(started_on),
            last_reviewed=None,
            demo=True,
            translations=[
                {"language": language, "title": text[0] + DEMO, "summary": text[1], "what_was_done": ""}
                for language, text in sorted(TRANSLATIONS.get(key, {}).items())
            ],
        )
        sent.setdefault(member, []).append(document)
    return sent
