"""The working copy of a compound: the compound and the rows of its monograph that are not
evidence rows (those are in evidence/models.py), as content staff edit them."""

import reversion
from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator, URLValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse

from evidence.prose import ProseField


class CompoundKind(models.TextChoices):
    PEPTIDE_MIXTURE = "peptide_mixture", "Peptide mixture"
    SINGLE_PEPTIDE = "single_peptide", "Single peptide"
    PEPTIDE_ANALOGUE = "peptide_analogue", "Peptide analogue"
    SMALL_MOLECULE = "small_molecule", "Small molecule"


class HumanEvidence(models.TextChoices):
    SYSTEMATIC_REVIEWS = "systematic_reviews", "Systematic reviews of human trials"
    CLINICAL_TRIALS = "clinical_trials", "Human trials, not systematically reviewed"
    LIMITED = "limited", "Limited human data"
    PRECLINICAL_ONLY = "preclinical_only", "Preclinical (animal and cell) studies only"


class MechanismTier(models.TextChoices):
    ESTABLISHED = "established", "Established in humans"
    SUPPORTED = "supported", "Supported by some human data"
    PROPOSED_PRECLINICAL = "proposed_preclinical", "Proposed, from preclinical work"
    CONTESTED = "contested", "Proposed and contested"


class Compound(models.Model):
    name = models.CharField(max_length=120, unique=True)
    slug = models.SlugField(max_length=120, unique=True)
    title = models.CharField(
        "page title",
        max_length=200,
        help_text="e.g. 'Cerebrolysin: Mechanism, Research Evidence, and Safety'",
    )
    summary = models.CharField(
        "one-line summary", max_length=300, help_text="Shown in the compound index."
    )
    synonyms = models.CharField(
        max_length=300, blank=True, help_text="Other names, separated by commas."
    )
    kind = models.CharField(max_length=20, choices=CompoundKind)
    composition = models.CharField(
        "composition or structure",
        max_length=400,
        help_text="e.g. 'low-molecular-weight peptides and free amino acids'",
    )
    origin = models.CharField(
        max_length=400, blank=True, help_text="Where it comes from or how it is made."
    )
    sequence = models.CharField(
        max_length=400, blank=True, help_text="Amino-acid sequence, where known."
    )
    routes = models.CharField(
        "routes of administration studied",
        max_length=200,
        blank=True,
        help_text="e.g. 'Injection'; leave empty where the literature does not say",
    )
    research_use_only = models.BooleanField(
        default=True, help_text="Listed in the catalogue for laboratory research use only."
    )
    human_evidence = models.CharField(
        "strength of human evidence", max_length=20, choices=HumanEvidence
    )
    mechanism_tier = models.CharField(
        "mechanism evidence tier", max_length=20, choices=MechanismTier
    )

    short_answer = ProseField()
    identity_answer = ProseField("what it is: answer", blank=True)
    identity_detail = ProseField("what it is: detail", blank=True)
    mechanism_answer = ProseField("how it works: answer", blank=True)
    mechanism_detail = ProseField("how it works: detail", blank=True)
    evidence_answer = ProseField("research: answer", blank=True)
    evidence_detail = ProseField(
        "research: closing remarks", blank=True, help_text="Shown after the research areas."
    )
    dosing_answer = ProseField("dosing: what trials gave", blank=True)
    dosing_detail = ProseField(
        "dosing: notes after the table", blank=True, help_text="Shown after the regimen table."
    )
    safety_answer = ProseField("safety: answer", blank=True)
    safety_detail = ProseField("safety: detail", blank=True)
    comparison_answer = ProseField("comparison: answer", blank=True)
    comparison_detail = ProseField("comparison: detail", blank=True)

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]
        permissions = [
            ("approve_monograph", "Can approve a submitted revision or send it back"),
            ("publish_monograph", "Can unpublish and roll back monographs"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=CompoundKind.values), name="compound_kind_valid"
            ),
            models.CheckConstraint(
                condition=Q(human_evidence__in=HumanEvidence.values),
                name="compound_human_evidence_valid",
            ),
            models.CheckConstraint(
                condition=Q(mechanism_tier__in=MechanismTier.values),
                name="compound_mechanism_tier_valid",
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("compounds:monograph", args=[self.slug])

    @property
    def synonym_list(self):
        return [name.strip() for name in self.synonyms.split(",") if name.strip()]


class RegulatoryStatusChoice(models.TextChoices):
    APPROVED = "approved", "Approved as a medicine"
    REGISTERED = "registered", "Registered as a medicine"
    CLINICAL_USE = "clinical_use", "Used clinically"
    NOT_APPROVED = "not_approved", "Not approved as a medicine"
    RESEARCH_ONLY = "research_only", "Research use only"


class RegulatoryStatus(models.Model):
    compound = models.ForeignKey(
        Compound, on_delete=models.CASCADE, related_name="regulatory_statuses"
    )
    region = models.CharField(
        max_length=120, help_text="A country, agency or group, e.g. 'Russia' or 'United States'."
    )
    status = models.CharField(max_length=20, choices=RegulatoryStatusChoice)
    note = models.CharField(max_length=300, blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]
        verbose_name_plural = "regulatory statuses"
        constraints = [
            models.UniqueConstraint(fields=["compound", "region"], name="status_once_per_region"),
            models.CheckConstraint(
                condition=Q(status__in=RegulatoryStatusChoice.values),
                name="regulatory_status_valid",
            ),
        ]

    def __str__(self):
        return f"{self.region}: {self.get_status_display()}"


class Comparison(models.Model):
    """A related compound the monograph compares with, linking to its page."""

    compound = models.ForeignKey(Compound, on_delete=models.CASCADE, related_name="comparisons")
    other = models.ForeignKey(
        Compound,
        verbose_name="compared with",
        on_delete=models.PROTECT,
        related_name="compared_in",
    )
    note = ProseField(help_text="How the other compound differs.")
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["compound", "other"], name="comparison_once"),
            models.CheckConstraint(
                condition=~Q(other=F("compound")), name="comparison_not_with_itself"
            ),
        ]

    def __str__(self):
        return f"{self.compound} vs {self.other}"

    def clean(self):
        if self.other_id and self.other_id == self.compound_id:
            raise ValidationError({"other": "A compound cannot be compared with itself."})


