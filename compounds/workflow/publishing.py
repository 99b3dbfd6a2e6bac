"""The editorial workflow's verbs: submit, approve, request changes, unpublish, roll back, restore,
delete, preview links.

Each verb checks who may do it, writes append-only rows, logs an audit event and notifies by
e-mail. Views and commands call these; none of them writes workflow rows itself.
"""

import calendar
import datetime

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from compounds.working_copy.models import Compound

from . import pages
from .epoch import publications_changed
from .models import (
    AuditEvent,
    Decision,
    MonographRevision,
    Publication,
    Submission,
    deleting_history_of,
)
from .revisions import (
    content_hash,
    latest_revision,
    record_requested_revisions,
    record_revision,
    restore_revision,
)

PREVIEW_SALT = "compounds.preview"


def can_edit(user):
    return user.is_active and user.has_perm("compounds.change_compound")


def can_approve(user):
    return user.is_active and user.has_perm("compounds.approve_monograph")


def can_publish(user):
    return user.is_active and user.has_perm("compounds.publish_monograph")


def _require(allowed, message):
    if not allowed:
        raise PermissionDenied(message)


def _day(moment):
    return f"{moment.day} {moment:%B %Y}"


def display_name(user):
    return (user.get_full_name() or user.get_username()) if user else "the system"


# Events that change what visitors see: every cached public page is out of date after them.
PUBLIC_ACTIONS = {
    AuditEvent.Action.PUBLISH,
    AuditEvent.Action.UNPUBLISH,
    AuditEvent.Action.ROLL_BACK,
    AuditEvent.Action.DELETE,
}


def log(action, compound, user, monograph_revision=None, comment="", content_hash=""):
    """Append an audit event (and let the page cache know when visitors' pages change)."""
    if action in PUBLIC_ACTIONS:
        publications_changed()
    return AuditEvent.objects.create(
        action=action,
        compound=compound,
        compound_name=compound.name,
        revision_number=monograph_revision.number if monograph_revision else None,
        content_hash=content_hash
        or (monograph_revision.content_hash if monograph_revision else ""),
        user=user,
        username=user.get_username() if user else "",
        comment=comment,
    )


def pending_submission(compound):
    return (
        compound.submissions.filter(decision__isnull=True)
        .select_related("monograph_revision", "submitted_by")
        .first()
    )


def live_publication(compound):
    return Publication.objects.current().filter(compound=compound).first()


def published_before(submission):
    """The publication a submission proposes to replace: the newest approval or roll-back recorded
    before it was made."""
    return submission.compound.publications.filter(
        created_at__lt=submission.submitted_at
    ).newest_approval_or_roll_back()


@transaction.atomic
def submit(compound, user, summary):
    """Ask reviewers to publish the latest version of the compound exactly as it is now."""
    _require(can_edit(user), "You may not submit monographs for approval.")
    if not summary.strip():
        raise ValidationError({"summary": "Summarise what changed for the reviewer."})
    compound = Compound.objects.select_for_update().get(pk=compound.pk)
    record_requested_revisions(Compound.objects.filter(pk=compound.pk))  # shared records changed
    revision = latest_revision(compound) or record_revision(compound, user, "First version")
    live = live_publication(compound)
    if live and live.content_hash == revision.content_hash:
        raise ValidationError("Nothing to submit: this version is already live.")
    replaced = pending_submission(compound)
    if replaced:
        Decision.objects.create(
            submission=replaced,
            verdict=Decision.Verdict.SUPERSEDED,
            comment="Replaced by a newer submission.",
            decided_by=user,
        )
    submission = Submission.objects.create(
        compound=compound,
        monograph_revision=revision,
        content_hash=revision.content_hash,
        summary=summary.strip(),
        submitted_by=user,
    )
    log(AuditEvent.Action.SUBMIT, compound, user, revision, summary)
    _notify(
        _approvers().exclude(pk=user.pk),
        f"Awaiting your approval: {compound.name}",
        f"{display_name(user)} submitted revision {revision.number} of {compound.name}:\n\n"
        f"{summary}\n\nApprove it or send it back at "
        f"{_admin_url('admin:compounds_submission_change', submission)}",
    )
    return submission


