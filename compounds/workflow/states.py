"""Where each compound stands in the workflow, as the admin's lists and filters show it."""

from django.db import models
from django.db.models import Case, Exists, F, OuterRef, Subquery, Value, When
from django.utils import timezone

from .models import MonographRevision, Publication, RevisionRequest, Submission


class WorkflowState(models.TextChoices):
    DRAFT = "draft", "Draft (never published)"
    LIVE = "live", "Live"
    LIVE_WITH_CHANGES = "live_with_changes", "Live, with unpublished changes"
    SUBMITTED = "submitted", "Submitted for approval"
    CHANGES_REQUESTED = "changes_requested", "Changes requested"
    SCHEDULED = "scheduled", "Scheduled"
    WITHDRAWN = "withdrawn", "Withdrawn"


def with_workflow_state(compounds, now=None):
    """`compounds` annotated with `workflow_state`, `live_since` and `reapproval_due`, in the same
    query."""
    now = now or timezone.now()
    compound = OuterRef("pk")
    current = Publication.objects.current(now).filter(compound=compound)
    in_effect = Publication.objects.in_effect(now).filter(compound=compound)
    latest_hash = (
        MonographRevision.objects.filter(compound=compound)
        .order_by("-number")
        .values("content_hash")[:1]
    )
    last_decision = (
        Submission.objects.filter(compound=compound)
        .order_by("-submitted_at", "-id")
        .values("decision__verdict")[:1]
    )
    return compounds.annotate(
        last_decision=Subquery(last_decision),
        latest_hash=Subquery(latest_hash),
        live_hash=Subquery(current.values("content_hash")[:1]),
        live_since=Subquery(current.values("effective_at")[:1]),
        reapproval_due=Subquery(current.values("reapproval_due")[:1]),
        workflow_state=Case(
            When(
                Exists(Submission.objects.filter(compound=compound, decision__isnull=True)),
                then=Value(WorkflowState.SUBMITTED),
            ),
            When(
                Exists(Publication.objects.scheduled(now).filter(compound=compound)),
                then=Value(WorkflowState.SCHEDULED),
            ),
            When(last_decision="changes_requested", then=Value(WorkflowState.CHANGES_REQUESTED)),
            When(
                Exists(in_effect.filter(kind=Publication.Kind.WITHDRAWAL)),
                then=Value(WorkflowState.WITHDRAWN),
            ),
            When(~Exists(current), then=Value(WorkflowState.DRAFT)),
            When(
                ~Exists(RevisionRequest.objects.waiting().filter(compound=compound)),
                live_hash=F("latest_hash"),
                then=Value(WorkflowState.LIVE),
            ),
            default=Value(WorkflowState.LIVE_WITH_CHANGES),
            output_field=models.CharField(),
        ),
    )
