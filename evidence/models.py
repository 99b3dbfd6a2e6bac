"""Evidence behind a monograph: references, systematic reviews, outcomes, regimens, safety."""

from decimal import Decimal

import reversion
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator, RegexValidator
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Lower

from .grade import Certainty, EffectSize, plain_language_statement
from .identifiers import DOI_PATTERN, PMID_PATTERN, DOIField, PMIDField
from .numbers import format_decimal
from .prose import ProseField

CITATION_KEY_PATTERN = r"^[a-z0-9][a-z0-9_-]*$"


class ResearchArea(models.Model):
    """A condition or question that research on compounds addresses (shared between monographs)."""

    name = models.CharField(max_length=120, unique=True)
    slug = models.SlugField(max_length=120, unique=True)
    description = models.TextField(blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class Reference(models.Model):
    """One version of one publication, cited by key from prose (shared between monographs)."""

    key = models.CharField(
        "citation key",
        max_length=60,
        unique=True,
        validators=[
            RegexValidator(
                CITATION_KEY_PATTERN,
                "Use lower-case letters, digits, '-' and '_' only, e.g. ziganshina2023.",
            )
        ],
        help_text="Cite it in prose as [@key], e.g. [@ziganshina2023].",
    )
    authors = models.TextField(
        help_text="As they appear in the reference list: 'Chen N, Yang M, Guo J' or 'et al.'."
    )
    title = models.CharField(max_length=500)
    journal = models.CharField(max_length=300)
    year = models.PositiveSmallIntegerField(validators=[MinValueValidator(1800)])
    volume = models.CharField(max_length=30, blank=True)
    issue = models.CharField(max_length=30, blank=True)
    pages = models.CharField("pages or article number", max_length=60, blank=True)
    doi = DOIField("DOI", unique=True, null=True, blank=True)
    pmid = PMIDField("PMID", unique=True, null=True, blank=True)
    updates = models.ForeignKey(
        "self",
        verbose_name="updates the earlier version",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="updated_by",
    )

    class Meta:
        ordering = ["-year", "key"]
        constraints = [
            models.CheckConstraint(
                condition=Q(key__regex=CITATION_KEY_PATTERN), name="reference_key_format"
            ),
            models.CheckConstraint(
                condition=Q(doi__isnull=True) | (Q(doi__regex=DOI_PATTERN) & Q(doi=Lower("doi"))),
                name="reference_doi_normalised",
            ),
            models.CheckConstraint(
                condition=Q(pmid__isnull=True) | Q(pmid__regex=PMID_PATTERN),
                name="reference_pmid_digits",
            ),
            models.CheckConstraint(
                condition=~Q(updates=F("id")), name="reference_does_not_update_itself"
            ),
        ]

    def __str__(self):
        return f"{self.short_label} — {self.title}"

    @property
    def short_label(self):
        """'Ziganshina et al., 2023': the author-year label used in tables."""
        names = [name.strip() for name in self.authors.split(",") if name.strip()]
        first_surname = names[0].split()[0] if names else "Anonymous"
        return f"{first_surname}{' et al.' if len(names) > 1 else ''}, {self.year}"

    @property
    def citation_text(self):
        """AMA/Vancouver text without identifiers: 'Authors. Title. Journal. 2013;(1):CD008900.'"""
        locator = f"{self.year};{self.volume}"
        if self.issue:
            locator += f"({self.issue})"
        if self.pages:
            locator += f":{self.pages}"
        parts = [self.authors.strip().rstrip("."), self.title.strip().rstrip("."), self.journal]
        return ". ".join(parts) + f". {locator}."

    @property
    def doi_url(self):
        return f"https://doi.org/{self.doi}" if self.doi else ""

    @property
    def pubmed_url(self):
        return f"https://pubmed.ncbi.nlm.nih.gov/{self.pmid}/" if self.pmid else ""

    def clean(self):
        if self.updates_id and self.pk and self.updates_id == self.pk:
            raise ValidationError({"updates": "A reference cannot update itself."})
        if self.updates_id and self.year is not None and self.updates.year > self.year:
            raise ValidationError(
                {"updates": "The updated version must not be newer than this reference."}
            )


class ReviewKind(models.TextChoices):
    COCHRANE = "cochrane", "Cochrane systematic review"
    SYSTEMATIC = "systematic", "Systematic review"
    META_ANALYSIS = "meta_analysis", "Systematic review with meta-analysis"


class Review(models.Model):
    """A published systematic review (for example a Cochrane review) of a compound."""

    compound = models.ForeignKey(
        "compounds.Compound", on_delete=models.CASCADE, related_name="reviews"
    )
    reference = models.ForeignKey(Reference, on_delete=models.PROTECT, related_name="reviews")
    research_area = models.ForeignKey(
        ResearchArea, on_delete=models.PROTECT, related_name="reviews"
    )
    kind = models.CharField(max_length=20, choices=ReviewKind, default=ReviewKind.COCHRANE)
    trials = models.PositiveIntegerField("number of trials", null=True, blank=True)
    participants = models.PositiveIntegerField("number of participants", null=True, blank=True)
    findings = ProseField(blank=True, help_text="What the review found, in prose.")
    funding_note = models.TextField("funding", blank=True)
    risk_of_bias_note = models.TextField("risk of bias", blank=True)
    conclusion = ProseField("authors' conclusion", blank=True)
    table_summary = models.CharField(
        "summary for the evidence table",
        max_length=300,
        help_text="One line for the 'What the review reported' column.",
    )
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["compound", "reference"], name="review_once_per_compound"
            ),
        ]

    def __str__(self):
        return f"{self.reference.short_label}: {self.reference.title}"


