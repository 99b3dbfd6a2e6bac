"""How content staff edit the working copy: the compound page with an inline per kind of row, and
the shared records' pages.

These are layouts, not registrations: workflow/admin.py registers them with what makes every
save a version (history, change notes, stale-form refusal, pinned shared records).
"""

from django import forms
from django.contrib import admin
from django.db import models

from evidence.models import GuidelineRecommendation, Outcome, Regimen, Review, SafetyNote

from .forms import OUTCOMES_PREFIX, OutcomeEmbedsForm, OutcomeFormSet, outcome_tags_in_submission
from .models import Comparison, FAQItem, RegulatoryStatus

# Monograph text is long: give one-line fields room to be read while typed.
WIDE_TEXT_INPUTS = {models.CharField: {"widget": forms.TextInput(attrs={"size": 70})}}


class MonographInline:
    """Rows of one compound: choices limited to that compound, outcome embeds validated."""

    form = OutcomeEmbedsForm
    formfield_overrides = WIDE_TEXT_INPUTS
    extra = 0
    compound_scoped_fields = {}  # foreign key name -> model whose rows belong to a compound

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        formset.form.outcome_tags = outcome_tags_in_submission(request)
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
    autocomplete_fields = ("reference", "research_area")
    fieldsets = (
        (None, {"fields": (("reference", "research_area"), ("kind", "trials", "participants"))}),
        (None, {"fields": ("table_summary", "findings", "conclusion")}),
        (None, {"fields": (("funding_note", "risk_of_bias_note"), "position")}),
    )


class OutcomeInline(MonographInline, admin.StackedInline):
    model = Outcome
    formset = OutcomeFormSet
    prefix = OUTCOMES_PREFIX
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
    compound_scoped_fields = {"outcome": Outcome}
    fields = (("topic", "outcome", "position"), "text")


class ComparisonInline(MonographInline, admin.StackedInline):
    model = Comparison
    fk_name = "compound"
    autocomplete_fields = ("other",)
    fields = (("other", "position"), "note")


class FAQItemInline(MonographInline, admin.StackedInline):
    model = FAQItem
    fields = (("question", "position"), "answer")


class CompoundEditing(admin.ModelAdmin):
    """The compound page: its own fields in page order, then an inline per kind of row."""

    form = OutcomeEmbedsForm
    formfield_overrides = WIDE_TEXT_INPUTS
    search_fields = ("name", "synonyms", "slug", "summary")
    prepopulated_fields = {"slug": ("name",)}
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

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        form.outcome_tags = outcome_tags_in_submission(request)
        return form


class ReferenceEditing(admin.ModelAdmin):
    list_display = ("key", "short_label", "title", "journal", "year", "doi", "pmid")
    list_filter = ("year", "journal")
    search_fields = ("key", "authors", "title", "journal", "doi", "pmid")
    autocomplete_fields = ("updates",)
    fieldsets = (
        (None, {"fields": ("key", "authors", "title")}),
        ("Source", {"fields": ("journal", ("year", "volume", "issue", "pages"))}),
        ("Identifiers", {"fields": (("doi", "pmid"), "updates")}),
    )

    @admin.display(description="cited as")
    def short_label(self, reference):
        return reference.short_label


class ResearchAreaEditing(admin.ModelAdmin):
    list_display = ("name", "slug")
    search_fields = ("name", "description")
    prepopulated_fields = {"slug": ("name",)}


class SiteSettingsEditing(admin.ModelAdmin):
    fieldsets = (
        ("Brand", {"fields": ("brand",)}),
        ("Notices on every monograph", {"fields": ("page_notice", "dosing_notice")}),
        ("Disclaimers", {"fields": ("disclaimer", "conflict_of_interest")}),
        (
            "Sourcing call-to-action (shown outside every evidence section)",
            {"fields": ("sourcing_heading", "sourcing_text", "sourcing_link_text", "sourcing_url")},
        ),
    )
