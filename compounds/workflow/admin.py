"""The admin's registrations: every edit made there is a version of a monograph.

The layouts content staff edit in come from working_copy/admin.py; this adds what makes them a
workflow: each save of the compound page records a revision of the whole monograph, a stale form is
refused, and editing a shared record flags every monograph that shows it. Submissions,
publications and the audit log are read-only here; their verbs are in publishing.py.
"""

from datetime import timedelta

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from reversion.admin import VersionAdmin

from compounds.working_copy.admin import (
    CompoundEditing,
    ReferenceEditing,
    ResearchAreaEditing,
    SiteSettingsEditing,
)
from compounds.working_copy.aggregate import (
    compounds_citing,
    compounds_comparing_with,
    compounds_in_research_area,
)
from compounds.working_copy.models import Compound, SiteSettings
from evidence.models import Reference, ResearchArea

from . import publishing
from .admin_views import MonographWorkflowViews, message_for
from .diff import diff_monographs
from .forms import ApproveForm, CommentForm, CompoundVersionForm
from .models import AuditEvent, Decision, MonographRevision, Publication, Submission
from .publishing import live_publication, pending_submission
from .revisions import (
    latest_revision,
    record_requested_revisions,
    record_revision,
    request_revisions,
)
from .states import WorkflowState, with_workflow_state


class WorkflowStateFilter(admin.SimpleListFilter):
    title = "state"
    parameter_name = "state"

    def lookups(self, request, model_admin):
        return WorkflowState.choices

    def queryset(self, request, queryset):
        return queryset.filter(workflow_state=self.value()) if self.value() else queryset


class ReapprovalDueFilter(admin.SimpleListFilter):
    title = "next review"
    parameter_name = "reapproval"

    def lookups(self, request, model_admin):
        return [("overdue", "Overdue"), ("due_soon", "Due within 30 days")]

    def queryset(self, request, queryset):
        today = timezone.localdate()
        if self.value() == "overdue":
            return queryset.filter(reapproval_due__lt=today)
        if self.value() == "due_soon":
            soon = today + timedelta(30)
            return queryset.filter(reapproval_due__gte=today, reapproval_due__lte=soon)
        return queryset


@admin.register(Compound)
class CompoundAdmin(MonographWorkflowViews, CompoundEditing):
    form = CompoundVersionForm
    change_form_template = "admin/compounds/compound/change_form.html"
    list_display = ("name", "state", "live_since", "reapproval_due", "updated_at")
    list_filter = (WorkflowStateFilter, ReapprovalDueFilter, "kind", "human_evidence")
    date_hierarchy = "updated_at"
    fieldsets = (
        ("Change note", {"fields": ("change_note", "based_on_revision")}),
        *CompoundEditing.fieldsets,
    )

    def get_queryset(self, request):
        return with_workflow_state(super().get_queryset(request))

    @admin.display(description="state", ordering="workflow_state")
    def state(self, compound):
        return WorkflowState(compound.workflow_state).label

    @admin.display(description="live since", ordering="live_since")
    def live_since(self, compound):
        return compound.live_since

    @admin.display(description="next review due", ordering="reapproval_due")
    def reapproval_due(self, compound):
        return compound.reapproval_due

    def change_view(self, request, object_id, form_url="", extra_context=None):
        compound = self.get_object(request, object_id)
        if compound is not None:
            extra_context = {
                **(extra_context or {}),
                "workflow": {
                    "state": WorkflowState(compound.workflow_state).label,
                    "pending": pending_submission(compound),
                    "latest": latest_revision(compound),
                    "live": live_publication(compound),
                    "waiting": compound.revision_requests.waiting().first(),
                    "sent_back": compound.submissions.filter(decision__verdict="changes_requested")
                    .select_related("decision__decided_by")
                    .first()
                    if compound.workflow_state == WorkflowState.CHANGES_REQUESTED
                    else None,
                },
            }
        return super().change_view(request, object_id, form_url, extra_context)

    def get_deleted_objects(self, objs, request):
        """A compound's versions, submissions and publications go with it: whoever may delete
        the compound needs no delete permission on those append-only rows (the audit log keeps
        the deletion)."""
        deleted, counts, perms_needed, protected = super().get_deleted_objects(objs, request)
        lifecycle = {
            str(model._meta.verbose_name)
            for model in (MonographRevision, Submission, Decision, Publication)
        }
        return deleted, counts, perms_needed - lifecycle, protected

    def delete_model(self, request, obj):
        publishing.delete_compound(obj, request.user)

    def delete_queryset(self, request, queryset):
        for compound in queryset:
            publishing.delete_compound(compound, request.user)

    def save_model(self, request, obj, form, change):
        request.change_note = form.cleaned_data.get("change_note", "").strip()
        super().save_model(request, obj, form, change)

    def _record_revision(self, request, obj, entry):
        """Every save of the compound page records one version of the whole monograph."""
        note = getattr(request, "change_note", "") or entry.get_change_message()
        record_revision(obj, request.user, note or "Saved without changes to the page.")
        comparing = compounds_comparing_with(obj)
        request_revisions(comparing, request.user, f"Compared compound {obj.name} changed")
        record_requested_revisions(comparing)
        return entry

    def log_addition(self, request, obj, message):
        return self._record_revision(request, obj, super().log_addition(request, obj, message))

    def log_change(self, request, obj, message):
        return self._record_revision(request, obj, super().log_change(request, obj, message))


