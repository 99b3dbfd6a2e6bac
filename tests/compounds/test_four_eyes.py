"""Four eyes (design.md section 3, invariant 3): nobody decides on a revision they submitted or
helped write since the newest revision another reviewer approved.

One rule decides it in both places it applies: a reviewer's approval queue offers a submission
exactly when approving it is allowed. Each scenario below checks both sides against the rule, so
either one drifting from it fails here.
"""

import pytest
from django.core.exceptions import PermissionDenied

from compounds.models import Submission
from compounds.workflow import publishing
from tests.admin_workflow import (
    edit,
    pending_submission,
    restore,
    roll_back,
    signed_in,
    submit,
    submit_and_approve,
)
from tests.factories import ReferenceFactory, ReviewFactory


@pytest.fixture
def people(db, author, reviewer, second_reviewer):
    return {
        "author": signed_in(author),
        "reviewer": signed_in(reviewer),
        "second": signed_in(second_reviewer),
    }


def submitted_by_the_reviewer(monograph, people):
    edit(people["author"], monograph, short_answer="The author's wording.")
    submit(people["reviewer"], monograph)
    return False


def edited_by_the_reviewer_since_the_last_approval(monograph, people):
    edit(people["author"], monograph, short_answer="Approved wording.")
    submit_and_approve(people["author"], people["second"], monograph)
    edit(people["reviewer"], monograph, short_answer="The reviewer's own wording.")
    edit(people["author"], monograph, short_answer="The reviewer's own wording, polished.")
    submit(people["author"], monograph)
    return False


def edited_by_the_reviewer_and_approved_by_another_before_a_roll_back(monograph, people):
    edit(people["author"], monograph, short_answer="The first approved wording.")
    first = submit_and_approve(people["author"], people["second"], monograph)
    edit(people["reviewer"], monograph, short_answer="The reviewer's wording.")
    submit_and_approve(people["author"], people["second"], monograph)
    roll_back(people["second"], first)
    edit(people["author"], monograph, short_answer="The author's later wording.")
    submit(people["author"], monograph)
    return True


def edited_by_the_reviewer_after_the_last_approval_then_rolled_back(monograph, people):
    edit(people["author"], monograph, short_answer="The first approved wording.")
    first = submit_and_approve(people["author"], people["second"], monograph)
    edit(people["author"], monograph, short_answer="The second approved wording.")
    submit_and_approve(people["author"], people["second"], monograph)
    edit(people["reviewer"], monograph, short_answer="The reviewer's unapproved wording.")
    roll_back(people["second"], first)
    edit(people["author"], monograph, short_answer="The reviewer's unapproved wording, polished.")
    submit(people["author"], monograph)
    return False


def restored_from_the_reviewers_unapproved_wording(monograph, people):
    edit(people["reviewer"], monograph, short_answer="The reviewer's unapproved wording.")
    edit(people["author"], monograph, short_answer="The author's wording.")
    submit_and_approve(people["author"], people["second"], monograph)
    restore(people["author"], monograph, 1)
    submit(people["author"], monograph)
    return False


def the_reviewers_edits_are_already_live(monograph, people):
    edit(people["reviewer"], monograph, short_answer="The reviewer's wording.")
    submit_and_approve(people["author"], people["second"], monograph)
    edit(people["author"], monograph, short_answer="The author's later wording.")
    submit(people["author"], monograph)
    return True


def a_shared_reference_the_reviewer_corrected(monograph, people):
    reference = ReferenceFactory(key="shared2021", title="The original title")
    ReviewFactory(compound=monograph, reference=reference)
    edit(people["author"], monograph, short_answer="Cites [@shared2021].")
    submit_and_approve(people["author"], people["second"], monograph)
    edit(people["reviewer"], reference, title="The reviewer's corrected title")
    submit(people["author"], monograph)
    return False


def written_by_others_only(monograph, people):
    edit(people["author"], monograph, short_answer="The author's wording.")
    submit(people["author"], monograph)
    return True


SCENARIOS = [
    submitted_by_the_reviewer,
    edited_by_the_reviewer_since_the_last_approval,
    edited_by_the_reviewer_and_approved_by_another_before_a_roll_back,
    edited_by_the_reviewer_after_the_last_approval_then_rolled_back,
    restored_from_the_reviewers_unapproved_wording,
    the_reviewers_edits_are_already_live,
    a_shared_reference_the_reviewer_corrected,
    written_by_others_only,
]


@pytest.mark.parametrize("scenario", SCENARIOS, ids=lambda scenario: scenario.__name__)
def test_the_queue_offers_a_submission_exactly_when_its_approval_is_allowed(
    scenario, monograph, people, reviewer
):
    may_decide = scenario(monograph, people)
    submission = pending_submission(monograph)

    offered = Submission.objects.awaiting(reviewer).filter(pk=submission.pk).exists()
    try:
        publishing.approve(submission, reviewer)
    except PermissionDenied:
        approved = False
    else:
        approved = True

    assert (offered, approved) == (may_decide, may_decide)
