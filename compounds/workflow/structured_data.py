"""JSON-LD for a live monograph page, describing only what the page shows."""

import json

from django.utils import timezone

from compounds.working_copy.models import RegulatoryStatusChoice
from evidence.prose import plain_text

# A compound approved, registered or used clinically somewhere is a drug there; the rest are
# research chemicals.
_MEDICINE_STATUSES = {
    RegulatoryStatusChoice.APPROVED,
    RegulatoryStatusChoice.REGISTERED,
    RegulatoryStatusChoice.CLINICAL_USE,
}
# Characters that could end the <script> element or start markup inside it.
_SCRIPT_SAFE = str.maketrans({"<": "\\u003C", ">": "\\u003E", "&": "\\u0026"})


def json_ld(graph):
    """Serialise for a <script type="application/ld+json"> element."""
    return json.dumps(
        {"@context": "https://schema.org", "@graph": graph}, ensure_ascii=False
    ).translate(_SCRIPT_SAFE)


def monograph_graph(document, publication, url):
    """The page, the compound it is about, its references and its FAQ."""
    compound = document["compound"]
    page = {
        "@type": "MedicalWebPage",
        "@id": f"{url}#page",
        "url": url,
        "name": compound["title"],
        "inLanguage": "en",
        # The date the page shows: in the site's time zone, not UTC.
        "lastReviewed": timezone.localdate(publication.approved_at).isoformat(),
        "reviewedBy": {"@type": "Person", "name": publication.approver_name},
        "dateModified": publication.effective_at.isoformat(),
        "publisher": {"@type": "Organization", "name": document["site"]["brand"]},
        "about": {"@id": f"{url}#compound"},
        "citation": [_article(reference) for reference in document["references"]],
    }
    if publication.author_name:
        page["author"] = {"@type": "Person", "name": publication.author_name}
    graph = [page, _substance(compound, url)]
    if document["faq"]:
        graph.append(_faq(document["faq"], url))
    return graph


def _substance(compound, url):
    statuses = compound["regulatory_statuses"]
    is_drug = any(status["status"] in _MEDICINE_STATUSES for status in statuses)
    substance = {
        "@type": "Drug" if is_drug else "ChemicalSubstance",
        "@id": f"{url}#compound",
        "name": compound["name"],
        "url": url,
    }
    if compound["synonyms"]:
        substance["alternateName"] = compound["synonyms"]
    if is_drug:
        if compound["routes"]:
            substance["administrationRoute"] = compound["routes"]
        substance["legalStatus"] = [f"{s['region']}: {s['status_label']}" for s in statuses]
    elif compound["sequence"] or compound["composition"]:
        substance["chemicalComposition"] = compound["sequence"] or compound["composition"]
    return substance


def _article(reference):
    article = {
        "@type": "MedicalScholarlyArticle",
        "name": reference["title"],
        "author": reference["authors"],
        "datePublished": str(reference["year"]),
        "isPartOf": {"@type": "Periodical", "name": reference["journal"]},
        "identifier": [],
    }
    if reference["doi"]:
        article["identifier"].append(
            {"@type": "PropertyValue", "propertyID": "DOI", "value": reference["doi"]}
        )
        article["sameAs"] = reference["doi_url"]
    if reference["pmid"]:
        article["identifier"].append(
            {"@type": "PropertyValue", "propertyID": "PMID", "value": reference["pmid"]}
        )
    return article


def _faq(items, url):
    return {
        "@type": "FAQPage",
        "@id": f"{url}#faq",
        "mainEntity": [
            {
                "@type": "Question",
                "name": item["question"],
                "acceptedAnswer": {"@type": "Answer", "text": plain_text(item["answer_html"])},
            }
            for item in items
        ],
    }