class SharedRecordAdmin(VersionAdmin):
    """Admin for a record many monographs show: its own history, and pinned monographs.

    Live pages keep the version they were approved with; every monograph showing the record is
    asked for a new revision, so it reads "live, with unpublished changes" until a reviewer
    approves it. The monographs citing a reference or in a research area are recorded at once;
    a record every monograph shows only flags them here (see SiteSettingsAdmin).
    """

    records_at_once = True

    def monographs_showing(self, obj):
        raise NotImplementedError

    def change_reason(self, obj):
        """The note of the revisions a change to `obj` asks for."""
        return f"Shared {obj._meta.verbose_name} '{obj}' changed"

    def _record_monographs(self, request, response, object_id=None):
        saved = request.method == "POST" and response.status_code == 302
        obj = self.get_object(request, object_id) if saved and object_id else None
        if obj is not None:
            showing = self.monographs_showing(obj)
            request_revisions(showing, request.user, self.change_reason(obj))
            if self.records_at_once:
                record_requested_revisions(showing)
        return response

    # VersionAdmin records the shared record's own revision inside these views; the monographs'
    # revisions are separate, so they are recorded once that revision is closed.
    def change_view(self, request, object_id, form_url="", extra_context=None):
        response = super().change_view(request, object_id, form_url, extra_context)
        return self._record_monographs(request, response, object_id)


@admin.register(Reference)
class ReferenceAdmin(SharedRecordAdmin, ReferenceEditing):
    def monographs_showing(self, reference):
        return compounds_citing(reference)


@admin.register(ResearchArea)
class ResearchAreaAdmin(SharedRecordAdmin, ResearchAreaEditing):
    def monographs_showing(self, area):
        return compounds_in_research_area(area)


@admin.register(SiteSettings)
class SiteSettingsAdmin(SharedRecordAdmin, SiteSettingsEditing):
    # Every monograph shows the wording: recording each here would make the request grow with
    # the catalogue. They wait until each is saved or submitted, or `record_pending_revisions`.
    records_at_once = False

    def monographs_showing(self, site_settings):
        return Compound.objects.all()

    def change_reason(self, site_settings):
        return "Site-wide wording changed"

    def has_add_permission(self, request):
        return not SiteSettings.objects.exists() and super().has_add_permission(request)

    def has_delete_permission(self, request, obj=None):
        return False


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class AwaitingFilter(admin.SimpleListFilter):
    title = "status"
    parameter_name = "status"

    def lookups(self, request, model_admin):
        return [
            ("mine", "Awaiting my approval"),
            ("pending", "Awaiting approval"),
            ("decided", "Decided"),
        ]

    def queryset(self, request, queryset):
        if self.value() == "mine":
            return queryset.filter(pk__in=Submission.objects.awaiting(request.user).values("pk"))
        if self.value() == "pending":
            return queryset.filter(decision__isnull=True)
        if self.value() == "decided":
            return queryset.filter(decision__isnull=False)
        return queryset