class Measure(models.TextChoices):
    RR = "RR", "risk ratio"
    OR = "OR", "odds ratio"
    HR = "HR", "hazard ratio"
    MD = "MD", "mean difference"
    WMD = "WMD", "weighted mean difference"
    SMD = "SMD", "standardised mean difference"
    RD = "RD", "risk difference"


RATIO_MEASURES = (Measure.RR, Measure.OR, Measure.HR)


class Outcome(models.Model):
    """One effect estimate from a review, the single source of every number shown for it."""

    compound = models.ForeignKey(
        "compounds.Compound", on_delete=models.CASCADE, related_name="outcomes"
    )
    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="outcomes")
    tag = models.SlugField(
        max_length=60, help_text="Embed it in prose as [[outcome:tag]], e.g. [[outcome:death]]."
    )
    name = models.CharField(
        max_length=200, help_text="Lower-case as it reads in a sentence, e.g. 'all-cause death'."
    )
    measure = models.CharField(max_length=3, choices=Measure)
    estimate = models.DecimalField(max_digits=12, decimal_places=4)
    ci_lower = models.DecimalField(
        "95% CI lower", max_digits=12, decimal_places=4, null=True, blank=True
    )
    ci_upper = models.DecimalField(
        "95% CI upper", max_digits=12, decimal_places=4, null=True, blank=True
    )
    certainty = models.CharField(
        "GRADE certainty", max_length=12, choices=Certainty, default=Certainty.NOT_GRADED
    )
    effect_size = models.CharField(
        max_length=10,
        choices=EffectSize,
        help_text="How large the review judged the effect; with the certainty it picks the "
        "GRADE wording.",
    )
    higher_is_better = models.BooleanField(
        "an increase is desirable",
        default=False,
        help_text="Tick when more of this outcome is good (e.g. a cognition score); leave empty "
        "for harms such as death or adverse events.",
    )
    studies = models.PositiveIntegerField(null=True, blank=True)
    participants = models.PositiveIntegerField(null=True, blank=True)
    is_key = models.BooleanField(
        "key outcome", default=True, help_text="Counts towards the evidence table's certainty."
    )
    statement_override = models.CharField(
        "override GRADE statement",
        max_length=400,
        blank=True,
        help_text="Only when the generated statement misrepresents the review; give a reason.",
    )
    override_reason = models.CharField(max_length=400, blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["compound", "tag"], name="outcome_tag_per_compound"),
            models.CheckConstraint(
                condition=Q(certainty__in=Certainty.values), name="outcome_certainty_grade"
            ),
            models.CheckConstraint(
                condition=Q(effect_size__in=EffectSize.values), name="outcome_effect_size_valid"
            ),
            models.CheckConstraint(
                condition=Q(measure__in=Measure.values), name="outcome_measure_valid"
            ),
            models.CheckConstraint(
                condition=Q(ci_lower__isnull=True, ci_upper__isnull=True)
                | Q(ci_lower__isnull=False, ci_upper__isnull=False),
                name="outcome_ci_complete",
            ),
            models.CheckConstraint(
                condition=Q(ci_lower__isnull=True)
                | Q(ci_lower__lte=F("estimate"), ci_upper__gte=F("estimate")),
                name="outcome_estimate_within_ci",
            ),
            models.CheckConstraint(
                condition=~Q(measure__in=RATIO_MEASURES)
                | (Q(estimate__gt=0) & (Q(ci_lower__isnull=True) | Q(ci_lower__gt=0))),
                name="outcome_ratio_positive",
            ),
            models.CheckConstraint(
                condition=Q(statement_override="") | ~Q(override_reason=""),
                name="outcome_override_has_reason",
            ),
        ]

    def __str__(self):
        return f"{self.name} ({self.measure} {format_decimal(self.estimate)})"

    @property
    def is_ratio(self):
        return self.measure in RATIO_MEASURES

    @property
    def null_value(self):
        """The line of no effect: 1 for ratios, 0 for differences."""
        return Decimal(1) if self.is_ratio else Decimal(0)

    @property
    def increases(self):
        return self.estimate > self.null_value

    @property
    def generated_statement(self):
        return plain_language_statement(
            self.compound.name, self.name, self.certainty, self.effect_size, self.increases
        )

    @property
    def statement(self):
        return self.statement_override or self.generated_statement

    @property
    def certainty_phrase(self):
        """'moderate-certainty evidence', as GRADE summaries put it."""
        if self.certainty == Certainty.NOT_GRADED:
            return "certainty not graded"
        return f"{self.get_certainty_display().lower()}-certainty evidence"

    @property
    def ci_text(self):
        if self.ci_lower is None:
            return ""
        return f"95% CI {format_decimal(self.ci_lower)} to {format_decimal(self.ci_upper)}"

    @property
    def effect_text(self):
        """'risk ratio 2.39, 95% CI 1.10 to 5.23; moderate-certainty evidence'."""
        estimate = f"{self.get_measure_display()} {format_decimal(self.estimate)}"
        return ", ".join(filter(None, [estimate, self.ci_text])) + f"; {self.certainty_phrase}"

    def clean(self):
        errors = {}
        if (self.ci_lower is None) != (self.ci_upper is None):
            missing = "ci_upper" if self.ci_upper is None else "ci_lower"
            errors[missing] = "Give both ends of the 95% CI, or neither."
        if self.estimate is not None and self.is_ratio and self.estimate <= 0:
            errors["estimate"] = f"The {self.get_measure_display()} must be greater than 0."
        if self.ci_lower is not None and self.is_ratio and self.ci_lower <= 0:
            errors["ci_lower"] = f"The {self.get_measure_display()} CI must be greater than 0."
        if None not in (self.ci_lower, self.ci_upper, self.estimate) and "ci_lower" not in errors:
            if self.ci_lower > self.estimate:
                errors["ci_lower"] = "The lower CI limit cannot be above the estimate."
            if self.ci_upper < self.estimate:
                errors["ci_upper"] = "The upper CI limit cannot be below the estimate."
        if self.statement_override.strip() and not self.override_reason.strip():
            errors["override_reason"] = "Say why the generated GRADE statement is overridden."
        if self.review_id and self.compound_id and self.review.compound_id != self.compound_id:
            errors["review"] = "Choose a review of this compound."
        if errors:
            raise ValidationError(errors)


