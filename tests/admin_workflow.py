"""Drive the editorial workflow through the admin as its users do: each person in their own
browser (test client), posting the forms the admin pages show."""

import re
from html import unescape

from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django.utils.html import strip_tags

from compounds.models import (
    AuditEvent,
    Compound,
    Decision,
    MonographRevision,
    Publication,
    Submission,
)
from compounds.workflow.states import with_workflow_state
from compounds.working_copy.document import build_monograph, monograph_queryset
from tests.admin_forms import form_errors, post_change


def signed_in(user):
    """A browser of its own, signed in as `user`."""
    client = Client()
    client.force_login(user)
    return client


def as_browser(response):
    """Follow a redirect as a browser does, so each message is read once, on the page it shows.

    The messages shown are kept on `response.messages`, the errors among them on
    `response.errors`; `response` itself is returned unchanged (a 302 stays a 302).
    """
    if hasattr(response, "messages"):
        return response
    shown = response
    if response.status_code == 302:
        shown = response.client.get(response["Location"])
    context = shown.context
    messages = list(context["messages"]) if context is not None and "messages" in context else []
    response.messages = [str(message) for message in messages]
    response.errors = [str(message) for message in messages if message.level_tag == "error"]
    return response


def messages_of(response):
    """The messages the page shown after `response` displays (see as_browser)."""
    if not hasattr(response, "messages"):
        as_browser(response)
    return response.messages


def compound_url(compound, view, *args):
    return reverse(f"admin:compounds_compound_{view}", args=[compound.pk, *args])


def edit(client, obj, note="Edited for a test", **changes):
    """Save obj's change form with `changes` (and, on a compound, a change note); it must save."""
    response = post_change(client, obj, change_note=note, **changes)
    assert response.status_code == 302, form_errors(response) or messages_of(response)
    return as_browser(response)


def submit(client, compound, summary="Ready for review"):
    return as_browser(client.post(compound_url(compound, "submit"), {"summary": summary}))


def pending_submission(compound):
    return Submission.objects.filter(compound=compound, decision__isnull=True).get()


def decision_url(submission):
    return reverse("admin:compounds_submission_change", args=[submission.pk])


def approve(client, submission, comment="Checked against the sources.", effective_at=None):
    """Press "Approve" on the review page; `effective_at` is typed as a datetime-local input."""
    data = {"approve": "1", "comment": comment}
    if effective_at is not None:
        data["effective_at"] = timezone.localtime(effective_at).strftime("%Y-%m-%dT%H:%M")
    return as_browser(client.post(decision_url(submission), data))


def request_changes(client, submission, comment="Please cite the 2023 update."):
    return as_browser(
        client.post(decision_url(submission), {"request_changes": "1", "comment": comment})
    )


def submit_and_approve(author_client, reviewer_client, compound, summary="Ready for review"):
    """Publish the compound's latest version: one person submits, another approves."""
    response = submit(author_client, compound, summary)
    assert response.status_code == 302, messages_of(response)
    submission = pending_submission(compound)
    response = approve(reviewer_client, submission)
    assert response.status_code == 302, messages_of(response)
    return Publication.objects.get(submission=submission)


def restore(client, compound, number):
    return as_browser(client.post(compound_url(compound, "restore", number)))


def unpublish(client, compound, comment="Withdrawn pending a safety review."):
    data = {"comment": comment, "confirm": "on"}
    return as_browser(client.post(compound_url(compound, "unpublish"), data))


def roll_back(client, publication, comment="The new wording overstated the evidence."):
    url = compound_url(publication.compound, "roll_back", publication.pk)
    return as_browser(client.post(url, {"comment": comment, "confirm": "on"}))


def create_preview_link(client, revision):
    return as_browser(client.post(compound_url(revision.compound, "preview_link", revision.number)))


def workflow_counts():
    """How many rows each append-only workflow table holds."""
    return {
        model.__name__: model.objects.count()
        for model in (MonographRevision, Submission, Decision, Publication, AuditEvent)
    }


# Reading what the workflow did, as a visitor or from its tables.

anonymous = Client


def page(compound_or_slug):
    slug = getattr(compound_or_slug, "slug", compound_or_slug)
    return anonymous().get(f"/compounds/{slug}/")


def public_json(compound_or_slug):
    slug = getattr(compound_or_slug, "slug", compound_or_slug)
    return anonymous().get(f"/compounds/{slug}.json")


def index():
    return anonymous().get("/")


def public_views(compound):
    """Everything a visitor can fetch about a compound, byte for byte."""
    return {
        "page": page(compound).content,
        "json": public_json(compound).content,
        "index": index().content,
    }


def state(compound):
    return with_workflow_state(Compound.objects.all()).get(pk=compound.pk).workflow_state


def audit_rows(action=None):
    events = AuditEvent.objects.order_by("id")
    return list(events.filter(action=action) if action else events)


def working_copy_document(compound):
    return build_monograph(monograph_queryset().get(pk=compound.pk))


_DIFF_ROW = re.compile(
    r'<th scope="row" class="diff-field">(.*?)</th>\s*'
    r'<td class="diff-before">(.*?)</td>\s*<td class="diff-after">(.*?)</td>',
    re.DOTALL,
)


def diff_rows(response):
    """(field, before, after) for every changed field the compare page shows, as read."""
    text = response.content.decode()
    return [
        tuple(unescape(strip_tags(cell)).strip() for cell in row) for row in _DIFF_ROW.findall(text)
    ]


def assert_nothing_published(counts_before):
    counts = workflow_counts()
    for model in ("Publication", "Decision"):
        assert counts[model] == counts_before[model], f"a refused action wrote a {model}"
    assert counts == counts_before