@admin.register(Submission)
class SubmissionAdmin(ReadOnlyAdmin):
    list_display = ("compound", "revision_number", "submitter", "submitted_at", "status")
    list_filter = (AwaitingFilter,)
    list_select_related = ("compound", "monograph_revision", "submitted_by", "decision")
    search_fields = ("compound__name", "summary")

    def get_queryset(self, request):
        return super().get_queryset(request).defer("monograph_revision__document")

    @admin.display(description="revision")
    def revision_number(self, submission):
        return submission.monograph_revision.number

    @admin.display(description="submitted by", ordering="submitted_by")
    def submitter(self, submission):
        return publishing.display_name(submission.submitted_by)

    @admin.display(description="status")
    def status(self, submission):
        decision = getattr(submission, "decision", None)
        return decision.get_verdict_display() if decision else "Awaiting approval"

    def change_view(self, request, object_id, form_url="", extra_context=None):
        submission = get_object_or_404(
            Submission.objects.select_related(
                "compound", "monograph_revision__revision__user", "submitted_by"
            ),
            pk=object_id,
        )
        if not self.has_view_permission(request, submission):
            raise PermissionDenied
        # Two forms share field names on one page: distinct ids keep each label on its own field.
        approve_form = ApproveForm(
            request.POST if "approve" in request.POST else None, auto_id="approve_%s"
        )
        changes_form = CommentForm(
            request.POST if "request_changes" in request.POST else None, auto_id="changes_%s"
        )
        if request.method == "POST":
            response = self._decide(request, submission, approve_form, changes_form)
            if response:
                return response
        base = publishing.published_before(submission)
        return TemplateResponse(
            request,
            "admin/compounds/submission/decide.html",
            {
                **self.admin_site.each_context(request),
                "opts": self.model._meta,
                "title": f"Decide on {submission}",
                "submission": submission,
                "decision": getattr(submission, "decision", None),
                "base": base,
                "diff": diff_monographs(
                    base.document if base else None, submission.monograph_revision.document
                ),
                "approve_form": approve_form,
                "changes_form": changes_form,
                "can_approve": publishing.can_approve(request.user),
            },
        )

    def _decide(self, request, submission, approve_form, changes_form):
        try:
            if "approve" in request.POST and approve_form.is_valid():
                publication = publishing.approve(
                    submission,
                    request.user,
                    approve_form.cleaned_data["comment"],
                    approve_form.cleaned_data["effective_at"],
                )
                messages.success(
                    request,
                    f"Approved: {submission.compound.name} is public from "
                    f"{timezone.localtime(publication.effective_at):%d %b %Y %H:%M}.",
                )
            elif "request_changes" in request.POST and changes_form.is_valid():
                publishing.request_changes(
                    submission, request.user, changes_form.cleaned_data["comment"]
                )
                messages.success(
                    request, f"{submission.compound.name} was sent back to its author."
                )
            else:
                return None
        except (PermissionDenied, ValidationError) as error:
            messages.error(request, message_for(error))
            return None
        return HttpResponseRedirect(reverse("admin:compounds_submission_changelist"))


@admin.register(Publication)
class PublicationAdmin(ReadOnlyAdmin):
    list_display = (
        "compound",
        "kind",
        "effective_at",
        "approver_name",
        "published_by",
        "revision_number",
        "reapproval_due",
    )
    list_filter = ("kind",)
    list_select_related = ("compound", "published_by", "monograph_revision")
    search_fields = ("compound__name", "comment")
    exclude = ("document",)

    def get_queryset(self, request):
        return super().get_queryset(request).defer("document", "monograph_revision__document")

    @admin.display(description="revision")
    def revision_number(self, publication):
        return publication.monograph_revision.number if publication.monograph_revision else "–"


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdmin):
    list_display = (
        "created_at",
        "action",
        "compound_name",
        "revision_number",
        "short_hash",
        "username",
        "comment",
    )
    list_filter = ("action",)
    search_fields = ("compound_name", "username", "comment", "content_hash")
    date_hierarchy = "created_at"

    @admin.display(description="content hash")
    def short_hash(self, event):
        return event.content_hash[:12]
