from datetime import timedelta
from decimal import Decimal

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from reversion.admin import VersionAdmin

from evidence.models import GuidelineRecommendation, Outcome, Regimen, Review, SafetyNote
from evidence.numbers import format_decimal
from evidence.prose import embedded_outcome_tags

from .models import (
    MONOGRAPH_PROSE_FIELDS,
    AuditEvent,
    Comparison,
    Compound,
    Decision,
    FAQItem,
    MonographRevision,
    Publication,
    RegulatoryStatus,
    SiteSettings,
    Submission,
    WorkflowState,
    unknown_outcome_message,
)
from .publishing import display_name, live_publication, log, pending_submission
from .revisions import (
    compounds_comparing_with,
    latest_revision,
    record_dependent_revisions,
    record_revision,
)
from .workflow_admin import MonographWorkflowViews


def outcome_tags_in_submission(request):
    """Outcome tags the compound will have once this POST is saved (kept rows plus new ones).

    The compound form and its inlines are validated before any row is saved, so prose that embeds
    an outcome added in the same save is checked against the submitted outcome forms.
    """
    if request.method != "POST":
        return None
    data = request.POST
    prefix = OutcomeInline.prefix
    try:
        total = int(data.get(f"{prefix}-TOTAL_FORMS", 0))
    except ValueError:
        return set()
    return {
        data.get(f"{prefix}-{index}-tag", "").strip()
        for index in range(total)
        if not data.get(f"{prefix}-{index}-DELETE")
    } - {""}


class OutcomeEmbedsForm(forms.ModelForm):
    """Puts an error on each prose field that embeds an outcome the compound will not have."""

    outcome_tags = None  # set per request by the admin: tags after this save
    prose_fields = ()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():  # show 1.1, not the stored 1.1000
            if isinstance(field, forms.DecimalField) and self.initial.get(name) is not None:
                self.initial[name] = Decimal(format_decimal(self.initial[name], min_places=0))

    def clean(self):
        cleaned_data = super().clean()
        if self.outcome_tags is None:
            return cleaned_data
        for name in self.prose_fields:
            unknown = set(embedded_outcome_tags(cleaned_data.get(name) or "")) - self.outcome_tags
            if unknown:
                self.add_error(name, unknown_outcome_message(unknown))
        return cleaned_data


class CompoundForm(OutcomeEmbedsForm):
    prose_fields = MONOGRAPH_PROSE_FIELDS
    change_note = forms.CharField(
        max_length=300,
        required=False,
        help_text="What you changed and why; kept with this version in the history.",
        widget=forms.TextInput(attrs={"size": 80}),
    )
    based_on_revision = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            latest = latest_revision(self.instance)
            self.initial["based_on_revision"] = latest.number if latest else 0

    @property
    def changed_data(self):
        """What changed on the monograph: the note and the version marker are not content."""
        bookkeeping = {"change_note", "based_on_revision"}
        return [name for name in super().changed_data if name not in bookkeeping]

    def clean(self):
        """Refuse to overwrite a version saved by someone else since this form was opened."""
        cleaned_data = super().clean()
        if self.instance.pk:
            Compound.objects.select_for_update().filter(pk=self.instance.pk).first()
            latest = latest_revision(self.instance)
            opened_at = cleaned_data.get("based_on_revision") or 0
            if latest and latest.number != opened_at:
                who = display_name(latest.author) if latest.author else "Someone"
                raise ValidationError(
                    f"{who} saved a newer version of this monograph (revision {latest.number}, "
                    f"{timezone.localtime(latest.created_at):%d %b %Y at %H:%M}) while you were "
                    "editing. Nothing you typed was saved and it is still in the form below: "
                    "open the history to see their change, then reload this page and apply "
                    "yours again.",
                    code="stale",
                )
        return cleaned_data


# Monograph text is long: give one-line fields room to be read while typed.
WIDE_TEXT_INPUTS = {models.CharField: {"widget": forms.TextInput(attrs={"size": 70})}}


class MonographInline:
    """Rows of one compound: choices limited to that compound, outcome embeds validated."""

    form = OutcomeEmbedsForm
    formfield_overrides = WIDE_TEXT_INPUTS
    prose_fields = ()
    extra = 0
    compound_scoped_fields = {}  # foreign key name -> model whose rows belong to a compound

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        formset.form.outcome_tags = outcome_tags_in_submission(request)
        formset.form.prose_fields = self.prose_fields
        return formset

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name in self.compound_scoped_fields:
            compound_id = request.resolver_match.kwargs.get("object_id")
            model = self.compound_scoped_fields[db_field.name]
            kwargs["queryset"] = model.objects.filter(compound_id=compound_id)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class RegulatoryStatusInline(MonographInline, admin.TabularInline):
    model = RegulatoryStatus
    fields = ("region", "status", "note", "position")


