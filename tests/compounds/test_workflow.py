"""The editorial invariants of design.md section 3, proved through the admin as its users work:
content staff and reviewers in the real groups, each in their own signed-in browser."""

import datetime
import re
from types import SimpleNamespace

import pytest
from django.contrib.auth.models import Group
from django.core import mail, signing
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from compounds.models import (
    AuditEvent,
    Compound,
    Decision,
    MonographRevision,
    PageRendering,
    Publication,
    Submission,
)
from compounds.workflow import publishing
from compounds.workflow.revisions import content_hash, latest_revision, record_revision
from compounds.workflow.states import WorkflowState
from tests.admin_forms import (
    admin_url,
    aggregate_snapshot,
    change_form_data,
    form_errors,
    rendered_value,
)
from tests.admin_workflow import (
    anonymous,
    approve,
    assert_nothing_published,
    audit_rows,
    compound_url,
    create_preview_link,
    decision_url,
    diff_rows,
    edit,
    index,
    messages_of,
    page,
    pending_submission,
    public_json,
    public_views,
    request_changes,
    restore,
    roll_back,
    signed_in,
    state,
    submit,
    submit_and_approve,
    unpublish,
    workflow_counts,
    working_copy_document,
)
from tests.factories import (
    CompoundFactory,
    OutcomeFactory,
    ReferenceFactory,
    ResearchAreaFactory,
    ReviewFactory,
)
from tests.publishing import person, publish, staff_user

# 1. Visitors only see content a reviewer approved.


def test_editing_a_live_monograph_changes_nothing_public_until_a_reviewer_approves(
    live, author_client, reviewer_client
):
    before = public_views(live)
    edit(
        author_client,
        live,
        "Renamed and reworded",
        name="Renamedorelin",
        summary="A renamed test peptide.",
        short_answer="Draft wording.",
        **{"outcomes-0-estimate": "0.75"},
    )
    assert public_views(live) == before

    assert submit(author_client, live).status_code == 302
    assert public_views(live) == before

    assert approve(reviewer_client, pending_submission(live)).status_code == 302
    assert "Draft wording." in page(live).text
    document = public_json(live).json()
    assert document["compound"]["name"] == "Renamedorelin"
    assert document["evidence"]["areas"][0]["reviews"][0]["outcomes"][0]["estimate_text"] == (
        "0.75"
    )
    assert "Renamedorelin" in index().text
    assert "A renamed test peptide." in index().text


def test_a_compound_never_approved_is_404_as_page_and_json_and_missing_from_the_index(
    monograph, author_client, reviewer_client
):
    def assert_not_public():
        assert page(monograph).status_code == 404
        assert public_json(monograph).status_code == 404
        assert monograph.name not in index().text
        assert reverse("compounds:monograph", args=[monograph.slug]) not in index().text

    edit(author_client, monograph, short_answer="Unreviewed wording.")
    assert_not_public()
    submit(author_client, monograph)
    assert_not_public()
    request_changes(reviewer_client, pending_submission(monograph))
    assert_not_public()
    # The staff preview of the draft is behind the admin login.
    preview = anonymous().get(compound_url(monograph, "preview", 1))
    assert preview.status_code == 302
    assert preview["Location"].startswith(reverse("admin:login"))


@pytest.mark.parametrize("already_live", [False, True], ids=["first publication", "update"])
def test_a_scheduled_approval_is_not_public_before_its_time(
    monograph, author_client, reviewer_client, monkeypatch, already_live
):
    if already_live:
        edit(author_client, monograph, short_answer="Approved wording.")
        submit_and_approve(author_client, reviewer_client, monograph)
    before = public_views(monograph)
    edit(author_client, monograph, short_answer="Scheduled wording.")
    submit(author_client, monograph)
    go_live = timezone.now() + datetime.timedelta(hours=1)

    response = approve(reviewer_client, pending_submission(monograph), effective_at=go_live)

    assert response.status_code == 302, messages_of(response)
    publication = Publication.objects.filter(compound=monograph).order_by("-id").first()
    assert publication.effective_at > timezone.now()
    assert public_views(monograph) == before
    assert state(monograph) == WorkflowState.SCHEDULED

    later = timezone.now() + datetime.timedelta(hours=2)
    monkeypatch.setattr(timezone, "now", lambda: later)
    assert "Scheduled wording." in page(monograph).text
    assert public_json(monograph).json() == latest_revision(monograph).document
    assert monograph.name in index().text


# 2. What a reviewer approves is exactly what goes live.