class FAQItem(models.Model):
    compound = models.ForeignKey(Compound, on_delete=models.CASCADE, related_name="faq_items")
    question = models.CharField(max_length=300)
    answer = ProseField()
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]
        verbose_name = "FAQ item"
        constraints = [
            models.UniqueConstraint(fields=["compound", "question"], name="faq_question_once"),
        ]

    def __str__(self):
        return self.question


def validate_contact_link(value):
    if value.startswith("mailto:"):
        EmailValidator("Enter mailto: followed by an e-mail address.")(
            value.removeprefix("mailto:")
        )
    else:
        URLValidator(schemes=["https", "http"], message="Enter an https:// address.")(value)


class SiteSettingsQuerySet(models.QuerySet):
    def current(self):
        """The one row of site-wide wording, created with defaults on first use."""
        return self.get_or_create(pk=1)[0]


class SiteSettings(models.Model):
    """Wording every monograph carries: disclaimers, conflict of interest, sourcing."""

    brand = models.CharField(max_length=80, default="Peptara Labs")
    page_notice = models.CharField(
        "notice after the short answer",
        max_length=400,
        default="This page is general educational information, research-use framing only, not "
        "medical advice. Any decision about a research compound belongs with a qualified "
        "clinician.",
    )
    dosing_notice = models.CharField(
        "notice opening the dosing section",
        max_length=400,
        default="The ranges below reflect what published studies and commonly studied research "
        "protocols report. This is educational, not a prescription or a personal "
        "recommendation.",
    )
    disclaimer = models.CharField(
        "research-use and not-medical-advice disclaimer",
        max_length=600,
        default="General educational information only, research-use framing, not medical "
        "advice. Confirm the current status where you live and consult a qualified "
        "professional before acting.",
    )
    conflict_of_interest = models.CharField(
        "conflict-of-interest note",
        max_length=600,
        default="Peptara Labs sells research compounds, including some discussed on this site. "
        "Monographs are written from published evidence and approved by an editorial "
        "reviewer independently of sales, and no sales content appears in evidence, dosing or "
        "safety sections.",
    )
    sourcing_heading = models.CharField(max_length=120, default="Sourcing research-grade peptides?")
    sourcing_text = models.CharField(
        max_length=400,
        default="Talk to the Peptara Labs team about purity, third-party certificates of "
        "analysis, and cold-chain shipping.",
    )
    sourcing_link_text = models.CharField(max_length=60, default="Chat with us")
    sourcing_url = models.CharField(
        "sourcing link",
        max_length=300,
        default="mailto:research@peptara.example",
        validators=[validate_contact_link],
        help_text="An https:// address or mailto:address.",
    )

    objects = SiteSettingsQuerySet.as_manager()

    class Meta:
        verbose_name = "site settings"
        verbose_name_plural = "site settings"
        constraints = [
            models.CheckConstraint(condition=Q(pk=1), name="site_settings_single_row"),
        ]

    def __str__(self):
        return "Site settings"


# A compound's version is the whole aggregate: the compound and every row of its monograph.
# Shared records (references, research areas) keep their own history and are not followed, so
# restoring a monograph never rewrites a reference another monograph cites.
MONOGRAPH_ROWS = (
    "regulatory_statuses",
    "reviews",
    "outcomes",
    "guidelines",
    "regimens",
    "safety_notes",
    "comparisons",
    "faq_items",
)
reversion.register(Compound, follow=MONOGRAPH_ROWS)
for row_model in (RegulatoryStatus, Comparison, FAQItem):
    reversion.register(row_model)