class GuidelineDirection(models.TextChoices):
    FOR = "for", "for"
    AGAINST = "against", "against"


class GuidelineStrength(models.TextChoices):
    STRONG = "strong", "Strong"
    WEAK = "weak", "Weak (conditional)"


class GuidelineRecommendation(models.Model):
    """A recommendation by a guideline body about using a compound for a research area."""

    compound = models.ForeignKey(
        "compounds.Compound", on_delete=models.CASCADE, related_name="guidelines"
    )
    research_area = models.ForeignKey(
        ResearchArea, on_delete=models.PROTECT, related_name="guidelines"
    )
    reference = models.ForeignKey(Reference, on_delete=models.PROTECT, related_name="guidelines")
    bodies = models.CharField(
        "issuing bodies",
        max_length=300,
        help_text="e.g. European Stroke Organisation and European Academy of Neurology",
    )
    year = models.PositiveSmallIntegerField(validators=[MinValueValidator(1900)])
    direction = models.CharField(max_length=7, choices=GuidelineDirection)
    strength = models.CharField(max_length=6, choices=GuidelineStrength)
    evidence_quality = models.CharField(
        "quality of evidence", max_length=12, choices=Certainty, default=Certainty.NOT_GRADED
    )
    recommendation = models.CharField(
        max_length=400,
        help_text="What is recommended, e.g. 'using cerebrolysin for post-stroke cognitive "
        "impairment'.",
    )
    based_on = models.ForeignKey(
        Review,
        verbose_name="based on review",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="guidelines",
    )
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(direction__in=GuidelineDirection.values),
                name="guideline_direction_valid",
            ),
            models.CheckConstraint(
                condition=Q(strength__in=GuidelineStrength.values), name="guideline_strength_valid"
            ),
            models.CheckConstraint(
                condition=Q(evidence_quality__in=Certainty.values),
                name="guideline_quality_grade",
            ),
        ]

    def __str__(self):
        return f"{self.bodies} ({self.year})"

    def clean(self):
        errors = {}
        if self.based_on_id and self.year and self.based_on.reference.year > self.year:
            errors["based_on"] = (
                f"A {self.year} guideline cannot be based on a review published in "
                f"{self.based_on.reference.year}."
            )
        if self.based_on_id and self.compound_id and self.based_on.compound_id != self.compound_id:
            errors["based_on"] = "Choose a review of this compound."
        if errors:
            raise ValidationError(errors)


