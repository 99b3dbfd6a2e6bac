"""The admin home page's editorial dashboard: what waits for each person."""

from django.db.models import OuterRef, Subquery

from compounds.working_copy.models import Compound

from .models import MonographRevision, RevisionRequest, Submission
from .publishing import can_approve, can_edit
from .states import WorkflowState, with_workflow_state


def dashboard(user):
    """What waits for this person: approvals for reviewers, drafts and send-backs for authors."""
    panels = {}
    if can_approve(user):
        panels["awaiting_approval"] = list(
            Submission.objects.awaiting(user)
            .select_related("compound", "monograph_revision", "submitted_by")
            .defer("monograph_revision__document")
            .order_by("submitted_at")[:20]
        )
    if can_edit(user):
        panels["waiting_revisions"] = (
            RevisionRequest.objects.waiting().values("compound").distinct().count()
        )
        latest_author = (
            MonographRevision.objects.filter(compound=OuterRef("pk"))
            .order_by("-number")
            .values("revision__user")[:1]
        )
        panels["my_drafts"] = list(
            with_workflow_state(Compound.objects.all())
            .annotate(latest_author=Subquery(latest_author))
            .filter(
                latest_author=user.pk,
                workflow_state__in=[WorkflowState.DRAFT, WorkflowState.LIVE_WITH_CHANGES],
            )
            .order_by("-updated_at")[:20]
        )
        latest_submission = (
            Submission.objects.filter(compound=OuterRef("compound"))
            .order_by("-submitted_at", "-id")
            .values("pk")[:1]
        )
        panels["sent_back"] = list(
            Submission.objects.filter(
                submitted_by=user,
                decision__verdict="changes_requested",
                pk=Subquery(latest_submission),
            )
            .select_related("compound", "decision__decided_by")
            .defer("monograph_revision__document")
            .order_by("-decision__decided_at")[:20]
        )
    return {"dashboard": panels}
