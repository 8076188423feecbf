"""Seed the languages most spoken at home in the US (ACS), plus American Sign Language."""

from django.db import migrations

LANGUAGES = [
    ("en", "English"),
    ("es", "Spanish"),
    ("zh", "Chinese"),
    ("tl", "Tagalog"),
    ("vi", "Vietnamese"),
    ("ar", "Arabic"),
    ("fr", "French"),
    ("ko", "Korean"),
    ("ru", "Russian"),
    ("ht", "Haitian Creole"),
    ("de", "German"),
    ("hi", "Hindi"),
    ("pt", "Portuguese"),
    ("it", "Italian"),
    ("pl", "Polish"),
    ("ur", "Urdu"),
    ("fa", "Persian"),
    ("gu", "Gujarati"),
    ("ja", "Japanese"),
    ("bn", "Bengali"),
    ("pa", "Punjabi"),
    ("te", "Telugu"),
    ("ta", "Tamil"),
    ("el", "Greek"),
    ("he", "Hebrew"),
    ("hy", "Armenian"),
    ("km", "Khmer"),
    ("so", "Somali"),
    ("am", "Amharic"),
    ("uk", "Ukrainian"),
    ("ne", "Nepali"),
    ("ase", "American Sign Language"),
]


def seed(apps, schema_editor):
    Language = apps.get_model("providers", "Language")
    for code, name in LANGUAGES:
        Language.objects.get_or_create(code=code, defaults={"name": name})


class Migration(migrations.Migration):
    dependencies = [("providers", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