def test_approval_publishes_the_submitted_revision_not_edits_made_after_submission(
    live, author_client, reviewer_client
):
    edit(author_client, live, "Reworded", short_answer="Submitted wording.")
    submitted = latest_revision(live)
    submit(author_client, live)
    edit(author_client, live, "Second thoughts", short_answer="Edited after submission.")
    later = latest_revision(live)
    assert later.number == submitted.number + 1

    response = approve(reviewer_client, pending_submission(live))

    assert response.status_code == 302, messages_of(response)
    published = public_json(live).json()
    assert published == submitted.document
    assert content_hash(published) == submitted.content_hash
    publication = Publication.objects.get(submission__monograph_revision=submitted)
    assert publication.content_hash == submitted.content_hash != later.content_hash
    text = page(live).text
    assert "Submitted wording." in text
    assert "Edited after submission." not in text
    assert state(live) == WorkflowState.LIVE_WITH_CHANGES
    assert "Live, with unpublished changes" in author_client.get(admin_url(live)).text


def test_a_monograph_whose_latest_revision_is_live_reads_live_in_the_admin(
    author_client, reviewer_client
):
    # An id no publication row will have: the state must not depend on ids lining up.
    compound = CompoundFactory(id=424242, name="Idorelin", slug="idorelin")
    edit(author_client, compound, short_answer="Approved wording.")
    publication = submit_and_approve(author_client, reviewer_client, compound)
    assert publication.content_hash == latest_revision(compound).content_hash

    assert state(compound) == WorkflowState.LIVE
    change_form = author_client.get(admin_url(compound)).text
    assert '<span class="workflow-state">Live</span>' in change_form
    changelist = author_client.get(
        reverse("admin:compounds_compound_changelist"), {"state": "live"}
    )
    assert "Idorelin" in changelist.text


def test_edits_after_submission_need_their_own_submission_and_approval(
    live, author_client, reviewer_client
):
    edit(author_client, live, short_answer="Submitted wording.")
    submit(author_client, live, "First try")
    first = pending_submission(live)
    edit(author_client, live, short_answer="Resubmitted wording.")
    submit(author_client, live, "Second try")

    # The newer submission replaces the older one, which can no longer be approved.
    assert Submission.objects.get(pk=first.pk).decision.verdict == Decision.Verdict.SUPERSEDED
    counts = workflow_counts()
    response = approve(reviewer_client, first)
    assert "This submission has already been decided." in messages_of(response)
    assert_nothing_published(counts)

    approve(reviewer_client, pending_submission(live))
    assert "Resubmitted wording." in page(live).text


# 3. Four eyes: nobody approves a revision they submitted or edited; content staff cannot publish.


def test_the_submitter_cannot_approve_or_send_back_their_own_submission(
    monograph, author_client, reviewer_client
):
    edit(author_client, monograph, short_answer="Alice's wording.")
    submit(reviewer_client, monograph)  # Rita submits Alice's edit: she did not edit it herself
    submission = pending_submission(monograph)
    counts = workflow_counts()

    for response in (
        approve(reviewer_client, submission),
        request_changes(reviewer_client, submission),
    ):
        assert response.status_code == 200
        expected = "Four eyes: you cannot decide on a revision you submitted."
        assert expected in messages_of(response)
        assert expected in response.text
        assert_nothing_published(counts)
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.APPROVE).exists()
    assert page(monograph).status_code == 404


def test_a_reviewer_who_edited_since_the_last_publication_cannot_approve_what_another_submitted(
    live, author_client, reviewer_client, second_reviewer_client
):
    edit(reviewer_client, live, "Reviewer's tweak", short_answer="Rita's wording.")
    edit(author_client, live, "Author's edit", summary="Alice's summary.")
    submit(author_client, live)
    submission = pending_submission(live)
    counts = workflow_counts()
    approvals_before = len(audit_rows(AuditEvent.Action.APPROVE))

    response = approve(reviewer_client, submission)

    assert response.status_code == 200
    [message] = messages_of(response)
    assert message.startswith("Four eyes: this revision contains your own edits")
    assert_nothing_published(counts)
    assert len(audit_rows(AuditEvent.Action.APPROVE)) == approvals_before
    assert "Rita's wording." not in page(live).text

    assert approve(second_reviewer_client, submission).status_code == 302
    assert "Rita's wording." in page(live).text


