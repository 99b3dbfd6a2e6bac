"""Approval is never called "review" in code (evidence.Review is a systematic review); a submission
replaced by a newer one is "superseded", which keeps "withdrawn" for unpublished pages."""

from django.db import migrations, models

TABLE = "compounds_decision"


def rename_verdict(old, new):
    def run(apps, schema_editor):
        # Decisions are append-only: their triggers let no UPDATE through, so this one change
        # of stored values happens with them off, inside the migration's transaction.
        postgresql = schema_editor.connection.vendor == "postgresql"
        if postgresql:
            schema_editor.execute(f"ALTER TABLE {TABLE} DISABLE TRIGGER USER")
        schema_editor.execute(f"UPDATE {TABLE} SET verdict = %s WHERE verdict = %s", [new, old])
        if postgresql:
            schema_editor.execute(f"ALTER TABLE {TABLE} ENABLE TRIGGER USER")

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("compounds", "0012_revision_requests"),
    ]

    operations = [
        migrations.RenameField("publication", "reviewer_name", "approver_name"),
        migrations.RenameField("publication", "reviewed_at", "approved_at"),
        migrations.RenameField("publication", "review_due", "reapproval_due"),
        migrations.RemoveConstraint("decision", "decision_outcome_valid"),
        migrations.RenameField("decision", "outcome", "verdict"),
        migrations.RunPython(
            rename_verdict("withdrawn", "superseded"), rename_verdict("superseded", "withdrawn")
        ),
        migrations.AlterField(
            model_name="decision",
            name="verdict",
            field=models.CharField(
                choices=[
                    ("approved", "Approved"),
                    ("changes_requested", "Changes requested"),
                    ("superseded", "Superseded by a newer submission"),
                ],
                max_length=20,
            ),
        ),
        migrations.AddConstraint(
            model_name="decision",
            constraint=models.CheckConstraint(
                condition=models.Q(verdict__in=["approved", "changes_requested", "superseded"]),
                name="decision_verdict_valid",
            ),
        ),
    ]
