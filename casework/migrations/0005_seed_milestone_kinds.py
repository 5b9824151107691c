from django.db import migrations

# DESIGN.md §8 and issue 20: the outcomes are facts, seeded in English, Russian and Kazakh;
# administrators may add or retire kinds. Each kind's data category decides who reads it.
KINDS = [
    ("documents_restored", "Documents restored", "Документы восстановлены", "Құжаттар қалпына келтірілді", "legal", "both"),
    ("school_enrolled", "Enrolled in school and attending", "Зачислен(а) в школу и посещает её", "Мектепке қабылданып, сабаққа қатысады", "education", "children"),
    ("reunified", "Reunified with relatives", "Воссоединение с родственниками", "Туыстарымен қайта табысты", "needs_plan", "both"),
    ("stable_housing", "Stable housing", "Стабильное жильё", "Тұрақты баспана", "needs_plan", "both"),
    ("training", "In training or education", "Проходит обучение или профподготовку", "Оқуда немесе кәсіптік даярлықта", "livelihood", "adults"),
    ("employed", "In employment", "Трудоустроен(а)", "Жұмысқа орналасқан", "livelihood", "adults"),
    ("self_employed", "Self-employed", "Самозанятость", "Өз бетінше жұмыспен қамтылған", "livelihood", "adults"),
    ("allowances", "Receiving entitled social allowances", "Получает положенные социальные пособия", "Тиесілі әлеуметтік жәрдемақы алады", "livelihood", "both"),
    ("community_life", "Taking part in community life (volunteering, community events)", "Участвует в жизни сообщества (волонтёрство, общественные мероприятия)", "Қоғам өміріне қатысады (волонтерлік, қоғамдық іс-шаралар)", "needs_plan", "both"),
]


def seed(apps, schema_editor):
    MilestoneKind = apps.get_model("casework", "MilestoneKind")
    for order, (code, en, ru, kk, category, applies_to) in enumerate(KINDS):
        MilestoneKind.objects.update_or_create(
            code=code,
            defaults={"name_en": en, "name_ru": ru, "name_kk": kk, "category": category, "applies_to": applies_to, "order": order},
        )


class Migration(migrations.Migration):
    dependencies = [("casework", "0004_milestones")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
