"""Roll-backs and unpublishing, as reviewers do them from a compound's history page.

A roll-back returns to a version visitors were shown; both actions take a reason and a ticked
confirmation, checked by the server (not only by the browser's `required`), and a refused one
shows why on its form and changes nothing.
"""

from datetime import timedelta

import pytest
from django.utils import timezone

from compounds.models import Publication
from tests.admin_workflow import (
    approve,
    assert_nothing_published,
    compound_url,
    edit,
    messages_of,
    page,
    pending_submission,
    submit,
    workflow_counts,
)

LATER = timezone.now() + timedelta(days=365 * 4)


@pytest.fixture
def scheduled(live, author_client, second_reviewer_client):
    """Revision 1 is live; revision 2 is approved to go live years from now."""
    edit(author_client, live, short_answer="Wording for later.")
    submit(author_client, live)
    approve(second_reviewer_client, pending_submission(live), effective_at=LATER)
    return Publication.objects.get(monograph_revision__number=2)


def test_a_publication_not_yet_shown_is_not_offered_as_a_roll_back_target(
    scheduled, reviewer_client
):
    history = reviewer_client.get(compound_url(scheduled.compound, "history")).text

    assert compound_url(scheduled.compound, "roll_back", scheduled.pk) not in history


def test_rolling_back_to_a_publication_not_yet_shown_is_refused(scheduled, reviewer_client):
    counts = workflow_counts()

    response = reviewer_client.post(
        compound_url(scheduled.compound, "roll_back", scheduled.pk),
        {"comment": "Show the new wording now", "confirm": "on"},
    )

    assert "visitors have not been shown" in " ".join(messages_of(response)).lower()
    assert_nothing_published(counts)
    assert "Approved wording." in page(scheduled.compound).text
    assert "Wording for later." not in page(scheduled.compound).text
    changes = page(scheduled.compound.slug + "/changes").text
    assert "Returned to the version" not in changes


REFUSED_POSTS = {
    "nothing": ({}, {"comment", "confirm"}),
    "no reason": ({"confirm": "on"}, {"comment"}),
    "a blank reason": ({"comment": "   ", "confirm": "on"}, {"comment"}),
    "no confirmation": ({"comment": "Taken down pending a safety review."}, {"confirm"}),
}


@pytest.mark.parametrize("posted", REFUSED_POSTS)
def test_unpublishing_needs_a_reason_and_a_confirmation(live, reviewer_client, posted):
    data, missing = REFUSED_POSTS[posted]
    counts = workflow_counts()

    response = reviewer_client.post(compound_url(live, "unpublish"), data)

    assert response.status_code == 200, "the refusal is not shown on the form"
    assert set(response.context["unpublish_form"].errors) == missing
    assert "Reason for unpublishing" in response.text
    assert_nothing_published(counts)
    assert page(live).status_code == 200


@pytest.mark.parametrize("posted", REFUSED_POSTS)
def test_rolling_back_needs_a_reason_and_a_confirmation(history, reviewer_client, posted):
    data, missing = REFUSED_POSTS[posted]
    first = history.first_publication
    counts = workflow_counts()

    response = reviewer_client.post(compound_url(first.compound, "roll_back", first.pk), data)

    assert response.status_code == 200, "the refusal is not shown on the form"
    assert set(response.context["roll_back_form"].errors) == missing
    assert response.context["roll_back_target"] == first
    assert_nothing_published(counts)
    assert "Second approved wording." in page(first.compound).text


def test_a_confirmed_unpublish_with_a_reason_takes_the_page_down(live, reviewer_client):
    response = reviewer_client.post(
        compound_url(live, "unpublish"),
        {"comment": "Taken down pending a safety review.", "confirm": "on"},
    )

    assert response.status_code == 302
    assert page(live).status_code == 404
    withdrawal = Publication.objects.filter(compound=live).first()
    assert withdrawal.comment == "Taken down pending a safety review."
