"""Site-wide wording (disclaimers, notices) is pinned like every shared record (design.md section 3,
invariant 5): a live page keeps the wording it was approved with, and editing the wording flags
every monograph for re-approval.

Every monograph shows it, so the admin request that saves it only flags them, at a cost that does
not grow with the catalogue; each is recorded again with the new wording by
`manage.py record_pending_revisions`, or at once when it is saved or submitted.
"""

import io

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from compounds.models import SiteSettings
from compounds.workflow import publishing
from compounds.workflow.revisions import latest_revision
from compounds.workflow.states import WorkflowState
from tests.admin_workflow import (
    edit,
    page,
    pending_submission,
    state,
    submit,
    submit_and_approve,
)
from tests.factories import CompoundFactory

OLD_DISCLAIMER = SiteSettings._meta.get_field("disclaimer").default
NEW_DISCLAIMER = "Research use only. Not medical advice; ask a clinician."


def publish_through_the_admin(author_client, reviewer_client, count):
    compounds = []
    for _ in range(count):
        compound = CompoundFactory()
        edit(author_client, compound, short_answer=f"The approved answer of {compound.name}.")
        submit_and_approve(author_client, reviewer_client, compound)
        compounds.append(compound)
    return compounds


def edit_site_wording(client, **changes):
    return edit(client, SiteSettings.objects.current(), **changes)


@pytest.fixture
def live_monographs(author_client, reviewer_client):
    return publish_through_the_admin(author_client, reviewer_client, 3)


def test_saving_the_site_wording_costs_the_same_however_many_monographs_show_it(
    author_client, reviewer_client, editor_client
):
    edit_site_wording(editor_client, page_notice="The wording's first version in its history.")
    queries = []
    for count in (1, 4):
        publish_through_the_admin(author_client, reviewer_client, count)
        with CaptureQueriesContext(connection) as captured:
            edit_site_wording(editor_client, disclaimer=f"{NEW_DISCLAIMER} ({count})")
        queries.append(len(captured))

    assert queries[0] == queries[1]


def test_saving_the_site_wording_flags_every_monograph_and_changes_no_live_page(
    live_monographs, editor_client
):
    numbers = [latest_revision(compound).number for compound in live_monographs]

    edit_site_wording(editor_client, disclaimer=NEW_DISCLAIMER)

    for compound, number in zip(live_monographs, numbers, strict=True):
        assert state(compound) == WorkflowState.LIVE_WITH_CHANGES
        assert latest_revision(compound).number == number, "recorded inside the request"
        assert OLD_DISCLAIMER in page(compound).text
        assert NEW_DISCLAIMER not in page(compound).text


def test_record_pending_revisions_records_each_flagged_monograph_with_the_new_wording(
    live_monographs, editor, editor_client
):
    edit_site_wording(editor_client, disclaimer=NEW_DISCLAIMER)
    output = io.StringIO()

    call_command("record_pending_revisions", stdout=output)
    call_command("record_pending_revisions", stdout=io.StringIO())  # nothing left to do

    assert "Recorded 3 monographs" in output.getvalue()
    for compound in live_monographs:
        revision = latest_revision(compound)
        assert revision.author == editor
        assert revision.note == "Site-wide wording changed"
        assert revision.document["site"]["disclaimer"] == NEW_DISCLAIMER
        assert state(compound) == WorkflowState.LIVE_WITH_CHANGES
        assert OLD_DISCLAIMER in page(compound).text


def test_a_flagged_monograph_is_submitted_with_the_new_wording(
    live_monographs, author_client, editor, editor_client, second_reviewer
):
    compound = live_monographs[0]
    edit_site_wording(editor_client, disclaimer=NEW_DISCLAIMER)

    submit(author_client, compound)

    submission = pending_submission(compound)
    assert submission.monograph_revision.document["site"]["disclaimer"] == NEW_DISCLAIMER
    with pytest.raises(PermissionDenied):  # the editor of the wording wrote part of it
        publishing.approve(submission, editor)
    publishing.approve(submission, second_reviewer)
    assert NEW_DISCLAIMER in page(compound).text
    assert state(compound) == WorkflowState.LIVE
    assert OLD_DISCLAIMER in page(live_monographs[1]).text
