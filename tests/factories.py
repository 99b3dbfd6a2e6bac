"""Factories for monograph data: any compound, not just the demo one."""

from decimal import Decimal

import factory

from compounds.models import Comparison, Compound, FAQItem, RegulatoryStatus
from evidence.models import (
    GuidelineRecommendation,
    Outcome,
    Reference,
    Regimen,
    ResearchArea,
    Review,
    SafetyNote,
)


class ResearchAreaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ResearchArea

    name = factory.Sequence(lambda n: f"Research area {n}")
    slug = factory.Sequence(lambda n: f"research-area-{n}")


class ReferenceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Reference

    key = factory.Sequence(lambda n: f"author{n}2020")
    authors = factory.Sequence(lambda n: f"Author{n} A, Second B")
    title = factory.Sequence(lambda n: f"A systematic review number {n}")
    journal = "Journal of Evidence"
    year = 2020
    volume = "12"
    issue = "3"
    pages = "100-110"
    doi = factory.Sequence(lambda n: f"10.1000/test.{n}")
    pmid = factory.Sequence(lambda n: str(30000000 + n))


class CompoundFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Compound

    name = factory.Sequence(lambda n: f"Testpeptide {n}")
    slug = factory.Sequence(lambda n: f"testpeptide-{n}")
    title = factory.LazyAttribute(lambda o: f"{o.name}: Mechanism, Research Evidence, and Safety")
    summary = "A test compound."
    kind = "single_peptide"
    composition = "A synthetic heptapeptide"
    routes = "Intranasal"
    human_evidence = "systematic_reviews"
    mechanism_tier = "proposed_preclinical"
    short_answer = "A short answer."


class RegulatoryStatusFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RegulatoryStatus

    compound = factory.SubFactory(CompoundFactory)
    region = factory.Sequence(lambda n: f"Region {n}")
    status = "not_approved"


class ReviewFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Review

    compound = factory.SubFactory(CompoundFactory)
    reference = factory.SubFactory(ReferenceFactory)
    research_area = factory.SubFactory(ResearchAreaFactory)
    trials = 5
    participants = 400
    table_summary = "Little to no difference"


class OutcomeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Outcome

    review = factory.SubFactory(ReviewFactory)
    compound = factory.SelfAttribute("review.compound")
    tag = factory.Sequence(lambda n: f"outcome-{n}")
    name = factory.Sequence(lambda n: f"outcome number {n}")
    measure = "RR"
    estimate = Decimal("0.80")
    ci_lower = Decimal("0.60")
    ci_upper = Decimal("1.05")
    certainty = "moderate"
    effect_size = "moderate"


class GuidelineFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = GuidelineRecommendation

    compound = factory.SubFactory(CompoundFactory)
    research_area = factory.SubFactory(ResearchAreaFactory)
    reference = factory.SubFactory(ReferenceFactory)
    bodies = "A Guideline Society"
    year = 2021
    direction = "against"
    strength = "weak"
    evidence_quality = "low"
    recommendation = "using the compound routinely"


class RegimenFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Regimen

    compound = factory.SubFactory(CompoundFactory)
    research_area = factory.SubFactory(ResearchAreaFactory)
    route = "intranasal"
    amount_min = Decimal("100")
    amount_typical = Decimal("300")
    amount_max = Decimal("600")
    unit = "µg"
    course_min_days = 5
    course_max_days = 14
    source = factory.SubFactory(ReferenceFactory)


class SafetyNoteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SafetyNote

    compound = factory.SubFactory(CompoundFactory)
    topic = "adverse_effects"
    text = "Headache was reported."


class ComparisonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Comparison

    compound = factory.SubFactory(CompoundFactory)
    other = factory.SubFactory(CompoundFactory)
    note = "A different peptide."


class FAQItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FAQItem

    compound = factory.SubFactory(CompoundFactory)
    question = factory.Sequence(lambda n: f"Question {n}?")
    answer = "An answer."