class Route(models.TextChoices):
    INTRAVENOUS_INFUSION = "iv_infusion", "Intravenous infusion"
    INTRAVENOUS_INJECTION = "iv_injection", "Intravenous injection"
    INTRAMUSCULAR = "intramuscular", "Intramuscular injection"
    SUBCUTANEOUS = "subcutaneous", "Subcutaneous injection"
    INTRANASAL = "intranasal", "Intranasal"
    ORAL = "oral", "Oral"
    OTHER = "other", "Other"


class DoseUnit(models.TextChoices):
    ML = "mL", "mL"
    MG = "mg", "mg"
    MICROGRAM = "µg", "µg"
    MG_PER_KG = "mg/kg", "mg/kg"
    MICROGRAM_PER_KG = "µg/kg", "µg/kg"
    IU = "IU", "IU"


class DoseBasis(models.TextChoices):
    DAY = "day", "per day"
    DOSE = "dose", "per dose"


class Regimen(models.Model):
    """What trials administered: a studied regimen, never a recommendation."""

    compound = models.ForeignKey(
        "compounds.Compound", on_delete=models.CASCADE, related_name="regimens"
    )
    research_area = models.ForeignKey(
        ResearchArea,
        verbose_name="research context",
        on_delete=models.PROTECT,
        related_name="regimens",
    )
    route = models.CharField(max_length=20, choices=Route)
    amount_min = models.DecimalField(
        "lowest amount", max_digits=10, decimal_places=3, null=True, blank=True
    )
    amount_typical = models.DecimalField(
        "typical amount", max_digits=10, decimal_places=3, null=True, blank=True
    )
    amount_max = models.DecimalField(
        "highest amount", max_digits=10, decimal_places=3, null=True, blank=True
    )
    unit = models.CharField(max_length=8, choices=DoseUnit)
    basis = models.CharField(max_length=4, choices=DoseBasis, default=DoseBasis.DAY)
    frequency = models.CharField(
        max_length=100, blank=True, help_text="e.g. 'given 5 days per week'"
    )
    course_min_days = models.PositiveSmallIntegerField(
        "shortest course (days)", null=True, blank=True
    )
    course_max_days = models.PositiveSmallIntegerField(
        "longest course (days)", null=True, blank=True
    )
    cycle_weeks = models.PositiveSmallIntegerField("cycle length (weeks)", null=True, blank=True)
    source = models.ForeignKey(Reference, on_delete=models.PROTECT, related_name="regimens")
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount_typical__isnull=False) | Q(amount_max__isnull=False),
                name="regimen_has_amount",
            ),
            models.CheckConstraint(
                condition=(Q(amount_min__isnull=True) | Q(amount_min__gt=0))
                & (Q(amount_typical__isnull=True) | Q(amount_typical__gt=0))
                & (Q(amount_max__isnull=True) | Q(amount_max__gt=0)),
                name="regimen_amounts_positive",
            ),
            models.CheckConstraint(
                condition=Q(amount_min__isnull=True)
                | Q(amount_typical__isnull=True)
                | Q(amount_min__lte=F("amount_typical")),
                name="regimen_min_not_above_typical",
            ),
            models.CheckConstraint(
                condition=Q(amount_typical__isnull=True)
                | Q(amount_max__isnull=True)
                | Q(amount_typical__lte=F("amount_max")),
                name="regimen_typical_not_above_max",
            ),
            models.CheckConstraint(
                condition=Q(amount_min__isnull=True)
                | Q(amount_max__isnull=True)
                | Q(amount_min__lte=F("amount_max")),
                name="regimen_min_not_above_max",
            ),
            models.CheckConstraint(
                condition=Q(course_min_days__isnull=True)
                | Q(course_max_days__isnull=True)
                | Q(course_min_days__lte=F("course_max_days")),
                name="regimen_course_range_ordered",
            ),
            models.CheckConstraint(condition=Q(route__in=Route.values), name="regimen_route_valid"),
        ]

    def __str__(self):
        return f"{self.get_route_display()} in {self.research_area}"

    def _amount(self, value):
        return f"{format_decimal(value, min_places=0)} {self.unit}"

    @property
    def amount_text(self):
        """The amounts as trials reported them, e.g. 'About 10 mL to 30 mL per day (...)'."""
        per = self.get_basis_display()
        low, typical, high = self.amount_min, self.amount_typical, self.amount_max
        if low is not None and high is not None:
            text = f"About {self._amount(low)} to {self._amount(high)} {per}"
            details = [f"commonly {self._amount(typical)}" if typical is not None else ""]
            details.append(self.frequency)
            details = [detail for detail in details if detail]
            return text + (f" ({', '.join(details)})" if details else "")
        if typical is not None and high is not None:
            text = f"Commonly about {self._amount(typical)} {per}; up to {self._amount(high)} {per}"
            text += " in some trials"
        elif typical is not None:
            text = f"About {self._amount(typical)} {per}"
        else:
            text = f"Up to {self._amount(high)} {per}"
        return f"{text}; {self.frequency}" if self.frequency else text

    @property
    def course_text(self):
        """'About 10 to 21 days', 'About 4-week cycles' or both."""
        shortest, longest = self.course_min_days, self.course_max_days
        if shortest is not None and longest is not None and shortest != longest:
            course = f"About {shortest} to {longest} days"
        elif shortest is not None or longest is not None:
            course = f"About {shortest if shortest is not None else longest} days"
        else:
            course = ""
        if self.cycle_weeks:
            if course:
                return f"{course}, in {self.cycle_weeks}-week cycles"
            return f"About {self.cycle_weeks}-week cycles"
        return course

    def clean(self):
        errors = {}
        for field in ("amount_min", "amount_typical", "amount_max"):
            value = getattr(self, field)
            if value is not None and value <= 0:
                errors[field] = "An amount must be greater than 0."
        if self.amount_typical is None and self.amount_max is None:
            errors["amount_typical"] = "Give the typical amount, the highest amount, or both."
        low, typical, high = self.amount_min, self.amount_typical, self.amount_max
        if "amount_min" not in errors and low is not None:
            if typical is not None and low > typical:
                errors["amount_min"] = "The lowest amount cannot be above the typical amount."
            elif high is not None and low > high:
                errors["amount_min"] = "The lowest amount cannot be above the highest amount."
        if "amount_max" not in errors and None not in (typical, high) and typical > high:
            errors["amount_max"] = "The highest amount cannot be below the typical amount."
        shortest, longest = self.course_min_days, self.course_max_days
        if None not in (shortest, longest) and shortest > longest:
            errors["course_max_days"] = "The longest course cannot be shorter than the shortest."
        if errors:
            raise ValidationError(errors)