class ReviewInline(MonographInline, admin.StackedInline):
    model = Review
    prose_fields = ("findings", "conclusion")
    autocomplete_fields = ("reference", "research_area")
    fieldsets = (
        (None, {"fields": (("reference", "research_area"), ("kind", "trials", "participants"))}),
        (None, {"fields": ("table_summary", "findings", "conclusion")}),
        (None, {"fields": (("funding_note", "risk_of_bias_note"), "position")}),
    )


class OutcomeFormSet(forms.BaseInlineFormSet):
    def clean(self):
        """Name a repeated tag on the tag field itself, not only in a general message."""
        seen = set()
        for form in self.forms:
            tag = form.cleaned_data.get("tag") if form.is_valid() else None
            if not tag or self.can_delete and self._should_delete_form(form):
                continue
            if tag in seen:
                form.add_error("tag", f"This compound already has an outcome tagged '{tag}'.")
            seen.add(tag)
        super().clean()


class OutcomeInline(MonographInline, admin.StackedInline):
    model = Outcome
    formset = OutcomeFormSet
    prefix = "outcomes"
    compound_scoped_fields = {"review": Review}
    fieldsets = (
        (None, {"fields": (("review", "tag"), "name")}),
        ("Effect estimate", {"fields": (("measure", "estimate", "ci_lower", "ci_upper"),)}),
        (
            "Certainty and wording",
            {
                "fields": (
                    ("certainty", "effect_size", "higher_is_better"),
                    ("studies", "participants", "is_key"),
                    ("statement_override", "override_reason"),
                    "position",
                )
            },
        ),
    )

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        formset.form.base_fields[
            "review"
        ].help_text = "Reviews of this compound. Save a new review first, then add its outcomes."
        return formset


class GuidelineInline(MonographInline, admin.StackedInline):
    model = GuidelineRecommendation
    autocomplete_fields = ("reference", "research_area")
    compound_scoped_fields = {"based_on": Review}
    fieldsets = (
        (None, {"fields": (("reference", "research_area"), ("bodies", "year"))}),
        (None, {"fields": (("direction", "strength", "evidence_quality"), "recommendation")}),
        (None, {"fields": (("based_on", "position"),)}),
    )


class RegimenInline(MonographInline, admin.StackedInline):
    model = Regimen
    autocomplete_fields = ("research_area", "source")
    fieldsets = (
        (None, {"fields": (("research_area", "route", "source"),)}),
        (
            "Amount reported",
            {"fields": (("amount_min", "amount_typical", "amount_max", "unit", "basis"),)},
        ),
        (
            "Schedule",
            {
                "fields": (
                    "frequency",
                    ("course_min_days", "course_max_days", "cycle_weeks"),
                    "position",
                )
            },
        ),
    )


class SafetyNoteInline(MonographInline, admin.StackedInline):
    model = SafetyNote
    prose_fields = ("text",)
    compound_scoped_fields = {"outcome": Outcome}
    fields = (("topic", "outcome", "position"), "text")


class ComparisonInline(MonographInline, admin.StackedInline):
    model = Comparison
    fk_name = "compound"
    prose_fields = ("note",)
    autocomplete_fields = ("other",)
    fields = (("other", "position"), "note")


class FAQItemInline(MonographInline, admin.StackedInline):
    model = FAQItem
    prose_fields = ("answer",)
    fields = (("question", "position"), "answer")


class WorkflowStateFilter(admin.SimpleListFilter):
    title = "state"
    parameter_name = "state"

    def lookups(self, request, model_admin):
        return WorkflowState.choices

    def queryset(self, request, queryset):
        return queryset.filter(workflow_state=self.value()) if self.value() else queryset


class ReviewDueFilter(admin.SimpleListFilter):
    title = "next review"
    parameter_name = "review"

    def lookups(self, request, model_admin):
        return [("overdue", "Overdue"), ("due_soon", "Due within 30 days")]

    def queryset(self, request, queryset):
        today = timezone.localdate()
        if self.value() == "overdue":
            return queryset.filter(review_due__lt=today)
        if self.value() == "due_soon":
            return queryset.filter(review_due__gte=today, review_due__lte=today + timedelta(30))
        return queryset


