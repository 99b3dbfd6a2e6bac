"""Who may do what in the editorial workflow: each role against each action, through the admin.

A refused action answers 403 or shows an error, and changes nothing: no workflow row, no public
change. Superusers hold every permission but are still bound by four eyes.
"""

from collections.abc import Callable
from dataclasses import dataclass
from types import SimpleNamespace

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from compounds.models import AuditEvent, Compound, Decision, Publication
from compounds.workflow.revisions import latest_revision
from tests.admin_forms import post_change
from tests.admin_workflow import (
    approve,
    as_browser,
    compound_url,
    create_preview_link,
    edit,
    messages_of,
    pending_submission,
    restore,
    roll_back,
    signed_in,
    submit,
    submit_and_approve,
    unpublish,
    workflow_counts,
)
from tests.factories import CompoundFactory, OutcomeFactory, ReviewFactory
from tests.publishing import staff_user

ROLES = ("content staff", "reviewer", "superuser")
EVERYONE = frozenset(ROLES)
PUBLISHERS = frozenset({"reviewer", "superuser"})
NOBODY = frozenset()


def make_user(role, username="actor"):
    if role == "superuser":
        return get_user_model().objects.create_superuser(
            username, f"{username}@example.org", f"pw-{username}-1"
        )
    return staff_user(username, {"content staff": "Content staff", "reviewer": "Reviewers"}[role])


@pytest.fixture
def scene(db):
    """Revisions 1 and 2 of Matrixorelin were published in turn by others; revision 3 is a draft.

    Draftorelin was saved once and never submitted.
    """
    author = signed_in(staff_user("other-author", "Content staff"))
    reviewer = signed_in(staff_user("other-reviewer", "Reviewers"))
    compound = CompoundFactory(name="Matrixorelin", slug="matrixorelin")
    OutcomeFactory(review=ReviewFactory(compound=compound), compound=compound)
    edit(author, compound, short_answer="First approved wording.")
    first_publication = submit_and_approve(author, reviewer, compound)
    edit(author, compound, short_answer="Second approved wording.")
    submit_and_approve(author, reviewer, compound)
    edit(author, compound, short_answer="Draft wording.")
    draft = CompoundFactory(name="Draftorelin", slug="draftorelin")
    edit(author, draft)
    return SimpleNamespace(
        compound=compound, first_publication=first_publication, author=author, draft=draft
    )


def public_page(scene):
    return Client().get(f"/compounds/{scene.compound.slug}/")


def public_state(scene):
    return (
        public_page(scene).content,
        Compound.objects.count(),
        Publication.objects.current().count(),
    )


def newest(model, **lookups):
    return model.objects.filter(**lookups).order_by("-id").first()


@dataclass(frozen=True)
class Action:
    allowed: frozenset
    perform: Callable  # (scene, client) -> response
    succeeded: Callable  # (scene, actor, response) -> None, asserting what the action did
    prepare: Callable | None = None  # (scene, client): what the actor did first


def _edited(scene, actor, response):
    assert response.status_code == 302
    revision = latest_revision(scene.compound)
    assert (revision.number, revision.author, revision.note) == (4, actor, "Actor's edit")


def _submitted(scene, actor, response):
    submission = pending_submission(scene.compound)
    assert (submission.submitted_by, submission.monograph_revision.number) == (actor, 3)


def _approved(scene, actor, response):
    decision = newest(Decision)
    assert (decision.decided_by, decision.verdict) == (actor, Decision.Verdict.APPROVED)
    assert newest(AuditEvent, action=AuditEvent.Action.APPROVE).user == actor


def _published(scene, actor, response):
    assert newest(Publication).published_by == actor
    assert "Draft wording." in public_page(scene).text


def _unpublished(scene, actor, response):
    assert public_page(scene).status_code == 404


def _rolled_back(scene, actor, response):
    assert newest(Publication).kind == Publication.Kind.ROLLBACK
    assert "First approved wording." in public_page(scene).text


def _restored(scene, actor, response):
    revision = latest_revision(scene.compound)
    assert revision.author == actor
    assert revision.note.startswith("Restored from revision 1")


def _previewed(scene, actor, response):
    assert response.status_code == 200
    assert "Preview, not published" in response.text
    assert "Draft wording." in response.text


def _shared_preview(scene, actor, response):
    assert response.status_code == 200
    link = response.context["link"].removeprefix("http://testserver")
    assert "Draft wording." in Client().get(link).text


def _history_shown(scene, actor, response):
    assert response.status_code == 200
    assert response.text.count("Preview</a>") == 3


