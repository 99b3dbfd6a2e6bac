"""The canonical monograph document: the one projection of a compound that visitors see.

`build_monograph()` turns a compound and everything its page shows (shared references resolved
into it) into plain JSON-serialisable data. Public templates render only this document, it is served
as JSON, and the approval workflow hashes and freezes exactly this document.
"""

from django.db.models import Prefetch

from evidence.grade import Certainty
from evidence.models import GuidelineRecommendation, Outcome, Reference, Regimen, Review
from evidence.numbers import format_decimal
from evidence.prose import cited_keys, render

from .aggregate import prose_texts
from .models import Comparison, Compound, SiteSettings

# The shape of the document this code builds. Change it with the shape, and teach
# workflow/documents.py to upgrade the previous shape: frozen documents are never rewritten.
SCHEMA_VERSION = 2


def prose_path(field):
    """Where the document holds the HTML of one of the compound's prose fields, as a dotted path:
    'short_answer' -> 'short_answer_html', 'identity_detail' -> 'identity.detail_html'."""
    if field == "short_answer":
        return "short_answer_html"
    section, part = field.rsplit("_", 1)
    return f"{section}.{part}_html"


def monograph_queryset():
    """Compounds with every row their monograph shows, in a fixed number of queries."""
    return Compound.objects.prefetch_related(
        "regulatory_statuses",
        Prefetch(
            "reviews",
            queryset=Review.objects.select_related("reference__updates", "research_area"),
        ),
        Prefetch("outcomes", queryset=Outcome.objects.order_by("position", "id")),
        Prefetch(
            "guidelines",
            queryset=GuidelineRecommendation.objects.select_related(
                "reference__updates", "research_area", "based_on__reference"
            ),
        ),
        Prefetch(
            "regimens", queryset=Regimen.objects.select_related("research_area", "source__updates")
        ),
        "safety_notes",
        Prefetch("comparisons", queryset=Comparison.objects.select_related("other")),
        "faq_items",
    )


class _Citations:
    """Numbers references in order of first use and resolves outcome embeds for prose."""

    def __init__(self, references_by_key, outcomes_by_tag):
        self.references_by_key = references_by_key
        self.outcomes_by_tag = outcomes_by_tag
        self.numbers = {}

    def cite(self, key):
        reference = self.references_by_key.get(key)
        if reference is None:
            return None
        return self.numbers.setdefault(reference.key, len(self.numbers) + 1)

    def outcome(self, tag):
        return self.outcomes_by_tag.get(tag)

    def prose(self, text):
        return render(text, self)

    def cite_reference(self, reference):
        self.references_by_key.setdefault(reference.key, reference)
        return self.cite(reference.key)


def _outcome_document(outcome):
    return {
        "tag": outcome.tag,
        "name": outcome.name,
        "measure": outcome.measure,
        "measure_label": outcome.get_measure_display(),
        "is_ratio": outcome.is_ratio,
        "estimate": _decimal(outcome.estimate),
        "ci_lower": _decimal(outcome.ci_lower),
        "ci_upper": _decimal(outcome.ci_upper),
        "estimate_text": format_decimal(outcome.estimate),
        "ci_text": outcome.ci_text,
        "effect_text": outcome.effect_text,
        "certainty": outcome.certainty,
        "certainty_label": outcome.get_certainty_display(),
        "effect_size": outcome.effect_size,
        "direction": "increase" if outcome.increases else "decrease",
        "higher_is_better": outcome.higher_is_better,
        "studies": outcome.studies,
        "participants": outcome.participants,
        "is_key": outcome.is_key,
        "statement": outcome.statement,
        "statement_overridden": bool(outcome.statement_override),
        "override_reason": outcome.override_reason,
    }


def _certainty_summary(outcomes):
    """'Moderate', or 'Low to moderate' when a review's key outcomes differ."""
    graded = sorted(
        {o["certainty"] for o in outcomes if o["is_key"]} or {o["certainty"] for o in outcomes},
        key=Certainty.rank,
    )
    labels = [Certainty(value).label for value in graded]
    if len(labels) <= 1:
        return labels[0] if labels else "Not graded"
    return f"{labels[-1]} to {labels[0].lower()}"