def _check_decision(submission, user):
    _require(can_approve(user), "You may not approve monographs or send them back.")
    if hasattr(submission, "decision"):
        raise ValidationError("This submission has already been decided.")
    four_eyes = (
        Submission.objects.with_four_eyes(user)
        .values("submitted_by_user", "edited_by_user")
        .get(pk=submission.pk)
    )
    if four_eyes["submitted_by_user"]:
        raise PermissionDenied("Four eyes: you cannot decide on a revision you submitted.")
    if four_eyes["edited_by_user"]:
        raise PermissionDenied(
            "Four eyes: this revision contains your own edits that no other reviewer has "
            "approved yet, so another reviewer must decide on it."
        )


def reapproval_due_after(moment):
    """The date a publication's next review falls due (settings.MONOGRAPH_REAPPROVAL_MONTHS)."""
    months = settings.MONOGRAPH_REAPPROVAL_MONTHS
    date = timezone.localtime(moment).date()
    month_index = date.month - 1 + months
    year, month = date.year + month_index // 12, month_index % 12 + 1
    return datetime.date(year, month, min(date.day, calendar.monthrange(year, month)[1]))


@transaction.atomic
def approve(submission, user, comment="", effective_at=None):
    """Publish exactly the submitted revision's document, now or at `effective_at`."""
    submission = Submission.objects.select_for_update().get(pk=submission.pk)
    _check_decision(submission, user)
    revision = submission.monograph_revision
    document = revision.document
    if content_hash(document) != submission.content_hash:
        raise ValidationError(
            f"Revision {revision.number} no longer matches the content that was submitted (its "
            "document's hash differs), so it cannot be published. Nothing was published."
        )
    effective_at = effective_at or timezone.now()
    Decision.objects.create(
        submission=submission,
        verdict=Decision.Verdict.APPROVED,
        comment=comment,
        decided_by=user,
    )
    publication = Publication.objects.create(
        compound=submission.compound,
        kind=Publication.Kind.APPROVAL,
        monograph_revision=revision,
        submission=submission,
        slug=document["compound"]["slug"],
        document=document,
        content_hash=submission.content_hash,
        comment=comment,
        published_by=user,
        approver_name=display_name(user),
        author_name=display_name(submission.submitted_by),
        change_summary=submission.summary,
        effective_at=effective_at,
        reapproval_due=reapproval_due_after(effective_at),
    )
    pages.store(publication.pk)
    log(AuditEvent.Action.APPROVE, submission.compound, user, revision, comment)
    log(
        AuditEvent.Action.PUBLISH,
        submission.compound,
        user,
        revision,
        f"In effect from {effective_at:%d %b %Y %H:%M}",
    )
    _notify(
        [submission.submitted_by],
        f"Approved: {submission.compound.name}",
        f"{display_name(user)} approved revision {revision.number} of "
        f"{submission.compound.name}; it is public from {effective_at:%d %b %Y %H:%M %Z}.\n\n"
        f"{comment}",
    )
    return publication


@transaction.atomic
def request_changes(submission, user, comment):
    """Send a submission back to its author with what to change."""
    submission = Submission.objects.select_for_update().get(pk=submission.pk)
    _check_decision(submission, user)
    if not comment.strip():
        raise ValidationError({"comment": "Say what needs to change."})
    decision = Decision.objects.create(
        submission=submission,
        verdict=Decision.Verdict.CHANGES_REQUESTED,
        comment=comment.strip(),
        decided_by=user,
    )
    log(
        AuditEvent.Action.REQUEST_CHANGES,
        submission.compound,
        user,
        submission.monograph_revision,
        comment,
    )
    _notify(
        [submission.submitted_by],
        f"Changes requested: {submission.compound.name}",
        f"{display_name(user)} sent revision {submission.monograph_revision.number} of "
        f"{submission.compound.name} back:\n\n{comment}",
    )
    return decision


@transaction.atomic
def unpublish(compound, user, comment):
    """Take a compound off the public site from now on."""
    _require(can_publish(user), "You may not unpublish monographs.")
    if not comment.strip():
        raise ValidationError(
            {"comment": "Give the reason for unpublishing: the audit log keeps it."}
        )
    compound = Compound.objects.select_for_update().get(pk=compound.pk)
    live = live_publication(compound)
    if live is None:
        raise ValidationError(f"{compound.name} is not live.")
    publication = Publication.objects.create(
        compound=compound,
        kind=Publication.Kind.WITHDRAWAL,
        comment=comment.strip(),
        published_by=user,
        approver_name=display_name(user),
    )
    log(AuditEvent.Action.UNPUBLISH, compound, user, live.monograph_revision, comment)
    return publication


