"""Generated monographs for the benchmark: varied, valid, published through the workflow.

Each compound is about the size of the demo Cerebrolysin (several reviews with outcomes across
research areas, guidelines, regimens, safety notes, comparisons, FAQ and its own references with
unique DOIs and PMIDs). Every row goes through full_clean(), and every monograph is recorded as a
revision, submitted by the demo author and approved by the demo reviewer.
"""

import itertools
import math
import random
import time
from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils.text import slugify

from compounds.workflow.publishing import approve, submit
from compounds.workflow.revisions import record_revision
from compounds.working_copy.aggregate import validate_outcome_embeds
from compounds.working_copy.models import Comparison, Compound, FAQItem, RegulatoryStatus
from evidence.models import (
    GuidelineRecommendation,
    Outcome,
    Reference,
    Regimen,
    ResearchArea,
    Review,
    SafetyNote,
)

NOTE = "Generated for the benchmark"

AREAS = [
    ("acute-ischaemic-stroke", "Acute ischaemic stroke"),
    ("vascular-dementia", "Vascular dementia"),
    ("post-stroke-cognitive-impairment", "Post-stroke cognitive impairment"),
    ("traumatic-brain-injury", "Traumatic brain injury"),
    ("alzheimers-disease", "Alzheimer's disease"),
    ("parkinsons-disease", "Parkinson's disease"),
    ("chronic-wounds", "Chronic wounds"),
    ("tendinopathy", "Tendinopathy"),
    ("obesity", "Obesity"),
    ("type-2-diabetes", "Type 2 diabetes"),
    ("inflammatory-bowel-disease", "Inflammatory bowel disease"),
    ("knee-osteoarthritis", "Knee osteoarthritis"),
    ("sarcopenia", "Sarcopenia"),
    ("major-depressive-disorder", "Major depressive disorder"),
    ("insomnia", "Insomnia"),
    ("dry-eye-disease", "Dry eye disease"),
]

NAME_STARTS = [
    *("Ar", "Bel", "Cor", "Dal", "Ep", "Fer", "Gal", "Hex", "Ix", "Jun", "Kal", "Lum"),
    *("Mel", "Nor", "Ox", "Pra", "Quin", "Ros", "Sel", "Tal", "Ur", "Vel", "Xan", "Zor"),
]
NAME_MIDDLES = ["a", "e", "i", "o", "ano", "ero", "ilo", "ura", "ema"]
NAME_ENDS = ["tide", "relin", "pressin", "tocin", "lysin", "peptin", "morelin", "statin"]
SURNAMES = (
    ["Novak", "Chen", "Okafor", "Lindqvist", "Moreau", "Tanaka", "Kowalski", "Haddad"]
    + ["Fischer", "Santos", "Ivanova", "Park", "Mensah", "Rossi", "Nielsen", "Gupta"]
    + ["Oliveira", "Schmidt", "Yamamoto", "Petrov", "Andersen", "Khan", "Dubois", "Costa"]
)
INITIALS = "ABCDEFGHJKLMNPRST"
JOURNALS = [
    ("Cochrane Database of Systematic Reviews", "1002"),
    ("Stroke", "1161"),
    ("Journal of Neurology", "1007"),
    ("BMJ Open", "1136"),
    ("Frontiers in Pharmacology", "3389"),
    ("Clinical Therapeutics", "1016"),
    ("European Journal of Neurology", "1111"),
    ("Systematic Reviews", "1186"),
]
GUIDELINE_BODIES = [
    "European Stroke Organisation",
    "European Academy of Neurology",
    "National Institute for Health and Care Excellence",
    "American Academy of Neurology",
    "World Federation of Societies of Biological Psychiatry",
    "European Association for the Study of Diabetes",
]
RATIO_OUTCOMES = [
    "all-cause death",
    "death or dependency",
    "serious adverse events",
    "non-fatal serious adverse events",
    "recurrent events",
    "disease progression",
    "hospital admission",
    "withdrawal due to adverse events",
    "clinical response",
    "remission",
]
DIFFERENCE_OUTCOMES = [
    ("general cognition (mini-mental state examination)", True),
    ("functional independence (Barthel index)", True),
    ("pain intensity (0 to 10 scale)", False),
    ("health-related quality of life (SF-36)", True),
    ("body weight (kg)", False),
    ("HbA1c (%)", False),
    ("depressive symptoms (HAM-D)", False),
    ("motor function (UPDRS part III)", False),
    ("sleep quality (PSQI)", False),
    ("wound area healed (%)", True),
]
AMINO_ACIDS = [
    *("Ala", "Arg", "Asn", "Asp", "Cys", "Gln", "Glu", "Gly", "His", "Ile"),
    *("Leu", "Lys", "Met", "Phe", "Pro", "Ser", "Thr", "Trp", "Tyr", "Val"),
]
REGIONS = ["Russia", "United States", "European Union", "China", "Ukraine", "Kazakhstan"]
TITLES = [
    "Mechanism, Research Evidence, and Safety",
    "What It Is and What the Research Shows",
    "Evidence, Regimens Studied, and Safety",
]
MECHANISMS = [
    ("neurotrophic-like activity", "support for neuron survival and repair signaling"),
    ("modulation of growth-hormone release", "stimulation of pituitary secretagogue receptors"),
    ("anti-inflammatory signaling", "reduced cytokine release in injured tissue"),
    ("angiogenic activity", "new blood-vessel growth around damaged tissue"),
    ("melanocortin receptor agonism", "appetite and inflammation pathways"),
    ("BDNF-related signaling", "synaptic plasticity in cognitive circuits"),
    ("incretin-like activity", "glucose-dependent insulin release and satiety"),
]
SAFETY_TEXTS = {
    "adverse_effects": "Trials reported {effects} more often than with placebo, mostly mild "
    "and short-lived [@{key}].",
    "hypersensitivity": "As with other peptide preparations, allergic or hypersensitivity "
    "reactions are a recognised concern, and trials excluded people with known allergies.",
    "administration": "Injection-site reactions were reported; several trials gave it slowly "
    "or in divided doses to limit them [@{key}].",
    "interactions": "Interaction studies are few; trials excluded people taking {drugs}, so "
    "little is known about combined use.",
    "evidence_quality": "Much of the trial base was small, short and manufacturer-supported, "
    "so all safety conclusions carry limited certainty [@{key}].",
}
EFFECTS = [
    *("headache", "nausea", "dizziness", "flushing", "fatigue", "sweating", "agitation"),
    *("injection-site redness", "transient hypotension"),
]
DRUGS = ["anticoagulants", "antiplatelet agents", "antidepressants", "insulin", "corticosteroids"]


