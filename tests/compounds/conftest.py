"""People and monographs the workflow tests share."""

from decimal import Decimal
from types import SimpleNamespace

import pytest

from tests.admin_workflow import edit, signed_in, submit_and_approve
from tests.factories import (
    CompoundFactory,
    FAQItemFactory,
    OutcomeFactory,
    ReferenceFactory,
    RegimenFactory,
    ReviewFactory,
    SafetyNoteFactory,
)
from tests.publishing import person


@pytest.fixture
def author(db):
    return person("author", "Content staff", "Alice Author")


@pytest.fixture
def co_author(db):
    return person("co-author", "Content staff", "Carl Coauthor")


@pytest.fixture
def reviewer(db):
    return person("reviewer", "Reviewers", "Rita Reviewer")


@pytest.fixture
def second_reviewer(db):
    return person("second-reviewer", "Reviewers", "Sam Second")


@pytest.fixture
def author_client(author):
    return signed_in(author)


@pytest.fixture
def co_author_client(co_author):
    return signed_in(co_author)


@pytest.fixture
def reviewer_client(reviewer):
    return signed_in(reviewer)


@pytest.fixture
def second_reviewer_client(second_reviewer):
    return signed_in(second_reviewer)


@pytest.fixture
def monograph(db):
    """A never-published compound with an outcome, a regimen, a safety note and a FAQ item."""
    reference = ReferenceFactory(key="chen2013", title="Cerebrolysin for acute stroke")
    compound = CompoundFactory(
        name="Testorelin", slug="testorelin", summary="A test peptide.", short_answer="Draft one."
    )
    review = ReviewFactory(compound=compound, reference=reference)
    OutcomeFactory(
        review=review,
        tag="death",
        name="all-cause death",
        estimate=Decimal("0.80"),
        ci_lower=Decimal("0.60"),
        ci_upper=Decimal("1.05"),
    )
    RegimenFactory(compound=compound, research_area=review.research_area, source=reference)
    SafetyNoteFactory(compound=compound, text="Headache was reported.")
    FAQItemFactory(compound=compound, question="Is it approved anywhere?", answer="In Russia.")
    return compound


@pytest.fixture
def live(monograph, author_client, reviewer_client):
    """The monograph as Alice wrote it and Rita approved it: revision 1 is live."""
    edit(author_client, monograph, "First version", short_answer="Approved wording.")
    submit_and_approve(author_client, reviewer_client, monograph)
    return monograph


@pytest.fixture
def history(monograph, author_client, reviewer_client, second_reviewer_client):
    """Revision 1 and 2 were published in turn; revision 3 is an unsubmitted draft."""
    edit(author_client, monograph, short_answer="First approved wording.")
    first = submit_and_approve(author_client, reviewer_client, monograph)
    edit(author_client, monograph, short_answer="Second approved wording.")
    submit_and_approve(author_client, second_reviewer_client, monograph)
    edit(author_client, monograph, short_answer="Draft wording.")
    return SimpleNamespace(
        compound=monograph,
        first_publication=first,
        author=author_client,
        reviewer=reviewer_client,
    )