@admin.register(Compound)
class CompoundAdmin(MonographWorkflowViews, admin.ModelAdmin):
    form = CompoundForm
    formfield_overrides = WIDE_TEXT_INPUTS
    change_form_template = "admin/compounds/compound/change_form.html"
    list_display = ("name", "state", "live_since", "review_due", "updated_at")
    list_filter = (WorkflowStateFilter, ReviewDueFilter, "kind", "human_evidence")
    search_fields = ("name", "synonyms", "slug", "summary")
    prepopulated_fields = {"slug": ("name",)}
    date_hierarchy = "updated_at"
    save_on_top = True
    inlines = (
        RegulatoryStatusInline,
        ReviewInline,
        OutcomeInline,
        GuidelineInline,
        RegimenInline,
        SafetyNoteInline,
        ComparisonInline,
        FAQItemInline,
    )
    fieldsets = (
        ("Change note", {"fields": ("change_note", "based_on_revision")}),
        (
            "Identity",
            {
                "fields": (
                    ("name", "slug"),
                    "title",
                    "summary",
                    "synonyms",
                    ("kind", "human_evidence"),
                    "composition",
                    "origin",
                    "sequence",
                    ("routes", "research_use_only"),
                )
            },
        ),
        ("The short answer", {"fields": ("short_answer",)}),
        ("What it is", {"fields": ("identity_answer", "identity_detail")}),
        ("How it works", {"fields": ("mechanism_tier", "mechanism_answer", "mechanism_detail")}),
        ("What the research shows", {"fields": ("evidence_answer", "evidence_detail")}),
        ("Dosing reported in trials", {"fields": ("dosing_answer", "dosing_detail")}),
        ("Side effects and safety", {"fields": ("safety_answer", "safety_detail")}),
        ("Comparison", {"fields": ("comparison_answer", "comparison_detail")}),
    )

    def get_queryset(self, request):
        return super().get_queryset(request).with_workflow_state()

    @admin.display(description="state", ordering="workflow_state")
    def state(self, compound):
        return WorkflowState(compound.workflow_state).label

    @admin.display(description="live since", ordering="live_since")
    def live_since(self, compound):
        return compound.live_since

    @admin.display(description="next review due", ordering="review_due")
    def review_due(self, compound):
        return compound.review_due

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
                    "sent_back": compound.submissions.filter(decision__outcome="changes_requested")
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
        log(AuditEvent.Action.DELETE, obj, request.user, latest_revision(obj))
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        for compound in queryset:
            log(AuditEvent.Action.DELETE, compound, request.user, latest_revision(compound))
        super().delete_queryset(request, queryset)

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        form.outcome_tags = outcome_tags_in_submission(request)
        return form

    def save_model(self, request, obj, form, change):
        request.change_note = form.cleaned_data.get("change_note", "").strip()
        super().save_model(request, obj, form, change)

    def _record_revision(self, request, obj, entry):
        """Every save of the compound page records one version of the whole monograph."""
        note = getattr(request, "change_note", "") or entry.get_change_message()
        record_revision(obj, request.user, note or "Saved without changes to the page.")
        record_dependent_revisions(
            compounds_comparing_with(obj), request.user, f"Compared compound {obj.name} changed"
        )
        return entry

    def log_addition(self, request, obj, message):
        return self._record_revision(request, obj, super().log_addition(request, obj, message))

    def log_change(self, request, obj, message):
        return self._record_revision(request, obj, super().log_change(request, obj, message))


class SharedRecordAdmin(VersionAdmin):
    """Admin for a record many monographs show: its own history, and pinned monographs.

    Live pages keep the version they were approved with; every monograph showing the record gets
    a new revision, so it reads "live, with unpublished changes" until a reviewer approves it.
    """

    def monographs_showing(self, obj):
        raise NotImplementedError

    def _record_monographs(self, request, response, object_id=None):
        saved = request.method == "POST" and response.status_code == 302
        obj = self.get_object(request, object_id) if saved and object_id else None
        if obj is not None:
            record_dependent_revisions(
                self.monographs_showing(obj),
                request.user,
                f"Shared {obj._meta.verbose_name} '{obj}' changed",
            )
        return response

    # VersionAdmin records the shared record's own revision inside these views; the monographs'
    # revisions are separate, so they are recorded once that revision is closed.
    def change_view(self, request, object_id, form_url="", extra_context=None):
        response = super().change_view(request, object_id, form_url, extra_context)
        return self._record_monographs(request, response, object_id)


@admin.register(SiteSettings)
class SiteSettingsAdmin(SharedRecordAdmin):
    fieldsets = (
        ("Brand", {"fields": ("brand",)}),
        ("Notices on every monograph", {"fields": ("page_notice", "dosing_notice")}),
        ("Disclaimers", {"fields": ("disclaimer", "conflict_of_interest")}),
        (
            "Sourcing call-to-action (shown outside every evidence section)",
            {"fields": ("sourcing_heading", "sourcing_text", "sourcing_link_text", "sourcing_url")},
        ),
    )

    def monographs_showing(self, site_settings):
        return Compound.objects.all()

    def has_add_permission(self, request):
        return not SiteSettings.objects.exists() and super().has_add_permission(request)

    def has_delete_permission(self, request, obj=None):
        return False
