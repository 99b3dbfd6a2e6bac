"""The editorial workflow in the admin: history, compare, preview, submit, approve, publish.

Views here only gather what a page shows and call the verbs in compounds/publishing.py, which
check permissions and the four-eyes rule on every path.
"""

from datetime import timedelta

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers

from . import publishing
from .diff import diff_monographs
from .models import AuditEvent, Publication, Submission
from .monograph_page import render_monograph
from .revisions import latest_revision


def _message_for(error):
    if isinstance(error, ValidationError):
        return " ".join(error.messages)
    return str(error) or "You may not do that."


class ApproveForm(forms.Form):
    comment = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text="Kept with the publication and in the audit log.",
    )
    effective_at = forms.DateTimeField(
        label="Go live at",
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
        help_text=f"Leave empty to publish now; a later time ({settings.TIME_ZONE}) schedules "
        "the publication.",
    )


class CommentForm(forms.Form):
    comment = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}))


class SubmitForm(forms.Form):
    summary = forms.CharField(
        label="Change summary",
        widget=forms.Textarea(attrs={"rows": 4, "cols": 80}),
        help_text="What changed and why, for the reviewer and the public change log.",
    )


class MonographWorkflowViews:
    """History, compare, preview and workflow actions for CompoundAdmin."""

    def get_urls(self):
        def view(function, name):
            return self.admin_site.admin_view(function), f"compounds_compound_{name}"

        routes = [
            ("compare/", self.compare_view, "compare"),
            ("preview/<int:number>/", self.preview_view, "preview"),
            ("preview-link/<int:number>/", self.preview_link_view, "preview_link"),
            ("submit/", self.submit_view, "submit"),
            ("restore/<int:number>/", self.restore_view, "restore"),
            ("unpublish/", self.unpublish_view, "unpublish"),
            ("roll-back/<int:publication_id>/", self.roll_back_view, "roll_back"),
        ]
        workflow = []
        for route, function, name in routes:
            wrapped, url_name = view(function, name)
            workflow.append(path(f"<path:object_id>/{route}", wrapped, name=url_name))
        return workflow + super().get_urls()

    def _compound(self, request, object_id):
        compound = self.get_object(request, object_id)
        if compound is None or not self.has_view_permission(request, compound):
            raise Http404("No such compound.")
        return compound

    def _redirect(self, compound, name="change"):
        return HttpResponseRedirect(reverse(f"admin:compounds_compound_{name}", args=[compound.pk]))

    def _render(self, request, template, compound, title, **context):
        return TemplateResponse(
            request,
            f"admin/compounds/compound/{template}",
            {
                **self.admin_site.each_context(request),
                "opts": self.model._meta,
                "original": compound,
                "title": title,
                **context,
            },
        )

    def history_view(self, request, object_id, extra_context=None):
        compound = self._compound(request, object_id)
        revisions = list(
            compound.revisions.defer("document")
            .select_related("revision__user")
            .order_by("-number")
        )
        publications = list(
            compound.publications.defer("document").select_related(
                "monograph_revision", "published_by"
            )
        )
        live = Publication.objects.current().filter(compound=compound).defer("document").first()
        pending = publishing.pending_submission(compound)
        return self._render(
            request,
            "history.html",
            compound,
            f"History of {compound.name}",
            revisions=revisions,
            publications=publications,
            live=live,
            pending=pending,
            can_edit=publishing.can_edit(request.user),
            can_approve=publishing.can_approve(request.user),
            can_publish=publishing.can_publish(request.user),
        )

    def _document(self, compound, choice, live):
        if choice == "live":
            return (live.document if live else None), "What is live"
        revision = get_object_or_404(compound.revisions, number=int(choice))
        return revision.document, f"Revision {revision.number}"

    def compare_view(self, request, object_id):
        compound = self._compound(request, object_id)
        live = Publication.objects.current().filter(compound=compound).first()
        latest = latest_revision(compound)
        before = request.GET.get("from") or "live"
        after = request.GET.get("to") or (str(latest.number) if latest else "live")
        try:
            old, old_label = self._document(compound, before, live)
            new, new_label = self._document(compound, after, live)
        except ValueError as error:
            raise Http404("Choose revisions by number, or 'live'.") from error
        return self._render(
            request,
            "compare.html",
            compound,
            f"{compound.name}: {old_label} compared with {new_label}",
            diff=diff_monographs(old, new),
            old_label=old_label,
            new_label=new_label,
            choices=compound.revisions.values_list("number", flat=True).order_by("-number"),
            before=before,
            after=after,
        )

    def preview_view(self, request, object_id, number):
        compound = self._compound(request, object_id)
        revision = get_object_or_404(compound.revisions.select_related("revision"), number=number)
        response = render_monograph(
            request, revision.document, preview={"revision": revision, "signed": False}
        )
        response["X-Robots-Tag"] = "noindex, nofollow"
        add_never_cache_headers(response)
        return response

    def preview_link_view(self, request, object_id, number):
        compound = self._compound(request, object_id)
        revision = get_object_or_404(compound.revisions, number=number)
        if request.method != "POST":
            return self._redirect(compound, "history")
        try:
            token = publishing.preview_token(revision, request.user)
        except PermissionDenied as error:
            messages.error(request, _message_for(error))
            return self._redirect(compound, "history")
        link = request.build_absolute_uri(reverse("compounds:signed_preview", args=[token]))
        return self._render(
            request,
            "preview_link.html",
            compound,
            f"Preview link for revision {revision.number} of {compound.name}",
            link=link,
            revision=revision,
            expires=timezone.now() + timedelta(seconds=settings.PREVIEW_LINK_MAX_AGE),
        )

    def submit_view(self, request, object_id):
        compound = self._compound(request, object_id)
        form = SubmitForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                submission = publishing.submit(compound, request.user, form.cleaned_data["summary"])
            except (PermissionDenied, ValidationError) as error:
                messages.error(request, _message_for(error))
            else:
                messages.success(
                    request,
                    f"Revision {submission.monograph_revision.number} of {compound.name} is "
                    "waiting for a reviewer's approval.",
                )
                return self._redirect(compound)
        live = Publication.objects.current().filter(compound=compound).first()
        latest = latest_revision(compound)
        return self._render(
            request,
            "submit.html",
            compound,
            f"Submit {compound.name} for approval",
            form=form,
            latest=latest,
            diff=diff_monographs(
                live.document if live else None, latest.document if latest else None
            ),
        )

    def _post_action(self, request, compound, action, success):
        if request.method != "POST":
            return self._redirect(compound, "history")
        try:
            result = action()
        except (PermissionDenied, ValidationError) as error:
            messages.error(request, _message_for(error))
        else:
            messages.success(request, success(result))
        return self._redirect(compound, "history")

    def restore_view(self, request, object_id, number):
        compound = self._compound(request, object_id)
        revision = get_object_or_404(compound.revisions, number=number)
        return self._post_action(
            request,
            compound,
            lambda: publishing.restore(revision, request.user),
            lambda restored: (
                f"Revision {number} is the working copy again, recorded as revision "
                f"{restored.number}. Submit it for approval to publish it."
                if restored
                else f"The working copy already matches revision {number}."
            ),
        )

    def unpublish_view(self, request, object_id):
        compound = self._compound(request, object_id)
        return self._post_action(
            request,
            compound,
            lambda: publishing.unpublish(compound, request.user, request.POST.get("comment", "")),
            lambda _: f"{compound.name} is no longer public.",
        )

    def roll_back_view(self, request, object_id, publication_id):
        compound = self._compound(request, object_id)
        publication = get_object_or_404(compound.publications, pk=publication_id)
        return self._post_action(
            request,
            compound,
            lambda: publishing.roll_back(
                publication, request.user, request.POST.get("comment", "")
            ),
            lambda _: (
                f"{compound.name} is public again as approved on "
                f"{publication.reviewed_at:%d %b %Y}."
            ),
        )


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
        return decision.get_outcome_display() if decision else "Awaiting approval"

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
            "admin/compounds/submission/review.html",
            {
                **self.admin_site.each_context(request),
                "opts": self.model._meta,
                "title": f"Review {submission}",
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
            messages.error(request, _message_for(error))
            return None
        return HttpResponseRedirect(reverse("admin:compounds_submission_changelist"))


@admin.register(Publication)
class PublicationAdmin(ReadOnlyAdmin):
    list_display = (
        "compound",
        "kind",
        "effective_at",
        "reviewer_name",
        "published_by",
        "revision_number",
        "review_due",
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