def compound_names(count, rng):
    """`count` distinct invented peptide names, none a demo name."""
    names = [a + b + c for a, b, c in itertools.product(NAME_STARTS, NAME_MIDDLES, NAME_ENDS)]
    rng.shuffle(names)
    taken = set(Compound.objects.values_list("name", flat=True))
    names = [name for name in names if name not in taken]
    if count > len(names):
        raise SystemExit(f"Can invent {len(names)} names at most, not {count}.")
    return names[:count]


def research_areas():
    """The shared research areas, the demo's three among them, by slug."""
    areas = {area.slug: area for area in ResearchArea.objects.all()}
    for slug, name in AREAS:
        if slug not in areas:
            area = ResearchArea(slug=slug, name=name, description=f"Research on {name.lower()}.")
            areas[slug] = save_clean(area)
    return areas


def save_clean(instance):
    """Validate like the admin does, then save."""
    instance.full_clean()
    instance.save()
    return instance


def effect_size(size):
    """How a review would judge an effect of this size (log ratio, or difference / 3)."""
    limits = [(0.05, "trivial"), (0.2, "small"), (0.5, "moderate")]
    return next((label for limit, label in limits if size < limit), "large")


def rounded(value, rounding):
    return Decimal(str(value)).quantize(Decimal("0.01"), rounding=rounding)


