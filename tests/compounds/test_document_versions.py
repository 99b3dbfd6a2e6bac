"""Frozen documents keep the shape they were approved in; today's code reads every older shape.

A publication's document is never rewritten (its hash is of what a reviewer approved), so a
document frozen by older code is upgraded, in memory, wherever it is read: the page, its JSON and
downloads, the comparison page and the reviewers' diff.
"""

import json
from decimal import Decimal

import pytest

from compounds.models import PageRendering, Publication
from compounds.workflow.diff import diff_monographs
from compounds.workflow.documents import upgraded
from compounds.working_copy.document import SCHEMA_VERSION
from tests import frozen_rows
from tests.factories import CompoundFactory, OutcomeFactory, ReviewFactory, SafetyNoteFactory
from tests.pages import Page
from tests.publishing import publish


def as_version_1(document):
    """The document as the code of schema version 1 froze it: each safety note carried a copy of
    the outcome that quantifies it."""
    outcomes = {
        outcome["tag"]: outcome
        for area in document["evidence"]["areas"]
        for review in area["reviews"]
        for outcome in review["outcomes"]
    }
    old = json.loads(json.dumps(document))
    old["schema_version"] = 1
    for note in old["safety"]["notes"]:
        tag = note.pop("outcome_tag")
        note["outcome"] = outcomes[tag] if tag else None
    return old


@pytest.fixture
def frozen_in_version_1(db):
    """A live monograph whose publication holds a version-1 document, with no stored page."""
    compound = CompoundFactory(name="Oldshapetide", slug="oldshapetide")
    review = ReviewFactory(compound=compound)
    outcome = OutcomeFactory(
        review=review,
        tag="serious-harms",
        name="serious adverse events",
        estimate=Decimal("2.39"),
        ci_lower=Decimal("1.10"),
        ci_upper=Decimal("5.23"),
    )
    SafetyNoteFactory(compound=compound, text="More serious harms were reported.", outcome=outcome)
    SafetyNoteFactory(compound=compound, topic="hypersensitivity", text="Allergy is possible.")
    publication = publish(compound)
    current = publication.document
    frozen_rows.rewrite(Publication, publication.pk, "document", json.dumps(as_version_1(current)))
    frozen_rows.delete_all(PageRendering)
    return compound, current


def test_the_current_schema_version_is_the_one_documents_are_built_in(frozen_in_version_1):
    _, current = frozen_in_version_1

    assert current["schema_version"] == SCHEMA_VERSION == 2
    assert upgraded(current) is current


def test_a_publication_frozen_in_an_older_shape_renders_with_todays_templates(
    client, frozen_in_version_1
):
    compound, _ = frozen_in_version_1

    page = Page(client.get(f"/compounds/{compound.slug}/"))

    panel = page.one("div", class_="outcome-panel")
    assert "Measured outcome: serious adverse events" in panel.text
    assert "Risk ratio 2.39, 95% CI 1.10 to 5.23" in panel.text
    assert page.texts("h3", inside=page.one("section", id="safety")) == [
        "Reported adverse effects",
        "Hypersensitivity",
    ]


def test_an_older_document_is_served_and_compared_in_todays_shape(client, frozen_in_version_1):
    compound, current = frozen_in_version_1
    old = Publication.objects.get(compound=compound).document

    served = client.get(f"/compounds/{compound.slug}.json").json()

    assert old["schema_version"] == 1
    assert served == current
    assert upgraded(old) == current
    assert diff_monographs(old, current) == []