@transaction.atomic
def roll_back(publication, user, comment):
    """Show visitors an earlier publication's document again, from now on."""
    _require(can_publish(user), "You may not roll monographs back.")
    Compound.objects.select_for_update().filter(pk=publication.compound_id).first()
    now = timezone.now()
    publication = Publication.objects.select_related("compound").get(pk=publication.pk)
    if publication.kind == Publication.Kind.WITHDRAWAL:
        raise ValidationError("Choose a publication that showed a monograph.")
    if not Publication.objects.shown(now).filter(pk=publication.pk).exists():
        raise ValidationError(
            "Visitors have not been shown this publication yet (it is scheduled for "
            f"{timezone.localtime(publication.effective_at):%d %b %Y %H:%M}): a roll-back returns "
            "to a version that was live."
        )
    if content_hash(publication.document) != publication.content_hash:
        raise ValidationError(
            f"The publication of {_day(publication.effective_at)} no longer matches its content "
            "hash, so it cannot be shown again. Nothing was published."
        )
    rollback = Publication.objects.create(
        compound=publication.compound,
        kind=Publication.Kind.ROLLBACK,
        monograph_revision=publication.monograph_revision,
        slug=publication.slug,
        document=publication.document,
        content_hash=publication.content_hash,
        comment=comment,
        published_by=user,
        approver_name=publication.approver_name,
        author_name=publication.author_name,
        change_summary=f"Returned to the version approved on {_day(publication.approved_at)}.",
        approved_at=publication.approved_at,
        effective_at=now,
        reapproval_due=publication.reapproval_due,
    )
    pages.store(rollback.pk)
    log(
        AuditEvent.Action.ROLL_BACK,
        publication.compound,
        user,
        publication.monograph_revision,
        comment or f"Back to the publication of {publication.effective_at:%d %b %Y %H:%M}",
    )
    return rollback


@transaction.atomic
def delete_compound(compound, user):
    """Delete a compound with its whole history; the audit log keeps the deletion."""
    _require(
        user.is_active and user.has_perm("compounds.delete_compound"),
        "You may not delete compounds.",
    )
    log(AuditEvent.Action.DELETE, compound, user, latest_revision(compound))
    deleting_history_of(compound)
    compound.delete()


def restore(monograph_revision, user):
    """Make an earlier version the working copy again; it then needs approval like any edit."""
    _require(can_edit(user), "You may not edit monographs.")
    restored = restore_revision(monograph_revision, user)
    compound = monograph_revision.compound
    log(
        AuditEvent.Action.RESTORE,
        compound,
        user,
        restored or latest_revision(compound),
        f"Restored from revision {monograph_revision.number}",
    )
    return restored


def preview_token(monograph_revision, user):
    """A signed token for a read-only preview of one revision, for someone without an account."""
    _require(can_approve(user), "Only reviewers can share preview links.")
    log(
        AuditEvent.Action.PREVIEW_LINK,
        monograph_revision.compound,
        user,
        monograph_revision,
        f"Valid for {settings.PREVIEW_LINK_MAX_AGE // 86400} days",
    )
    return signing.dumps({"revision": monograph_revision.pk}, salt=PREVIEW_SALT)


def revision_for_preview_token(token):
    """The revision a preview token names, or None when it is forged or expired."""
    try:
        payload = signing.loads(token, salt=PREVIEW_SALT, max_age=settings.PREVIEW_LINK_MAX_AGE)
    except signing.BadSignature:
        return None
    return MonographRevision.objects.filter(pk=payload.get("revision")).first()


def _approvers():
    permission = Permission.objects.get(
        codename="approve_monograph", content_type__app_label="compounds"
    )
    return (
        get_user_model()
        .objects.filter(is_active=True)
        .filter(
            Q(is_superuser=True)
            | Q(user_permissions=permission)
            | Q(groups__permissions=permission)
        )
        .distinct()
    )


def _notify(users, subject, body):
    recipients = sorted({user.email for user in users if user.email})
    if recipients:
        one_line = " ".join(subject.split())  # a name with a line break cannot add headers
        send_mail(f"[Peptara] {one_line}", body, None, recipients)


def _admin_url(name, obj):
    return f"{settings.SITE_URL}{reverse(name, args=[obj.pk])}"