class MonographWriter:
    """Writes one compound's monograph: references first, then the compound, then its rows."""

    def __init__(self, index, name, rng, areas, others):
        self.index, self.name, self.rng = index, name, rng
        self.slug = slugify(name)
        self.areas = rng.sample(list(areas.values()), rng.randint(2, 3))
        self.others = others
        self.mechanism, self.mechanism_detail = rng.choice(MECHANISMS)

    def write(self):
        self.references = self.write_references(len(self.areas) + 2)
        self.review_refs = self.references[: len(self.areas)]
        self.guideline_ref, self.extra_ref = self.references[-2:]
        self.reviews = []
        self.outcomes = []
        self.plan_outcomes()
        compound = save_clean(self.compound_row())
        self.write_rows(compound)
        validate_outcome_embeds(compound)
        return compound

    def write_references(self, count):
        rng, refs = self.rng, []
        for n in range(count):
            journal, registrant = rng.choice(JOURNALS)
            year = rng.randint(2005, 2024)
            authors = ", ".join(
                f"{surname} {rng.choice(INITIALS)}{rng.choice(INITIALS)}"
                for surname in rng.sample(SURNAMES, rng.randint(2, 6))
            )
            number = self.index * 8 + n
            cochrane = registrant == "1002"
            first_page = rng.randint(1, 900)
            pages = f"CD{100000 + number:06d}" if cochrane else f"{first_page}-{first_page + 12}"
            doi = (
                f"10.1002/14651858.{pages}.pub{rng.randint(1, 6)}"
                if cochrane
                else f"10.{registrant}/bench.{year}.{number:05d}"
            )
            reference = Reference(
                key=f"{authors.split()[0].lower()}{year}-{self.index:04d}{'abcdefgh'[n]}",
                authors=authors,
                title=self.reference_title(rng, n),
                journal=journal,
                year=year,
                volume="" if cochrane else str(rng.randint(10, 80)),
                issue=str(rng.randint(1, 12)),
                pages=pages,
                doi=doi,
                pmid=str(20_000_000 + number) if rng.random() < 0.8 else None,
            )
            if n == count - 1 and rng.random() < 0.3:  # an update of a review, like Cui 2019
                reference.year = max(reference.year, refs[0].year)
                reference.title = refs[0].title
                reference.updates = refs[0]
            refs.append(save_clean(reference))
        return refs

    def reference_title(self, rng, n):
        if n < len(self.areas):
            area = self.areas[n].name.lower()
            return rng.choice(
                [
                    f"{self.name} for {area}",
                    f"{self.name} in {area}: a systematic review and meta-analysis",
                    f"Efficacy and safety of {self.name.lower()} in {area}",
                ]
            )
        return rng.choice(
            [
                f"Guideline on the management of {self.areas[0].name.lower()}",
                f"Peptide therapies in {self.areas[-1].name.lower()}: an overview",
                f"Pharmacology of {self.name.lower()} and related peptides",
            ]
        )

    def plan_outcomes(self):
        """Decide each review's outcomes before writing prose that embeds them."""
        rng = self.rng
        self.planned = []
        for review_number, _ in enumerate(self.review_refs):
            for k in range(rng.randint(1, 3)):
                self.planned.append((review_number, self.outcome_values(review_number, k)))

    def outcome_values(self, review_number, k):
        rng = self.rng
        ratio = rng.random() < 0.55
        certainty = rng.choices(
            ["high", "moderate", "low", "very_low", "not_graded"], [1, 4, 4, 3, 1]
        )[0]
        if ratio:
            log_estimate = rng.gauss(0, 0.45)
            size = abs(log_estimate)
            estimate = max(Decimal("0.05"), rounded(math.exp(log_estimate), ROUND_FLOOR))
            name, higher_is_better = rng.choice(RATIO_OUTCOMES), rng.random() < 0.2
            measure = rng.choice(["RR", "RR", "OR", "HR"])
        else:
            name, higher_is_better = rng.choice(DIFFERENCE_OUTCOMES)
            estimate = rounded(rng.gauss(0, 1.6), ROUND_FLOOR)
            size = abs(float(estimate)) / 3
            measure = rng.choice(["MD", "WMD", "SMD"])
        values = {
            "tag": f"{slugify(name)[:40]}-{review_number}{k}",
            "name": name,
            "measure": measure,
            "estimate": estimate,
            "certainty": certainty,
            "effect_size": effect_size(size),
            "higher_is_better": higher_is_better,
            "studies": rng.randint(2, 24),
            "participants": rng.randint(60, 4000),
            "is_key": k == 0 or rng.random() < 0.5,
        }
        if rng.random() < 0.85:
            spread = rng.uniform(0.1, 0.6)
            if ratio:
                low = rounded(float(estimate) * math.exp(-1.96 * spread), ROUND_FLOOR)
                values["ci_lower"] = max(Decimal("0.01"), low)
                values["ci_upper"] = rounded(
                    float(estimate) * math.exp(1.96 * spread), ROUND_CEILING
                )
            else:
                values["ci_lower"] = rounded(float(estimate) - 1.96 * spread * 2, ROUND_FLOOR)
                values["ci_upper"] = rounded(float(estimate) + 1.96 * spread * 2, ROUND_CEILING)
        return values

    def cite(self, *references):
        return "[" + "; ".join(f"@{ref.key}" for ref in references) + "]"

    def compound_row(self):
        rng, name = self.rng, self.name
        kind = rng.choice(["peptide_mixture", "single_peptide", "peptide_analogue"])
        sequence = (
            ""
            if kind == "peptide_mixture"
            else "-".join(rng.choice(AMINO_ACIDS) for _ in range(rng.randint(4, 14)))
        )
        route = rng.choice(["subcutaneous injection", "intravenous infusion", "intranasal spray"])
        first, second = self.review_refs[0], self.review_refs[1]
        area_names = " and ".join(area.name.lower() for area in self.areas[:2])
        key_tag = self.planned[0][1]["tag"]
        reviews_sentence = "; ".join(
            f"one in {self.areas[n].name.lower()} "
            f"({ref.authors.split()[0]} et al., {ref.year} {self.cite(ref)})"
            for n, ref in enumerate(self.review_refs)
        )
        return Compound(
            name=name,
            slug=self.slug,
            title=f"{name}: {rng.choice(TITLES)}",
            summary=f"{'Peptide mixture' if kind == 'peptide_mixture' else 'Research peptide'} "
            f"studied in {area_names}; systematic reviews find limited, mixed evidence.",
            synonyms=f"{name.upper()[:3]}-{rng.randint(100, 999)}, {name} acetate",
            kind=kind,
            composition=rng.choice(
                [
                    "Low-molecular-weight peptides and free amino acids",
                    "Synthetic linear peptide",
                    "Cyclic peptide analogue of an endogenous hormone fragment",
                ]
            ),
            origin=rng.choice(
                [
                    "",
                    "Solid-phase peptide synthesis",
                    "Enzymatic digestion of purified animal protein",
                ]
            ),
            sequence=sequence,
            routes=route.capitalize() + " in trials",
            human_evidence=rng.choice(["systematic_reviews", "clinical_trials", "limited"]),
            mechanism_tier=rng.choice(["supported", "proposed_preclinical", "contested"]),
            short_answer=(
                f"{name} is a {kind.replace('_', ' ')} that research describes as having "
                f"{self.mechanism}, a mechanism drawn mostly from laboratory and animal work. "
                f"The best-synthesized human evidence comes from {len(self.review_refs)} "
                f"systematic reviews: {reviews_sentence}. [[statement:{key_tag}]] "
                f"([[outcome:{key_tag}]]). The reviews rate the underlying trial base as limited "
                f"and often manufacturer-funded. {name} is given by {route} in trials, and this "
                "catalog lists it for laboratory research use only."
            ),
            identity_answer=f"{name} is a {kind.replace('_', ' ')} studied for {self.mechanism}.",
            identity_detail=(
                f"It is described in the literature as a {kind.replace('_', ' ')} "
                f"{self.cite(first)}. Researchers group it with agents proposed to act through "
                f"{self.mechanism_detail}. Its regulatory status varies by region. On this "
                "catalog it is offered for research use only."
            ),
            mechanism_answer=f"Its proposed mechanism is {self.mechanism}, mainly from "
            "preclinical work; it is not firmly established in humans.",
            mechanism_detail=(
                f"In laboratory and animal models, {name.lower()} has been linked to "
                f"{self.mechanism_detail} {self.cite(self.extra_ref)}. Human confirmation of a "
                "specific mechanism is limited; the clinical reviews below measured outcomes, "
                "not mechanisms. Treat mechanism claims here as proposed rather than proven."
            ),
            evidence_answer=(
                f"Systematic reviews in {area_names} report small or uncertain effects, with "
                "evidence of low to moderate certainty."
            ),
            evidence_detail=f"Across these areas the pattern is mixed and of limited quality "
            f"{self.cite(first, second)}.",
            dosing_answer=(
                f"Trials gave {name.lower()} by {route}, in courses of days to weeks. These "
                "figures describe what studies administered, not a protocol for anyone."
            ),
            dosing_detail=(
                "These figures describe historical study regimens and differed across trials. "
                "Doses were selected and supervised by trial investigators; any personal decision "
                "belongs with a qualified clinician."
            ),
            safety_answer=(
                f"Trials often described {name.lower()} as well tolerated, but reported "
                f"{', '.join(rng.sample(EFFECTS, 3))} and injection-site reactions."
            ),
            safety_detail=f"Longer-term safety data are scarce {self.cite(second)}.",
            comparison_answer=(
                f"{name} is compared below with related research peptides; there are no strong "
                "head-to-head human trials among them."
            ),
            comparison_detail="They differ in structure, route, and how much human data exists. "
            "See the linked pages for each compound.",
        )

    def write_rows(self, compound):
        rng = self.rng
        for position, region in enumerate(rng.sample(REGIONS, rng.randint(1, 3))):
            status = rng.choice(["approved", "registered", "clinical_use", "not_approved"])
            save_clean(
                RegulatoryStatus(compound=compound, region=region, status=status, position=position)
            )
        self.write_reviews(compound)
        self.write_guideline(compound)
        self.write_regimens(compound)
        self.write_safety_notes(compound)
        for position, other in enumerate(rng.sample(self.others, min(3, len(self.others)))):
            note = f"{other.name} is a related compound studied for overlapping research areas."
            save_clean(Comparison(compound=compound, other=other, note=note, position=position))
        self.write_faq(compound)

    def write_reviews(self, compound):
        rng = self.rng
        for n, reference in enumerate(self.review_refs):
            planned = [values for number, values in self.planned if number == n]
            tags = [values["tag"] for values in planned]
            area = self.areas[n]
            findings = (
                f"The review pooled randomized trials of {self.name.lower()} in "
                f"{area.name.lower()}. [[statement:{tags[0]}]] ([[outcome:{tags[0]}]])."
                + "".join(
                    f" It also reported [[outcome:{tag}]] for {values['name']}."
                    for tag, values in zip(tags[1:], planned[1:], strict=True)
                )
                + f" The reviewers flagged small samples and risk of bias {self.cite(reference)}."
            )
            review = save_clean(
                Review(
                    compound=compound,
                    reference=reference,
                    research_area=area,
                    kind=rng.choice(["cochrane", "systematic", "meta_analysis"]),
                    trials=rng.randint(3, 30),
                    participants=rng.randint(150, 6000),
                    findings=findings,
                    funding_note=rng.choice(
                        [
                            "The manufacturer supported several trials.",
                            "Funding was mostly academic.",
                            "",
                        ]
                    ),
                    risk_of_bias_note="Small samples, unclear allocation concealment, attrition.",
                    conclusion="Not sufficient evidence to recommend routine use in "
                    f"{area.name.lower()}.",
                    table_summary=f"{planned[0]['name'].capitalize()}: uncertain or small effect; "
                    "more trials needed",
                    position=n,
                )
            )
            self.reviews.append(review)
            for k, values in enumerate(planned):
                outcome = Outcome(compound=compound, review=review, position=k, **values)
                self.outcomes.append(save_clean(outcome))

    def write_guideline(self, compound):
        rng = self.rng
        year = max(self.guideline_ref.year, 2000)
        based_on = next((r for r in self.reviews if r.reference.year <= year), None)
        save_clean(
            GuidelineRecommendation(
                compound=compound,
                research_area=self.areas[0],
                reference=self.guideline_ref,
                bodies=" and ".join(rng.sample(GUIDELINE_BODIES, rng.randint(1, 2))),
                year=year,
                direction=rng.choice(["for", "against"]),
                strength=rng.choice(["strong", "weak"]),
                evidence_quality=rng.choice(["moderate", "low", "very_low"]),
                recommendation=f"using {self.name.lower()} for {self.areas[0].name.lower()}",
                based_on=based_on,
            )
        )

    def write_regimens(self, compound):
        rng = self.rng
        for position, area in enumerate(self.areas):
            unit = rng.choice(["mL", "mg", "µg", "µg/kg"])
            typical = Decimal(rng.choice([1, 2, 5, 10, 20, 30, 100, 250, 500]))
            low = typical / 2 if rng.random() < 0.5 else None
            course = rng.randint(5, 30)
            save_clean(
                Regimen(
                    compound=compound,
                    research_area=area,
                    route=rng.choice(
                        ["iv_infusion", "subcutaneous", "intranasal", "intramuscular"]
                    ),
                    amount_min=low,
                    amount_typical=typical,
                    amount_max=typical * rng.choice([1, 2, 3]),
                    unit=unit,
                    frequency=rng.choice(
                        ["", "given 5 days per week", "once daily", "twice daily"]
                    ),
                    course_min_days=course,
                    course_max_days=course + rng.randint(0, 21),
                    cycle_weeks=rng.choice([None, None, 2, 4]),
                    source=self.review_refs[position],
                    position=position,
                )
            )

    def write_safety_notes(self, compound):
        rng = self.rng
        harm = next((o for o in self.outcomes if o.measure in ("RR", "OR", "HR")), None)
        position = 0
        if harm:
            text = (
                f"A review reported {harm.name} with treatment ([[outcome:{harm.tag}]]) "
                f"{self.cite(self.review_refs[0])}."
            )
            save_clean(
                SafetyNote(
                    compound=compound,
                    topic="serious_adverse_events",
                    text=text,
                    outcome=harm,
                    position=0,
                )
            )
            position = 1
        for topic in rng.sample(sorted(SAFETY_TEXTS), rng.randint(2, 4)):
            text = SAFETY_TEXTS[topic].format(
                key=rng.choice(self.review_refs).key,
                effects=", ".join(rng.sample(EFFECTS, 3)),
                drugs=rng.choice(DRUGS),
            )
            save_clean(SafetyNote(compound=compound, topic=topic, text=text, position=position))
            position += 1

    def write_faq(self, compound):
        rng, name = self.rng, self.name
        tag = self.planned[0][1]["tag"]
        items = [
            (
                f"Is {name.lower()} taken by mouth?",
                f"No. Trials gave it by injection or infusion {self.cite(self.review_refs[0])}.",
            ),
            (
                f"Does {name.lower()} work for {self.areas[0].name.lower()}?",
                f"[[statement:{tag}]] ([[outcome:{tag}]]), according to the most recent review "
                f"{self.cite(self.review_refs[0])}.",
            ),
            (
                f"Is {name.lower()} approved as a medicine?",
                "Its regulatory status varies by region. This catalog lists it for laboratory "
                "research use only.",
            ),
            (
                f"Do guidelines recommend {name.lower()}?",
                f"A {self.guideline_ref.year} guideline made a recommendation about it, noting the "
                f"limited evidence {self.cite(self.guideline_ref)}.",
            ),
            (
                f"How long were {name.lower()} courses in trials?",
                "Courses in trials ran from days to several weeks; see the regimens table.",
            ),
            (
                f"Is {name.lower()} safe?",
                "Trials reported mostly mild adverse effects, but the safety evidence is limited "
                f"{self.cite(self.extra_ref)}.",
            ),
        ]
        for position, (question, answer) in enumerate(items[: rng.randint(4, 6)]):
            save_clean(
                FAQItem(compound=compound, question=question, answer=answer, position=position)
            )