def test_a_reviewer_whose_edits_are_already_live_may_approve_later_changes_by_others(
    monograph, author_client, reviewer_client, second_reviewer_client
):
    edit(reviewer_client, monograph, short_answer="Rita's wording.")
    submit_and_approve(author_client, second_reviewer_client, monograph)
    edit(author_client, monograph, summary="Alice's later summary.")
    submit(author_client, monograph)

    assert approve(reviewer_client, pending_submission(monograph)).status_code == 302
    assert public_json(monograph).json()["compound"]["summary"] == "Alice's later summary."


@pytest.mark.parametrize("action", ["approve", "request changes", "unpublish", "roll back"])
def test_content_staff_cannot_decide_publish_unpublish_or_roll_back(
    live, author_client, co_author_client, reviewer_client, action
):
    first_publication = Publication.objects.get(compound=live)
    edit(author_client, live, short_answer="Second approved wording.")
    submit_and_approve(author_client, reviewer_client, live)
    edit(author_client, live, short_answer="Pending wording.")
    submit(author_client, live)
    submission = pending_submission(live)
    counts, before = workflow_counts(), public_views(live)

    response, expected = {
        "approve": lambda: (
            approve(co_author_client, submission),
            "You may not approve monographs or send them back.",
        ),
        "request changes": lambda: (
            request_changes(co_author_client, submission),
            "You may not approve monographs or send them back.",
        ),
        "unpublish": lambda: (
            unpublish(co_author_client, live),
            "You may not unpublish monographs.",
        ),
        "roll back": lambda: (
            roll_back(co_author_client, first_publication),
            "You may not roll monographs back.",
        ),
    }[action]()

    assert messages_of(response) == [expected]
    assert_nothing_published(counts)
    assert public_views(live) == before
    assert state(live) == WorkflowState.SUBMITTED


def test_content_staff_see_no_approval_forms_on_the_decision_page(
    monograph, author_client, co_author_client
):
    edit(author_client, monograph)
    submit(author_client, monograph)
    response = co_author_client.get(decision_url(pending_submission(monograph)))
    assert response.status_code == 200
    assert 'name="approve"' not in response.text
    assert 'name="request_changes"' not in response.text


# 4. Every change is kept.


def test_each_admin_save_records_one_revision_with_user_time_note_document_and_hash(
    monograph, author, author_client
):
    started = timezone.now()
    edit(author_client, monograph, "First version", short_answer="First wording.")
    edit(
        author_client,
        monograph,
        "Corrected the death estimate from the 2023 update",
        short_answer="Second wording.",
        **{"outcomes-0-estimate": "0.75", "faq_items-0-answer": "Only in Russia."},
    )

    revisions = list(MonographRevision.objects.filter(compound=monograph).order_by("number"))
    assert [revision.number for revision in revisions] == [1, 2]
    revision = revisions[1]
    assert revision.author == author
    assert started <= revision.created_at <= timezone.now()
    assert revision.note == "Corrected the death estimate from the 2023 update"
    assert revision.document == working_copy_document(monograph)
    assert "Second wording." in revision.document["short_answer_html"]
    assert revision.content_hash == content_hash(revision.document)
    assert re.fullmatch(r"[0-9a-f]{64}", revision.content_hash)
    assert revision.content_hash != revisions[0].content_hash
    history = author_client.get(compound_url(monograph, "history")).text
    assert "Corrected the death estimate from the 2023 update" in history
    assert revision.content_hash[:12] in history


def test_a_save_that_changes_nothing_records_no_revision(monograph, author_client):
    edit(author_client, monograph, "First version", short_answer="First wording.")
    counts = workflow_counts()

    edit(author_client, monograph, "Just looking")
    edit(author_client, monograph, "")

    assert workflow_counts() == counts


def test_compare_shows_old_and_new_outcome_regimen_safety_and_reference_values(
    monograph, author_client
):
    edit(author_client, monograph, "First version", short_answer="Cited [@chen2013].")
    edit(
        author_client,
        monograph,
        "Numbers from the 2023 update",
        **{
            "outcomes-0-estimate": "0.75",
            "outcomes-0-ci_lower": "0.55",
            "outcomes-0-ci_upper": "0.98",
            "regimens-0-amount_typical": "250",
            "safety_notes-0-text": "Dizziness was reported.",
        },
    )
    reference = monograph.reviews.get().reference
    edit(author_client, reference, title="Cerebrolysin for acute stroke 2023")
    assert latest_revision(monograph).number == 3

    response = author_client.get(compound_url(monograph, "compare"), {"from": 1, "to": 3})

    assert response.status_code == 200
    rows = diff_rows(response)
    assert ("Estimate", "0.80", "0.75") in rows
    assert ("95% CI", "95% CI 0.60 to 1.05", "95% CI 0.55 to 0.98") in rows
    assert ("Typical amount", "300", "250") in rows
    assert ("Text", "Headache was reported.", "Dizziness was reported.") in rows
    assert any(
        field == "Citation"
        and "Cerebrolysin for acute stroke." in old
        and "Cerebrolysin for acute stroke 2023." in new
        for field, old, new in rows
    )
    # Any two: the later pair shows only the reference, and "live" compares with the public page.
    later = diff_rows(author_client.get(compound_url(monograph, "compare"), {"from": 2, "to": 3}))
    assert ("Estimate", "0.80", "0.75") not in later
    assert any(field == "Citation" for field, _, _ in later)
    never_live = diff_rows(author_client.get(compound_url(monograph, "compare"), {"from": "live"}))
    assert ("Estimate", "none", "0.75") in never_live