def _review_document(review, citations, outcomes):
    reference = review.reference
    return {
        "label": reference.short_label,
        "title": reference.title,
        "kind": review.kind,
        "kind_label": review.get_kind_display(),
        "citation": citations.cite_reference(reference),
        "trials": review.trials,
        "participants": review.participants,
        "findings_html": citations.prose(review.findings),
        "conclusion_html": citations.prose(review.conclusion),
        "funding_note": review.funding_note,
        "risk_of_bias_note": review.risk_of_bias_note,
        "table_summary": review.table_summary,
        "outcomes": outcomes,
        "certainty_summary": _certainty_summary(outcomes) if outcomes else "Not graded",
    }


def _guideline_document(guideline, citations):
    return {
        "bodies": guideline.bodies,
        "year": guideline.year,
        "direction": guideline.direction,
        "strength": guideline.strength,
        "strength_label": guideline.get_strength_display(),
        "evidence_quality": guideline.evidence_quality,
        "evidence_quality_label": guideline.get_evidence_quality_display(),
        "recommendation": guideline.recommendation,
        "statement": (
            f"{guideline.get_strength_display().split(' ')[0]} recommendation "
            f"{guideline.direction} {guideline.recommendation}"
        ),
        "label": guideline.reference.short_label,
        "based_on": guideline.based_on.reference.short_label if guideline.based_on else "",
        "citation": citations.cite_reference(guideline.reference),
    }


def _regimen_document(regimen, citations):
    return {
        "research_area": regimen.research_area.name,
        "route": regimen.route,
        "route_label": regimen.get_route_display(),
        "amount_min": _decimal(regimen.amount_min),
        "amount_typical": _decimal(regimen.amount_typical),
        "amount_max": _decimal(regimen.amount_max),
        "unit": regimen.unit,
        "basis": regimen.basis,
        "frequency": regimen.frequency,
        "course_min_days": regimen.course_min_days,
        "course_max_days": regimen.course_max_days,
        "cycle_weeks": regimen.cycle_weeks,
        "amount_text": regimen.amount_text,
        "course_text": regimen.course_text,
        "source_label": regimen.source.short_label,
        "citation": citations.cite_reference(regimen.source),
    }


def _decimal(value):
    """Decimal('30.000') -> '30': exact, never in exponent notation."""
    return None if value is None else format(value.normalize(), "f")


def _reference_document(reference, number, numbers):
    earlier = reference.updates
    return {
        "number": number,
        "key": reference.key,
        "text": reference.citation_text,
        "authors": reference.authors,
        "title": reference.title,
        "journal": reference.journal,
        "year": reference.year,
        "volume": reference.volume,
        "issue": reference.issue,
        "pages": reference.pages,
        "doi": reference.doi or "",
        "doi_url": reference.doi_url,
        "pmid": reference.pmid or "",
        "pubmed_url": reference.pubmed_url,
        "updates": (
            {"label": earlier.short_label, "number": numbers.get(earlier.key), "doi": earlier.doi}
            if earlier
            else None
        ),
    }


def site_document(site):
    """The wording every page carries, from the site settings row."""
    return {
        "brand": site.brand,
        "page_notice": site.page_notice,
        "dosing_notice": site.dosing_notice,
        "disclaimer": site.disclaimer,
        "conflict_of_interest": site.conflict_of_interest,
        "sourcing": {
            "heading": site.sourcing_heading,
            "text": site.sourcing_text,
            "link_text": site.sourcing_link_text,
            "url": site.sourcing_url,
        },
    }


def _cited_references(compound):
    """References cited by key anywhere in the monograph's prose, in one query."""
    keys = {key for _label, text in prose_texts(compound) for key in cited_keys(text)}
    return {
        ref.key: ref for ref in Reference.objects.filter(key__in=keys).select_related("updates")
    }


