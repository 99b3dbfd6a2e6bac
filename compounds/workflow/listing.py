"""What listings and search read of a publication, derived once from its frozen document.

Index, research-area and search pages list hundreds of monographs; reading small derived columns
keeps them from decoding every document on every request.
"""

from evidence.grade import Certainty
from evidence.prose import plain_text

from .documents import outcome_list


def derived_columns(document):
    """The columns a publication derives from its document when it is written."""
    return {
        "name": document["compound"]["name"],
        "card": card(document),
        "area_slugs": area_slugs(document),
        "search_names": search_names(document),
        "search_text": search_text(document),
    }


def card(document):
    """The few facts a listing shows about a monograph."""
    compound = document["compound"]
    areas = document["evidence"]["areas"]
    return {
        "name": compound["name"],
        "slug": compound["slug"],
        "summary": compound["summary"],
        "synonyms": compound["synonyms"],
        "kind_label": compound["kind_label"],
        "human_evidence": compound["human_evidence"],
        "human_evidence_label": compound["human_evidence_label"],
        "areas": [{"slug": area["slug"], "name": area["name"]} for area in areas],
        "reviews": sum(len(area["reviews"]) for area in areas),
        "best_certainty": best_certainty(outcome_list(areas)),
    }


def best_certainty(outcomes):
    """The label of the highest GRADE certainty among outcomes, or '' when none is graded."""
    graded = [o["certainty"] for o in outcomes if o["certainty"] != Certainty.NOT_GRADED]
    if not graded:
        return ""
    return Certainty(min(graded, key=Certainty.rank)).label


def area_slugs(document):
    """' stroke vascular-dementia ': space-delimited so a containment test matches whole slugs."""
    slugs = [area["slug"] for area in document["evidence"]["areas"]]
    return f" {' '.join(slugs)} " if slugs else ""


def search_names(document):
    """Name and synonyms: what a visitor types to find a compound."""
    compound = document["compound"]
    return " ".join([compound["name"], *compound["synonyms"]])


def search_text(document):
    """Every word the page shows, as plain text (markup removed)."""
    words = []
    _collect_text(document, words)
    return " ".join(words)


# Keys whose values are identifiers, URLs or codes rather than words a visitor reads.
_NOT_TEXT = {"slug", "url", "doi_url", "pubmed_url", "tag", "key", "kind", "measure", "certainty"}


def _collect_text(value, words):
    if isinstance(value, dict):
        for key, item in value.items():
            if key not in _NOT_TEXT and key != "site":
                _collect_text(item, words)
    elif isinstance(value, list):
        for item in value:
            _collect_text(item, words)
    elif isinstance(value, str) and value:
        words.append(plain_text(value) if "<" in value else value)