def test_restoring_an_earlier_revision_is_a_new_draft_that_needs_approval(
    monograph, author, author_client, reviewer_client
):
    edit(author_client, monograph, "First version", short_answer="Original wording.")
    original = latest_revision(monograph)
    edit(
        author_client,
        monograph,
        "Dropped the FAQ",
        short_answer="Live wording.",
        **{"faq_items-0-DELETE": "on"},
    )
    submit_and_approve(author_client, reviewer_client, monograph)
    edit(author_client, monograph, "Not finished", short_answer="Draft wording.")
    before = public_views(monograph)

    response = restore(author_client, monograph, original.number)

    assert response.status_code == 302
    assert messages_of(response) == [
        "Revision 1 is the working copy again, recorded as revision 4. Submit it for approval "
        "to publish it."
    ]
    restored = latest_revision(monograph)
    assert restored.number == 4
    assert restored.author == author
    assert restored.note.startswith("Restored from revision 1 (")
    assert restored.content_hash == original.content_hash
    assert restored.document == original.document
    assert working_copy_document(monograph) == original.document
    assert monograph.faq_items.filter(question="Is it approved anywhere?").exists()
    assert public_views(monograph) == before
    assert state(monograph) == WorkflowState.LIVE_WITH_CHANGES

    submit_and_approve(author_client, reviewer_client, monograph)
    assert "Original wording." in page(monograph).text
    assert "Is it approved anywhere?" in page(monograph).text


def test_a_stale_edit_form_is_refused_naming_the_first_editor_and_keeps_the_typed_text(
    monograph, author_client, co_author_client
):
    edit(author_client, monograph, "First version")
    url = admin_url(monograph)
    alice_form = change_form_data(author_client.get(url))
    carl_form = change_form_data(co_author_client.get(url))

    alice_form.update(short_answer="Alice's wording.", change_note="Alice's change")
    assert author_client.post(url, alice_form).status_code == 302
    saved, counts = aggregate_snapshot(monograph), workflow_counts()

    carl_form.update(
        {
            "short_answer": "Carl's wording.",
            "faq_items-0-answer": "Carl's answer.",
            "change_note": "Carl's change",
        }
    )
    response = co_author_client.post(url, carl_form)

    assert response.status_code == 200
    [message] = form_errors(response)["__all__"]
    assert message.startswith("Alice Author saved a newer version of this monograph (revision 2")
    assert "Nothing you typed was saved" in message
    assert "Alice Author saved a newer version" in response.text
    assert aggregate_snapshot(monograph) == saved
    assert workflow_counts() == counts
    assert rendered_value(response, "short_answer") == "Carl's wording."
    assert rendered_value(response, "faq_items-0-answer") == "Carl's answer."
    assert rendered_value(response, "change_note") == "Carl's change"


# 5. Shared records are pinned.


@pytest.fixture
def two_live_citing(db, author_client, reviewer_client):
    """Two live monographs whose reviews rest on one reference, and one that does not cite it."""
    reference = ReferenceFactory(key="shared2020", title="The original shared title")
    compounds = []
    for name in ("Alphatide", "Betatide", "Gammatide"):
        compound = CompoundFactory(name=name, slug=name.lower())
        cited = reference if name != "Gammatide" else ReferenceFactory()
        ReviewFactory(compound=compound, reference=cited)
        edit(author_client, compound, short_answer=f"See [@{cited.key}].")
        submit_and_approve(author_client, reviewer_client, compound)
        compounds.append(compound)
    return SimpleNamespace(reference=reference, compounds=compounds)