def planned_monographs(count, seed):
    """(index, name) of each monograph to write; indexes keep keys, DOIs and PMIDs unique.

    Creates the shared research areas first, so that workers only read them."""
    research_areas()
    offset = Compound.objects.count()
    return list(enumerate(compound_names(count, random.Random(seed)), start=offset))


def publish_monographs(planned, seed, label="", total=None):
    """Write and publish the planned monographs, printing progress and timing."""
    User = get_user_model()
    author, reviewer = User.objects.get(username="author"), User.objects.get(username="reviewer")
    areas = research_areas()
    others = list(Compound.objects.filter(publications__isnull=False).distinct()[:50])
    started = time.monotonic()
    for done, (index, name) in enumerate(planned, start=1):
        rng = random.Random(f"{seed}-{name}")
        with transaction.atomic():
            compound = MonographWriter(index, name, rng, areas, others[-50:]).write()
            record_revision(compound, author, NOTE)
            submission = submit(compound, author, NOTE)
            approve(submission, reviewer, "Checked for the benchmark.")
        others.append(compound)
        if done % 100 == 0 or done == len(planned):
            elapsed = time.monotonic() - started
            print(
                f"  {label}{done:5d}/{len(planned)} published in {elapsed:6.1f} s "
                f"({elapsed / done * 1000:.0f} ms each)",
                flush=True,
            )
