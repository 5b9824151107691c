from django.db import migrations

# DESIGN.md §3. Names in English, Russian and Kazakh; administrators may add or retire domains.
DOMAINS = [
    ("identity_documents", "Identity and documents", "Документы и удостоверение личности", "Жеке басты куәландыратын құжаттар", "both", False),
    ("physical_health", "Physical health", "Физическое здоровье", "Дене саулығы", "both", False),
    ("mental_health", "Mental health and psychosocial wellbeing", "Психическое здоровье и психосоциальное благополучие", "Психикалық денсаулық және психоәлеуметтік әл-ауқат", "both", False),
    ("family", "Family and caregiving (incl. reunification)", "Семья и забота (включая воссоединение)", "Отбасы және қамқорлық (қайта табысуды қоса)", "both", False),
    ("education", "Education and language", "Образование и язык", "Білім және тіл", "both", False),
    ("livelihood", "Livelihood, skills and financial stability", "Средства к существованию, навыки и финансовая стабильность", "Күнкөріс, дағдылар және қаржылық тұрақтылық", "adults", False),
    ("housing", "Housing", "Жильё", "Тұрғын үй", "both", False),
    ("belonging", "Belonging and community participation (incl. stigma)", "Принадлежность и участие в жизни сообщества (включая стигму)", "Қоғамға тиесілілік және қатысу (стигманы қоса)", "both", False),
    ("safety", "Safety", "Безопасность", "Қауіпсіздік", "both", False),
    ("legal_status", "Legal status", "Правовой статус", "Құқықтық мәртебе", "both", False),
    ("meaning", "Meaning and spiritual support", "Смысл и духовная поддержка", "Мән-мағына және рухани қолдау", "both", True),
]


def seed(apps, schema_editor):
    NeedsDomain = apps.get_model("casework", "NeedsDomain")
    for order, (code, en, ru, kk, applies_to, optional) in enumerate(DOMAINS):
        NeedsDomain.objects.update_or_create(
            code=code,
            defaults={"name_en": en, "name_ru": ru, "name_kk": kk, "applies_to": applies_to, "is_optional": optional, "order": order},
        )


class Migration(migrations.Migration):
    dependencies = [("casework", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