class SafetyTopic(models.TextChoices):
    ADVERSE_EFFECTS = "adverse_effects", "Reported adverse effects"
    SERIOUS_ADVERSE_EVENTS = "serious_adverse_events", "Serious adverse events"
    HYPERSENSITIVITY = "hypersensitivity", "Hypersensitivity"
    ADMINISTRATION = "administration", "Administration and infusion rate"
    INTERACTIONS = "interactions", "Interactions"
    EVIDENCE_QUALITY = "evidence_quality", "Quality of the safety evidence"
    OTHER = "other", "Other"


class SafetyNote(models.Model):
    """A safety finding for a compound, optionally tied to the outcome that quantifies it."""

    compound = models.ForeignKey(
        "compounds.Compound", on_delete=models.CASCADE, related_name="safety_notes"
    )
    topic = models.CharField(max_length=30, choices=SafetyTopic)
    text = ProseField()
    outcome = models.ForeignKey(
        Outcome,
        verbose_name="quantified by outcome",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="safety_notes",
    )
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(topic__in=SafetyTopic.values), name="safety_note_topic_valid"
            ),
        ]

    def __str__(self):
        return self.get_topic_display()

    def clean(self):
        if self.outcome_id and self.compound_id and self.outcome.compound_id != self.compound_id:
            raise ValidationError({"outcome": "Choose an outcome of this compound."})


for model in (
    ResearchArea,
    Reference,
    Review,
    Outcome,
    GuidelineRecommendation,
    Regimen,
    SafetyNote,
):
    reversion.register(model)