def _audit_log_shown(scene, actor, response):
    assert response.status_code == 200
    assert "Matrixorelin" in response.text


def _draft_deleted(scene, actor, response):
    assert response.status_code == 302
    assert not Compound.objects.filter(pk=scene.draft.pk).exists()
    assert newest(AuditEvent, action=AuditEvent.Action.DELETE).user == actor


def _submit_as_other_author(scene, client):
    submit(scene.author, scene.compound)


def _submit_as_actor(scene, client):
    assert submit(client, scene.compound).status_code == 302


def _approve_pending(scene, client):
    return approve(client, pending_submission(scene.compound))


ACTIONS = {
    "edit": Action(
        EVERYONE,
        lambda scene, client: as_browser(
            post_change(
                client,
                scene.compound,
                change_note="Actor's edit",
                short_answer="Actor's wording.",
            )
        ),
        _edited,
    ),
    "submit": Action(
        EVERYONE,
        lambda scene, client: submit(client, scene.compound, "Actor's summary"),
        _submitted,
    ),
    "approve own submission": Action(NOBODY, _approve_pending, _approved, _submit_as_actor),
    "approve another's submission": Action(
        PUBLISHERS, _approve_pending, _approved, _submit_as_other_author
    ),
    "publish": Action(PUBLISHERS, _approve_pending, _published, _submit_as_other_author),
    "unpublish": Action(
        PUBLISHERS, lambda scene, client: unpublish(client, scene.compound), _unpublished
    ),
    "roll back": Action(
        PUBLISHERS,
        lambda scene, client: roll_back(client, scene.first_publication),
        _rolled_back,
    ),
    "restore": Action(
        EVERYONE, lambda scene, client: restore(client, scene.compound, 1), _restored
    ),
    "preview": Action(
        EVERYONE,
        lambda scene, client: client.get(compound_url(scene.compound, "preview", 3)),
        _previewed,
    ),
    "share preview link": Action(
        PUBLISHERS,
        lambda scene, client: create_preview_link(client, latest_revision(scene.compound)),
        _shared_preview,
    ),
    "history": Action(
        EVERYONE,
        lambda scene, client: client.get(compound_url(scene.compound, "history")),
        _history_shown,
    ),
    "audit log": Action(
        EVERYONE,
        lambda scene, client: client.get(reverse("admin:compounds_auditevent_changelist")),
        _audit_log_shown,
    ),
    "delete a draft compound": Action(
        PUBLISHERS,
        lambda scene, client: as_browser(
            client.post(compound_url(scene.draft, "delete"), {"post": "yes"})
        ),
        _draft_deleted,
    ),
}


@pytest.mark.parametrize("action_name", ACTIONS)
@pytest.mark.parametrize("role", ROLES)
def test_each_role_may_do_exactly_what_its_permissions_allow(scene, role, action_name):
    action = ACTIONS[action_name]
    actor = make_user(role)
    client = signed_in(actor)
    if action.prepare:
        action.prepare(scene, client)
    counts, public = workflow_counts(), public_state(scene)

    response = action.perform(scene, client)

    if role in action.allowed:
        assert response.status_code in (200, 302), response.status_code
        assert not getattr(response, "errors", []), response.errors
        action.succeeded(scene, actor, response)
    else:
        assert response.status_code == 403 or as_browser(response).errors, (
            f"{role} was not refused: {response.status_code}, {messages_of(response)}"
        )
        assert workflow_counts() == counts
        assert public_state(scene) == public


@pytest.mark.parametrize("role", ROLES)
def test_nobody_approves_a_revision_they_edited_not_even_a_superuser(scene, role):
    actor = make_user(role)
    client = signed_in(actor)
    edit(client, scene.compound, short_answer="Actor's own wording.")
    submit(scene.author, scene.compound)
    counts, public = workflow_counts(), public_state(scene)

    response = approve(client, pending_submission(scene.compound))

    assert response.errors
    assert workflow_counts() == counts
    assert public_state(scene) == public


@pytest.mark.parametrize(
    "view", ["history", "compare", "submit", "preview", "restore", "unpublish", "roll_back"]
)
def test_anonymous_visitors_are_sent_to_the_admin_login(scene, view):
    args = {"preview": [1], "restore": [1], "roll_back": [scene.first_publication.pk]}
    url = compound_url(scene.compound, view, *args.get(view, []))
    counts, public = workflow_counts(), public_state(scene)

    response = Client().post(url, {"comment": "Anonymous", "summary": "Anonymous"})

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))
    assert workflow_counts() == counts
    assert public_state(scene) == public