def build_monograph(compound):
    """The canonical, JSON-serialisable document of a compound's monograph page.

    Sections are built in page order, so citations are numbered in order of first use. Pass a
    compound from `monograph_queryset()` to keep the query count fixed.
    """
    outcome_rows = list(compound.outcomes.all())
    outcomes = {row.id: _outcome_document(row) for row in outcome_rows}
    citations = _Citations(
        _cited_references(compound), {row.tag: outcomes[row.id] for row in outcome_rows}
    )
    prose = citations.prose
    document = {
        "schema_version": SCHEMA_VERSION,
        "compound": _compound_document(compound),
        "short_answer_html": prose(compound.short_answer),
        "identity": {
            "answer_html": prose(compound.identity_answer),
            "detail_html": prose(compound.identity_detail),
        },
        "mechanism": {
            "tier": compound.mechanism_tier,
            "tier_label": compound.get_mechanism_tier_display(),
            "answer_html": prose(compound.mechanism_answer),
            "detail_html": prose(compound.mechanism_detail),
        },
        "evidence": _evidence_document(compound, citations, outcome_rows, outcomes),
        "dosing": {
            "answer_html": prose(compound.dosing_answer),
            "regimens": [_regimen_document(row, citations) for row in compound.regimens.all()],
            "detail_html": prose(compound.dosing_detail),
        },
        "safety": {
            "answer_html": prose(compound.safety_answer),
            "notes": [
                {
                    "topic": note.topic,
                    "topic_label": note.get_topic_display(),
                    "html": prose(note.text),
                    "outcome_tag": outcomes[note.outcome_id]["tag"] if note.outcome_id else None,
                }
                for note in compound.safety_notes.all()
            ],
            "detail_html": prose(compound.safety_detail),
        },
        "comparison": {
            "answer_html": prose(compound.comparison_answer),
            "detail_html": prose(compound.comparison_detail),
            "compounds": [
                {
                    "name": comparison.other.name,
                    "slug": comparison.other.slug,
                    "kind_label": comparison.other.get_kind_display(),
                    "routes": comparison.other.routes,
                    "human_evidence_label": comparison.other.get_human_evidence_display(),
                    "note_html": prose(comparison.note),
                }
                for comparison in compound.comparisons.all()
            ],
        },
        "faq": [
            {"question": item.question, "answer_html": prose(item.answer)}
            for item in compound.faq_items.all()
        ],
    }
    document["references"] = [
        _reference_document(citations.references_by_key[key], number, citations.numbers)
        for key, number in sorted(citations.numbers.items(), key=lambda item: item[1])
    ]
    document["site"] = site_document(SiteSettings.objects.current())
    return document


def _compound_document(compound):
    return {
        "name": compound.name,
        "slug": compound.slug,
        "title": compound.title,
        "summary": compound.summary,
        "synonyms": compound.synonym_list,
        "kind": compound.kind,
        "kind_label": compound.get_kind_display(),
        "composition": compound.composition,
        "origin": compound.origin,
        "sequence": compound.sequence,
        "routes": compound.routes,
        "research_use_only": compound.research_use_only,
        "human_evidence": compound.human_evidence,
        "human_evidence_label": compound.get_human_evidence_display(),
        "regulatory_statuses": [
            {
                "region": status.region,
                "status": status.status,
                "status_label": status.get_status_display(),
                "note": status.note,
            }
            for status in compound.regulatory_statuses.all()
        ],
    }


def _evidence_document(compound, citations, outcome_rows, outcomes):
    """Research areas in order of first appearance, each with its reviews and guidelines."""
    answer_html = citations.prose(compound.evidence_answer)
    areas = {}
    for review in compound.reviews.all():
        area = areas.setdefault(review.research_area_id, _area(review.research_area))
        review_outcomes = [outcomes[row.id] for row in outcome_rows if row.review_id == review.id]
        area["reviews"].append(_review_document(review, citations, review_outcomes))
    for guideline in compound.guidelines.all():
        area = areas.setdefault(guideline.research_area_id, _area(guideline.research_area))
        area["guidelines"].append(_guideline_document(guideline, citations))
    area_list = list(areas.values())
    return {
        "answer_html": answer_html,
        "areas": area_list,
        "summary_rows": [
            {
                "research_area": area["name"],
                "review_label": review["label"],
                "citation": review["citation"],
                "summary": review["table_summary"],
                "certainty": review["certainty_summary"],
            }
            for area in area_list
            for review in area["reviews"]
        ],
        "detail_html": citations.prose(compound.evidence_detail),
    }


def _area(research_area):
    return {
        "name": research_area.name,
        "slug": research_area.slug,
        "reviews": [],
        "guidelines": [],
    }
