from decimal import Decimal

from django import forms
from django.contrib import admin
from django.db import models
from reversion import is_active, set_comment
from reversion.admin import VersionAdmin

from evidence.models import GuidelineRecommendation, Outcome, Regimen, Review, SafetyNote
from evidence.numbers import format_decimal
from evidence.prose import embedded_outcome_tags

from .models import (
    MONOGRAPH_PROSE_FIELDS,
    Comparison,
    Compound,
    FAQItem,
    RegulatoryStatus,
    SiteSettings,
    unknown_outcome_message,
)


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


@admin.register(Compound)
class CompoundAdmin(VersionAdmin):
    form = CompoundForm
    formfield_overrides = WIDE_TEXT_INPUTS
    list_display = ("name", "kind", "human_evidence", "is_published", "updated_at")
    list_filter = ("is_published", "kind", "human_evidence", "mechanism_tier")
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
        ("Change note", {"fields": ("change_note",)}),
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
        ("Publishing", {"fields": ("is_published",)}),
    )

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        form.outcome_tags = outcome_tags_in_submission(request)
        return form

    def save_model(self, request, obj, form, change):
        request.change_note = form.cleaned_data.get("change_note", "").strip()
        super().save_model(request, obj, form, change)

    def _note_in_history(self, request, entry):
        note = getattr(request, "change_note", "")
        if note and is_active():
            set_comment(note)
        return entry

    def log_addition(self, request, obj, message):
        return self._note_in_history(request, super().log_addition(request, obj, message))

    def log_change(self, request, obj, message):
        return self._note_in_history(request, super().log_change(request, obj, message))


@admin.register(SiteSettings)
class SiteSettingsAdmin(VersionAdmin):
    fieldsets = (
        ("Brand", {"fields": ("brand",)}),
        ("Notices on every monograph", {"fields": ("page_notice", "dosing_notice")}),
        ("Disclaimers", {"fields": ("disclaimer", "conflict_of_interest")}),
        (
            "Sourcing call-to-action (shown outside every evidence section)",
            {"fields": ("sourcing_heading", "sourcing_text", "sourcing_link_text", "sourcing_url")},
        ),
    )

    def has_add_permission(self, request):
        return not SiteSettings.objects.exists() and super().has_add_permission(request)

    def has_delete_permission(self, request, obj=None):
        return False
