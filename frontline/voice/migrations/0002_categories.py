"""The category taxonomy of the issue, with deadlines an administrator may change later."""

from django.db import migrations

CATEGORIES = [
    # code, Khmer, English, days to acknowledge, days to resolve
    ("land", "ដីធ្លី", "Land", 5, 60),
    ("roads", "ផ្លូវ", "Roads", 3, 45),
    ("water", "ទឹក", "Water", 3, 30),
    ("health", "សុខាភិបាល", "Health", 2, 21),
    ("education", "អប់រំ", "Education", 3, 30),
    ("social-protection", "កិច្ចគាំពារសង្គម", "Social protection", 3, 30),
    ("civil-registration", "ការចុះបញ្ជីអត្រានុកូលដ្ឋាន", "Civil registration", 2, 15),
    ("integrity", "សុចរិតភាព និងអំពើពុករលួយ", "Integrity and corruption", 2, 30),
    ("public-services", "សេវាសាធារណៈ", "Public services", 3, 30),
    ("other", "ផ្សេងៗ", "Other", 5, 45),
]


def create(apps, schema_editor):
    Category = apps.get_model("voice", "Category")
    for order, (code, km, en, acknowledge, resolve) in enumerate(CATEGORIES):
        Category.objects.update_or_create(
            code=code,
            defaults={
                "name_km": km,
                "name_en": en,
                "acknowledge_days": acknowledge,
                "resolve_days": resolve,
                "sort_order": order,
            },
        )


class Migration(migrations.Migration):
    dependencies = [("voice", "0001_initial")]
    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