def test_editing_a_shared_reference_keeps_live_pages_pinned_and_flags_the_citing_monographs(
    two_live_citing, author, author_client
):
    alpha, beta, gamma = two_live_citing.compounds
    numbers = {compound: latest_revision(compound).number for compound in (alpha, beta, gamma)}
    before = {compound: public_views(compound) for compound in (alpha, beta)}

    edit(author_client, two_live_citing.reference, title="A corrected title")

    for compound in (alpha, beta):
        assert public_views(compound) == before[compound]
        assert "The original shared title" in page(compound).text
        assert "A corrected title" not in page(compound).text
        revision = latest_revision(compound)
        assert revision.number == numbers[compound] + 1
        assert revision.author == author
        assert revision.note.startswith("Shared reference")
        assert "A corrected title" in str(revision.document)
        assert state(compound) == WorkflowState.LIVE_WITH_CHANGES
    assert latest_revision(gamma).number == numbers[gamma], "a monograph not citing it changed"


def test_approving_one_monograph_that_cites_a_changed_reference_updates_only_that_one(
    two_live_citing, author_client, second_reviewer_client
):
    alpha, beta, _ = two_live_citing.compounds
    edit(author_client, two_live_citing.reference, title="A corrected title")

    submit_and_approve(author_client, second_reviewer_client, alpha)

    assert "A corrected title" in page(alpha).text
    assert "The original shared title" in page(beta).text
    assert "A corrected title" not in page(beta).text
    assert state(alpha) == WorkflowState.LIVE
    assert state(beta) == WorkflowState.LIVE_WITH_CHANGES


def test_a_reviewer_who_changed_a_shared_reference_cannot_approve_the_monographs_it_changed(
    two_live_citing, author_client, reviewer_client
):
    alpha = two_live_citing.compounds[0]
    edit(reviewer_client, two_live_citing.reference, title="Rita's corrected title")
    submit(author_client, alpha)
    counts = workflow_counts()

    response = approve(reviewer_client, pending_submission(alpha))

    assert messages_of(response)[0].startswith("Four eyes: this revision contains your own edits")
    assert_nothing_published(counts)


def test_renaming_a_research_area_keeps_live_pages_pinned_and_flags_the_monograph(
    monograph, author_client, reviewer_client
):
    area = ResearchAreaFactory(name="Acute ischaemic stroke", slug="acute-ischaemic-stroke")
    review = monograph.reviews.get()
    review.research_area = area
    review.save()
    edit(author_client, monograph, short_answer="Approved wording.")
    submit_and_approve(author_client, reviewer_client, monograph)

    edit(author_client, area, name="Acute stroke")

    assert "Acute ischaemic stroke" in page(monograph).text
    assert state(monograph) == WorkflowState.LIVE_WITH_CHANGES


# 6. Every workflow event is in an append-only audit log with user, time, revision and hash.


def _submit(scene):
    return submit(scene.author, scene.compound)


# event: (prepare, act, [(action, username, revision number, hash of revision number)])
AUDITED_EVENTS = {
    "submit": (None, _submit, [("submit", "author", 3, 3)]),
    "request changes": (
        _submit,
        lambda scene: request_changes(scene.reviewer, pending_submission(scene.compound)),
        [("request_changes", "reviewer", 3, 3)],
    ),
    "approve and publish": (
        _submit,
        lambda scene: approve(scene.reviewer, pending_submission(scene.compound)),
        [("approve", "reviewer", 3, 3), ("publish", "reviewer", 3, 3)],
    ),
    "roll back": (
        None,
        lambda scene: roll_back(scene.reviewer, scene.first_publication),
        [("roll_back", "reviewer", 1, 1)],
    ),
    # The revision taken off the site is the live one, revision 2.
    "unpublish": (
        None,
        lambda scene: unpublish(scene.reviewer, scene.compound),
        [("unpublish", "reviewer", 2, 2)],
    ),
    # The restore is itself revision 4, equal to revision 1.
    "restore": (
        None,
        lambda scene: restore(scene.author, scene.compound, 1),
        [("restore", "author", 4, 1)],
    ),
}


@pytest.mark.parametrize("event", AUDITED_EVENTS)
def test_every_workflow_event_is_audited_with_user_time_revision_and_hash(history, event):
    prepare, act, expected = AUDITED_EVENTS[event]
    if prepare:
        prepare(history)
    hashes = dict(history.compound.revisions.values_list("number", "content_hash"))
    last_id = AuditEvent.objects.order_by("-id").values_list("id", flat=True).first()
    started = timezone.now()

    response = act(history)

    assert response.status_code == 302, messages_of(response)
    hashes.setdefault(4, None)
    events = list(AuditEvent.objects.filter(id__gt=last_id).order_by("id"))
    assert [
        (event.action, event.username, event.revision_number, event.content_hash)
        for event in events
    ] == [(action, user, number, hashes[source]) for action, user, number, source in expected]
    for event in events:
        assert event.user.username == event.username
        assert event.compound == history.compound
        assert event.compound_name == history.compound.name
        assert started <= event.created_at <= timezone.now()


