"""Side-by-side comparison of live monographs, chosen by address or name."""

import difflib
from dataclasses import dataclass, field

from compounds.workflow.documents import outcomes_in

MAX_COMPARED = 6
MAX_TERMS = 12  # bounds the work a hostile query can cause
MAX_TERM_LENGTH = 120
MAX_SUGGESTIONS = 3


@dataclass
class CompareRequest:
    """Which compounds a visitor asked for, resolved against the live monographs."""

    slugs: list = field(default_factory=list)
    unknown: list = field(default_factory=list)
    suggestions: dict = field(default_factory=dict)  # unknown term -> card of a close match
    too_many: bool = False

    @property
    def corrected(self):
        """The slugs asked for with each suggestion taken, for a 'did you mean' link."""
        suggested = [card["slug"] for card in self.suggestions.values()]
        return ",".join(dict.fromkeys([*self.slugs, *suggested]))


def parse_compounds(raw, live):
    """Resolve 'semax, Cerebrolysin,dihexa' to slugs of live monographs.

    `live` holds the listing card of every current publication. A term may be a slug, a name or
    a synonym in any case; a term that matches nothing gets a close-match suggestion.
    """
    cards_by_slug = {card["slug"]: card for card in live}
    by_term = {slug: slug for slug in cards_by_slug}
    for card in live:
        for term in [card["name"], *card["synonyms"]]:
            by_term.setdefault(term.casefold(), card["slug"])
    terms = [term.strip()[:MAX_TERM_LENGTH] for term in raw.split(",", MAX_TERMS)]
    request = CompareRequest(too_many=len(terms) > MAX_TERMS)
    for term in filter(None, terms[:MAX_TERMS]):
        slug = by_term.get(term) or by_term.get(term.casefold())
        if slug is None:
            request.unknown.append(term)
            if len(request.suggestions) < MAX_SUGGESTIONS:
                close = difflib.get_close_matches(term.casefold(), by_term, n=1, cutoff=0.75)
                if close:
                    request.suggestions[term] = cards_by_slug[by_term[close[0]]]
        elif slug not in request.slugs:
            request.slugs.append(slug)
    if len(request.slugs) > MAX_COMPARED:
        request.slugs, request.too_many = request.slugs[:MAX_COMPARED], True
    return request


def comparison_rows(documents):
    """One row per property, one cell per compound, in the order the page shows them."""
    compounds = [document["compound"] for document in documents]
    return [
        ("Kind", [c["kind_label"] for c in compounds]),
        ("Composition or sequence", [_composition(c) for c in compounds]),
        ("Routes studied", [c["routes"] or "Not reported" for c in compounds]),
        ("Regulatory status", [_statuses(c) for c in compounds]),
        ("Strength of human evidence", [c["human_evidence_label"] for c in compounds]),
        ("Research areas", [_areas(d) for d in documents]),
    ]


def key_outcomes(document):
    """The review outcomes a monograph marks as key (all of them if none is marked)."""
    outcomes = [
        {**outcome, "review_label": review["label"], "research_area": area["name"]}
        for area, review, outcome in outcomes_in(document["evidence"]["areas"])
    ]
    return [o for o in outcomes if o["is_key"]] or outcomes


def _composition(compound):
    return compound["sequence"] or compound["composition"] or "Not recorded"


def _statuses(compound):
    statuses = compound["regulatory_statuses"]
    if not statuses:
        return "Not recorded"
    return "; ".join(f"{s['region']}: {s['status_label']}" for s in statuses)


def _areas(document):
    return ", ".join(area["name"] for area in document["evidence"]["areas"]) or "None recorded"
