"""Groups for the editorial roles, with the permissions each role needs."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

CONTENT_MODELS = {
    "compounds": ["compound", "regulatorystatus", "comparison", "faqitem"],
    "evidence": [
        "reference",
        "researcharea",
        "review",
        "outcome",
        "guidelinerecommendation",
        "regimen",
        "safetynote",
    ],
}
WORKFLOW_MODELS = ["monographrevision", "submission", "decision", "publication", "auditevent"]
# Content staff delete rows of a monograph (an outcome, a FAQ item), never a whole compound.
CONTENT_STAFF_DELETES = [
    "regulatorystatus", "comparison", "faqitem", "review", "outcome",
    "guidelinerecommendation", "regimen", "safetynote",
]  # fmt: skip


def codenames_for_content_staff():
    codenames = []
    for models in CONTENT_MODELS.values():
        for model in models:
            codenames += [f"view_{model}", f"add_{model}", f"change_{model}"]
    codenames += [f"delete_{model}" for model in CONTENT_STAFF_DELETES]
    codenames += [f"view_{model}" for model in WORKFLOW_MODELS]
    return codenames


def create_roles(apps, schema_editor):
    # Permissions are normally created after all migrations; the groups need them now.
    for app_label in ("compounds", "evidence"):
        app_config = apps.get_app_config(app_label)
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    content_staff = codenames_for_content_staff()
    reviewers = [
        *content_staff,
        "approve_monograph",
        "publish_monograph",
        "delete_compound",
        "delete_reference",
        "delete_researcharea",
    ]
    for name, codenames in (("Content staff", content_staff), ("Reviewers", reviewers)):
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.set(
            Permission.objects.filter(
                content_type__app_label__in=["compounds", "evidence"], codename__in=codenames
            )
        )


def remove_roles(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(
        name__in=["Content staff", "Reviewers"]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("compounds", "0003_editorial_workflow"),
        ("evidence", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_roles, remove_roles)]