def test_deleting_a_compound_is_audited_and_its_log_outlives_it(monograph, author_client):
    reviewer = person("deleting-reviewer", "Reviewers", "Dora Deleter")
    edit(author_client, monograph, short_answer="Never submitted.")
    revision = latest_revision(monograph)

    response = signed_in(reviewer).post(compound_url(monograph, "delete"), {"post": "yes"})

    assert response.status_code == 302
    assert not Compound.objects.filter(pk=monograph.pk).exists()
    [event] = audit_rows(AuditEvent.Action.DELETE)
    assert (event.user, event.compound, event.compound_name) == (reviewer, None, "Testorelin")
    assert (event.revision_number, event.content_hash) == (1, revision.content_hash)


def test_a_reviewer_can_delete_an_unpublished_compound_that_has_a_publication_history(
    history, reviewer
):
    assert unpublish(history.reviewer, history.compound).status_code == 302
    hashes = dict(history.compound.revisions.values_list("number", "content_hash"))

    response = history.reviewer.post(compound_url(history.compound, "delete"), {"post": "yes"})

    assert response.status_code == 302, "the admin refused to delete the compound"
    assert not Compound.objects.filter(pk=history.compound.pk).exists()
    [event] = audit_rows(AuditEvent.Action.DELETE)
    assert (event.user, event.revision_number, event.content_hash) == (reviewer, 3, hashes[3])
    assert len(audit_rows(AuditEvent.Action.APPROVE)) == 2, "the log lost earlier events"


def test_deleting_a_compound_takes_every_kind_of_history_row_with_it(history, reviewer):
    """A restore, a submission sent back, one superseded, a scheduled publication and stored
    pages all go with the compound; another compound's history and the audit log stay."""
    scheduler = signed_in(person("scheduler", "Reviewers", "Sue Scheduler"))
    restore(history.author, history.compound, 1)
    submit(history.author, history.compound)
    request_changes(history.reviewer, pending_submission(history.compound))
    edit(history.author, history.compound, short_answer="Wording for later.")
    submit(history.author, history.compound)
    edit(history.author, history.compound, short_answer="Wording for later, polished.")
    submit(history.author, history.compound)
    later = timezone.now() + datetime.timedelta(days=30)
    approve(scheduler, pending_submission(history.compound), effective_at=later)
    other = CompoundFactory(name="Othertide")
    edit(history.author, other, short_answer="Another monograph.")
    submit_and_approve(history.author, history.reviewer, other)
    events = AuditEvent.objects.count()

    response = signed_in(reviewer).post(compound_url(history.compound, "delete"), {"post": "yes"})

    assert response.status_code == 302, "the admin refused to delete the compound"
    assert not Compound.objects.filter(pk=history.compound.pk).exists()
    assert workflow_counts() == {
        "MonographRevision": 1,
        "Submission": 1,
        "Decision": 1,
        "Publication": 1,
        "AuditEvent": events + 1,
    }
    assert PageRendering.objects.get().publication.compound_id == other.pk


@pytest.mark.parametrize("role", ["Content staff", "Reviewers", "superuser"])
def test_the_audit_log_is_viewable_by_staff_but_cannot_be_added_changed_or_deleted(history, role):
    if role == "superuser":
        user = staff_user("boss", "Reviewers")
        user.is_superuser = True
        user.save()
    else:
        user = staff_user(f"viewer-{role}".replace(" ", "-").lower(), role)
    client = signed_in(user)
    event = audit_rows(AuditEvent.Action.SUBMIT)[0]
    add = reverse("admin:compounds_auditevent_add")
    change = reverse("admin:compounds_auditevent_change", args=[event.pk])
    delete = reverse("admin:compounds_auditevent_delete", args=[event.pk])

    changelist = client.get(reverse("admin:compounds_auditevent_changelist"))

    assert changelist.status_code == 200
    assert "Testorelin" in changelist.text
    assert event.content_hash[:12] in changelist.text
    assert add not in changelist.text
    assert 'name="action"' not in changelist.text  # no bulk delete
    assert client.get(add).status_code == 403
    assert client.post(add, {"action": "approve", "compound_name": "Forged"}).status_code == 403
    assert client.post(change, {"comment": "Rewritten"}).status_code == 403
    assert client.get(delete).status_code == 403
    assert client.post(delete, {"post": "yes"}).status_code == 403
    assert AuditEvent.objects.get(pk=event.pk).comment == event.comment
    assert 'type="submit"' not in client.get(change).text.split('id="content-main"')[1]


