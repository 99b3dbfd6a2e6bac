"""What a reviewer approves is exactly what goes live (design.md section 3, invariant 2).

An approval hashes the very document it freezes and refuses one that no longer matches the hash
that was submitted. The frozen rows are append-only twice over: the models refuse to update or
delete them (querysets included), and on PostgreSQL triggers refuse it in the database itself.
"""

import json

import pytest
from django.core.exceptions import ValidationError
from django.db import DatabaseError, connection, transaction

from compounds.models import (
    AuditEvent,
    Decision,
    MonographRevision,
    PageRendering,
    Publication,
    Submission,
)
from tests import frozen_rows
from tests.admin_workflow import (
    approve,
    assert_nothing_published,
    edit,
    messages_of,
    page,
    pending_submission,
    roll_back,
    submit,
    workflow_counts,
)

postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the triggers exist only on PostgreSQL"
)

# Each append-only model, with a column a forger would like to rewrite.
APPEND_ONLY = {
    MonographRevision: "document",
    Submission: "summary",
    Decision: "comment",
    Publication: "document",
    PageRendering: "before_comparison",
    AuditEvent: "comment",
}
FORGED_PROSE = "<p>Wording no reviewer ever saw.</p>"


def forged(document):
    return json.dumps({**document, "short_answer_html": FORGED_PROSE})


def test_an_approval_refuses_a_revision_whose_document_was_changed_after_submission(
    monograph, author_client, reviewer_client
):
    edit(author_client, monograph, short_answer="What the author wrote.")
    submit(author_client, monograph)
    submission = pending_submission(monograph)
    revision = submission.monograph_revision
    frozen_rows.rewrite(MonographRevision, revision.pk, "document", forged(revision.document))
    counts = workflow_counts()

    response = approve(reviewer_client, submission)

    assert messages_of(response) == [
        "Revision 1 no longer matches the content that was submitted (its document's hash "
        "differs), so it cannot be published. Nothing was published."
    ]
    assert_nothing_published(counts)
    assert page(monograph).status_code == 404


def test_a_roll_back_refuses_a_publication_whose_document_was_changed(
    history, reviewer_client
):
    first = history.first_publication
    frozen_rows.rewrite(Publication, first.pk, "document", forged(first.document))
    counts = workflow_counts()

    response = roll_back(reviewer_client, first)

    assert "no longer matches" in messages_of(response)[0]
    assert_nothing_published(counts)
    assert "Second approved wording." in page(history.compound).text
    assert "Wording no reviewer ever saw" not in page(history.compound).text


@pytest.mark.parametrize("model", APPEND_ONLY, ids=lambda model: model.__name__)
def test_the_models_refuse_bulk_updates_and_deletes_of_frozen_rows(history, model):
    column = APPEND_ONLY[model]
    rows = model.objects.all()
    before = list(rows.values_list("pk", column))
    assert before, f"the history has no {model.__name__} rows to try"

    with pytest.raises(ValidationError, match="cannot be changed"):
        rows.update(**{column: {} if column == "document" else "Rewritten"})
    with pytest.raises(ValidationError, match="cannot be deleted"):
        rows.delete()
    with pytest.raises(ValidationError, match="cannot be changed"):
        rows.bulk_update(list(rows), [column])

    assert list(rows.values_list("pk", column)) == before


@postgresql_only
@pytest.mark.parametrize("model", APPEND_ONLY, ids=lambda model: model.__name__)
def test_postgresql_refuses_to_update_or_delete_frozen_rows(history, model):
    column = APPEND_ONLY[model]
    table = model._meta.db_table
    pk, value = model.objects.values_list("pk", column).first()
    statements = (
        f"UPDATE {table} SET {column} = {column} WHERE id = %s",
        f"DELETE FROM {table} WHERE id = %s",
    )
    for statement in statements:
        with (
            pytest.raises(DatabaseError, match="append-only"),
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            cursor.execute(statement, [pk])

    assert model.objects.values_list(column, flat=True).get(pk=pk) == value
