from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("learning", "0002_planning_and_impact"),
    ]

    operations = [
        migrations.AddField(
            model_name="trainingevent",
            name="delivery_mode",
            field=models.CharField(
                choices=[("face_to_face", "Face-to-face"), ("online", "Online"), ("blended", "Blended")],
                db_default="face_to_face",
                default="face_to_face",
                max_length=20,
                verbose_name="delivery mode",
            ),
        ),
    ]