def test_audit_events_refuse_to_be_saved_again_or_deleted(history):
    event = audit_rows()[0]
    event.comment = "Rewritten history"
    with pytest.raises(ValidationError):
        event.save()
    with pytest.raises(ValidationError):
        event.delete()
    assert AuditEvent.objects.get(pk=event.pk).comment != "Rewritten history"


# 7. E-mail.


def test_submitting_emails_every_reviewer_but_not_the_submitter_or_content_staff(
    monograph, author_client, reviewer, second_reviewer, co_author
):
    boss = staff_user("boss", "Content staff")
    boss.is_superuser = True
    boss.save()
    edit(author_client, monograph)
    mail.outbox.clear()

    submit(signed_in(second_reviewer), monograph, "Please check the new outcome.")

    [message] = mail.outbox
    assert sorted(message.to) == ["boss@example.org", "reviewer@example.org"]
    assert "Testorelin" in message.subject
    assert "Please check the new outcome." in message.body
    assert decision_url(pending_submission(monograph)) in message.body


@pytest.mark.parametrize("decision", ["approve", "request changes"])
def test_a_decision_emails_the_submitter(monograph, author_client, reviewer_client, decision):
    edit(author_client, monograph)
    submit(author_client, monograph)
    mail.outbox.clear()
    submission = pending_submission(monograph)

    if decision == "approve":
        approve(reviewer_client, submission, comment="Numbers match the review.")
        subject = "Approved: Testorelin"
    else:
        request_changes(reviewer_client, submission, comment="Cite the 2023 update.")
        subject = "Changes requested: Testorelin"

    [message] = mail.outbox
    assert message.to == ["author@example.org"]
    assert subject in message.subject
    assert ("Numbers match the review." if decision == "approve" else "Cite the 2023 update.") in (
        message.body
    )


# 8. Signed preview links.


@pytest.fixture
def draft_revision(live, author_client):
    edit(author_client, live, short_answer="Draft for the expert.")
    return latest_revision(live)


def preview_path(response):
    assert response.status_code == 200, messages_of(response)
    link = response.context["link"]
    assert link.startswith("http://testserver/preview/")
    return link.removeprefix("http://testserver")


def test_a_reviewer_shares_a_signed_preview_of_a_draft_that_anyone_with_the_link_can_read(
    draft_revision, reviewer, reviewer_client
):
    path = preview_path(create_preview_link(reviewer_client, draft_revision))

    response = anonymous().get(path)

    assert response.status_code == 200
    assert "noindex" in response["X-Robots-Tag"]
    cache_control = response["Cache-Control"]
    assert "no-cache" in cache_control
    assert "no-store" in cache_control
    assert "Preview, not published" in response.text
    assert "Draft for the expert." in response.text
    assert "Draft for the expert." not in page(draft_revision.compound).text
    [event] = audit_rows(AuditEvent.Action.PREVIEW_LINK)
    assert (event.user, event.revision_number) == (reviewer, draft_revision.number)


def test_a_tampered_or_forged_preview_token_is_404(draft_revision, reviewer_client):
    path = preview_path(create_preview_link(reviewer_client, draft_revision))
    token = path.removeprefix("/preview/").removesuffix("/")
    tampered = token[:-1] + ("A" if token[-1] != "A" else "B")
    # Revision 1's payload under revision 2's timestamp and signature.
    payload = signing.dumps({"revision": draft_revision.pk - 1}, salt="compounds.preview")
    spliced = payload.split(":")[0] + token[token.index(":") :]
    unsalted = signing.dumps({"revision": draft_revision.pk})

    assert anonymous().get(path).status_code == 200
    for forged in (tampered, spliced, unsalted):
        assert anonymous().get(f"/preview/{forged}/").status_code == 404


@pytest.mark.parametrize(("age", "status"), [(-60, 200), (60, 404)], ids=["valid", "expired"])
def test_a_preview_link_expires(
    draft_revision, reviewer_client, settings, monkeypatch, age, status
):
    path = preview_path(create_preview_link(reviewer_client, draft_revision))
    clock = signing.time.time() + settings.PREVIEW_LINK_MAX_AGE + age
    monkeypatch.setattr(signing, "time", SimpleNamespace(time=lambda: clock))

    assert anonymous().get(path).status_code == status


def test_content_staff_cannot_create_a_preview_link(draft_revision, author_client):
    counts = workflow_counts()

    response = create_preview_link(author_client, draft_revision)

    assert response.status_code == 302
    assert messages_of(response) == ["Only reviewers can share preview links."]
    assert workflow_counts() == counts
    assert "Share preview link" not in author_client.get(response["Location"]).text


# 10. Query budgets: workflow pages cost the same however many versions a monograph has.


def monograph_with_history(revisions, publications):
    """A compound with `revisions` versions, the first `publications` of them approved in turn."""
    author = staff_user("budget-author", "Content staff")
    reviewer = staff_user("budget-reviewer", "Reviewers")
    compound = CompoundFactory()
    OutcomeFactory(review=ReviewFactory(compound=compound), compound=compound)
    for number in range(1, revisions + 1):
        compound.short_answer = f"Wording {number}."
        compound.save()
        record_revision(compound, author, f"Edit {number}")
        if number <= publications:
            publish(compound, author, reviewer)
    return compound


def queries_for(client, url, data=None):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url, data).status_code == 200
    return len(queries)


@pytest.fixture
def budget_reviewer_client(db):
    return signed_in(staff_user("budget-viewer", "Reviewers"))


# Session; user; the compound; the user's own and group permissions (for the workflow buttons);
# revisions with their authors; publications with revisions and publishers; the live publication;
# the pending submission; whether site settings exist (admin navigation).
HISTORY_QUERIES = 10
# Session; user; the compound; the user's own and group permissions; the live publication; the
# latest revision (the default "to"); the two revisions compared; whether site settings exist.
# Comparing with "live" reads no revision for "from": one query fewer.
COMPARE_QUERIES = 10
# Session; user; the user's own and group permissions; the count of submissions awaiting me and
# of all submissions; whether site settings exist; one page of submissions with their compound,
# revision number, submitter and decision.
QUEUE_QUERIES = 8


def test_history_page_query_count_does_not_grow_with_revisions(
    budget_reviewer_client, django_assert_num_queries
):
    small = monograph_with_history(revisions=2, publications=1)
    large = monograph_with_history(revisions=12, publications=6)
    client = budget_reviewer_client

    assert queries_for(client, compound_url(small, "history")) == HISTORY_QUERIES
    with django_assert_num_queries(HISTORY_QUERIES):
        response = client.get(compound_url(large, "history"))
    assert response.text.count("Preview</a>") == 12


@pytest.mark.parametrize("compared", ["first with latest", "live with latest"])
def test_compare_page_query_count_does_not_grow_with_revisions(
    budget_reviewer_client, django_assert_num_queries, compared
):
    small = monograph_with_history(revisions=2, publications=1)
    large = monograph_with_history(revisions=12, publications=1)
    client = budget_reviewer_client

    def query(compound):
        latest = latest_revision(compound).number
        return {"from": 1 if compared == "first with latest" else "live", "to": latest}

    expected = COMPARE_QUERIES if compared == "first with latest" else COMPARE_QUERIES - 1
    assert queries_for(client, compound_url(small, "compare"), query(small)) == expected
    url, data = compound_url(large, "compare"), query(large)
    with django_assert_num_queries(expected):
        response = client.get(url, data)
    assert "Wording 12." in response.text


def test_submission_queue_query_count_does_not_grow_with_submissions(
    budget_reviewer_client, django_assert_num_queries
):
    author = staff_user("queue-author", "Content staff")

    def submit_monographs(count):
        for _ in range(count):
            compound = monograph_with_history(revisions=3, publications=0)
            publishing.submit(compound, author, "Please review")

    client, url = budget_reviewer_client, reverse("admin:compounds_submission_changelist")
    submit_monographs(2)
    assert queries_for(client, url, {"status": "mine"}) == QUEUE_QUERIES
    submit_monographs(10)
    with django_assert_num_queries(QUEUE_QUERIES):
        response = client.get(url, {"status": "mine"})
    assert response.text.count("Awaiting approval</td>") == 12


def test_roles_exist_with_the_permissions_the_workflow_checks(db):
    reviewers = set(
        Group.objects.get(name="Reviewers").permissions.values_list("codename", flat=True)
    )
    staff = set(
        Group.objects.get(name="Content staff").permissions.values_list("codename", flat=True)
    )
    assert {"approve_monograph", "publish_monograph", "change_compound"} <= reviewers
    assert "change_compound" in staff
    assert not {"approve_monograph", "publish_monograph", "delete_compound"} & staff
