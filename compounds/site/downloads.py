"""Downloads of a live monograph's data: its outcomes as CSV and JSON, its references as RIS and
BibTeX.

Like the page, every download reads only the current publication's frozen document, so it shows
exactly what a reviewer approved and costs one query.
"""

import csv
import io
import json
import re

from django.conf import settings
from django.http import HttpResponse
from django.urls import reverse
from django.utils.http import content_disposition_header

from compounds.workflow.documents import outcomes_in, upgraded

from .page_cache import public_page
from .views import follows_renamed_slugs, live_publication_or_404

OUTCOMES_SCHEMA_VERSION = 1
OUTCOME_COLUMNS = (
    "research_area",
    "review_label",
    "review_title",
    "review_doi",
    "review_pmid",
    "review_citation",
    "outcome",
    "measure",
    "measure_label",
    "estimate",
    "ci_lower",
    "ci_upper",
    "certainty",
    "certainty_label",
    "studies",
    "participants",
    "statement",
)
# Spreadsheets run a cell that starts with one of these as a formula (OWASP "CSV injection").
_FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"-?\d+(?:\.\d+)?")
_ET_AL = re.compile(r",?\s*\bet\.?\s+al\b\.?\s*$", re.IGNORECASE)
_INITIALS = re.compile(r"[A-Z]{1,4}")
_PAGE_RANGE = re.compile(r"\s*(\S+?)\s*[-–]+\s*(\S+)\s*")
# BibTeX counts every brace, escaped or not, so braces become commands whose own braces balance.
_BIBTEX_SPECIALS = str.maketrans(
    {
        "\\": r"\textbackslash{}",
        "{": r"\textbraceleft{}",
        "}": r"\textbraceright{}",
        "%": r"\%",
        "&": r"\&",
        "$": r"\$",
        "#": r"\#",
        "_": r"\_",
        "~": r"\textasciitilde{}",
        "^": r"\textasciicircum{}",
    }
)


def outcome_rows(document):
    """One row per review outcome, in page order, naming the review it comes from."""
    references = {reference["number"]: reference for reference in document["references"]}
    for area, review, outcome in outcomes_in(document["evidence"]["areas"]):
        source = references[review["citation"]]
        yield {
            "research_area": area["name"],
            "review_label": review["label"],
            "review_title": review["title"],
            "review_doi": source["doi"],
            "review_pmid": source["pmid"],
            "review_citation": review["citation"],
            "outcome": outcome["name"],
            "measure": outcome["measure"],
            "measure_label": outcome["measure_label"],
            "estimate": outcome["estimate"],
            "ci_lower": outcome["ci_lower"],
            "ci_upper": outcome["ci_upper"],
            "certainty": outcome["certainty"],
            "certainty_label": outcome["certainty_label"],
            "studies": outcome["studies"],
            "participants": outcome["participants"],
            "statement": outcome["statement"],
        }


def _spreadsheet_cell(value):
    """The value as a spreadsheet should show it: numbers stay numbers, text never runs."""
    text = "" if value is None else str(value)
    if text.startswith(_FORMULA_TRIGGERS) and not _NUMBER.fullmatch(text):
        return "'" + text
    return text


def outcomes_as_csv(document):
    """The outcome rows as RFC 4180 CSV, starting with a byte-order mark so Excel reads UTF-8."""
    table = io.StringIO()
    table.write("\ufeff")
    writer = csv.DictWriter(table, fieldnames=OUTCOME_COLUMNS)
    writer.writeheader()
    for row in outcome_rows(document):
        writer.writerow({column: _spreadsheet_cell(value) for column, value in row.items()})
    return table.getvalue()


def outcomes_as_json(publication, page_url):
    """The outcome rows with the approval they carry; decimals stay exact strings."""
    document = upgraded(publication.document)
    payload = {
        "schema_version": OUTCOMES_SCHEMA_VERSION,
        "compound": document["compound"]["name"],
        "slug": publication.slug,
        "url": page_url,
        "reviewed_at": publication.approved_at.isoformat(),  # public wording, as JSON-LD's
        "reviewed_by": publication.approver_name,
        "outcomes": list(outcome_rows(document)),
    }
    return json.dumps(payload, ensure_ascii=False, indent=2)


def _one_line(value):
    """Any run of whitespace, newlines included, as one space: both formats are line-based."""
    return " ".join(str(value).split())


def _authors(authors):
    """'Quinn TJ, de la Cruz M, et al.' -> ([('Quinn', 'TJ'), ('de la Cruz', 'M')], True).

    Names are stored Vancouver-style; the flag says whether "et al." cuts the list short.
    """
    listed = _ET_AL.sub("", authors)
    names = []
    for name in (name.strip() for name in listed.split(",")):
        surname, _, initials = name.rpartition(" ")
        if surname and _INITIALS.fullmatch(initials):
            names.append((surname, initials))
        elif name:
            names.append((name, ""))  # a group author such as "World Health Organization"
    return names, listed != authors


def _page_range(pages):
    """'3883-3920' -> ('3883', '3920'); an article number such as 'CD007026' has no last page."""
    match = _PAGE_RANGE.fullmatch(pages)
    return match.groups() if match else (pages.strip(), "")


def references_as_ris(document):
    """Each numbered reference as one RIS record, every line ending in CRLF as the spec has it."""
    return "".join(_ris_record(reference) for reference in document["references"])


def _ris_record(reference):
    authors, _ = _authors(reference["authors"])
    first_page, last_page = _page_range(reference["pages"])
    tags = [
        ("TY", "JOUR"),
        *(
            ("AU", f"{surname}, {'.'.join(initials)}." if initials else surname)
            for surname, initials in authors
        ),
        ("TI", reference["title"]),
        ("T2", reference["journal"]),
        ("PY", reference["year"]),
        ("VL", reference["volume"]),
        ("IS", reference["issue"]),
        ("SP", first_page),
        ("EP", last_page),
        ("DO", reference["doi"]),
        ("AN", reference["pmid"]),  # the accession number in the database DB names
        ("DB", "PubMed" if reference["pmid"] else ""),
        ("UR", reference["doi_url"] or reference["pubmed_url"]),
    ]
    lines = [f"{tag}  - {_one_line(value)}" for tag, value in tags if value]
    return "\r\n".join([*lines, "ER  - ", "", ""])


def references_as_bibtex(document):
    """Each numbered reference as an @article entry under a citation key unique in the file."""
    taken = set()
    return "\n".join(
        _bibtex_entry(reference, _citation_key(reference, taken))
        for reference in document["references"]
    )


def _citation_key(reference, taken):
    """The reference's key in characters BibTeX allows, numbered on until no entry has it."""
    base = re.sub(r"[^\w:.-]", "", reference["key"], flags=re.ASCII)
    base = base or f"ref{reference['number']}"
    key, suffix = base, 1
    while key.lower() in taken:  # BibTeX compares keys ignoring case
        suffix += 1
        key = f"{base}-{suffix}"
    taken.add(key.lower())
    return key


def _bibtex_text(value):
    return _one_line(value).translate(_BIBTEX_SPECIALS)


def _bibtex_name(surname, initials):
    if not initials:
        return "{" + _bibtex_text(surname) + "}"  # braced, or BibTeX splits it into first/last
    return f"{_bibtex_text(surname)}, {' '.join(f'{initial}.' for initial in initials)}"


def _bibtex_entry(reference, key):
    authors, cut_short = _authors(reference["authors"])
    names = [_bibtex_name(*author) for author in authors] + (["others"] if cut_short else [])
    fields = [
        ("author", " and ".join(names)),
        # Inner braces keep the title's capitals as written (acronyms, compound names).
        ("title", "{" + _bibtex_text(reference["title"]) + "}"),
        ("journal", _bibtex_text(reference["journal"])),
        ("year", reference["year"]),
        ("volume", _bibtex_text(reference["volume"])),
        ("number", _bibtex_text(reference["issue"])),
        (
            "pages",
            "--".join(_bibtex_text(page) for page in _page_range(reference["pages"]) if page),
        ),
        # biblatex reads a DOI verbatim; only characters that would end the field are URL-encoded.
        ("doi", reference["doi"].replace("\\", "%5C").replace("{", "%7B").replace("}", "%7D")),
        ("pmid", reference["pmid"]),
    ]
    body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields if value)
    return f"@article{{{key},\n{body}\n}}\n"


def _attachment(publication, name, media_type, content):
    """A response the browser saves as '<slug>-<name>' instead of showing it."""
    filename = f"{publication.slug}-{name}"
    return HttpResponse(
        content,
        content_type=f"{media_type}; charset=utf-8",
        headers={"Content-Disposition": content_disposition_header(True, filename)},
    )


@public_page
@follows_renamed_slugs
def outcomes_csv(request, slug):
    publication = live_publication_or_404(slug)
    return _attachment(
        publication, "outcomes.csv", "text/csv", outcomes_as_csv(upgraded(publication.document))
    )


@public_page
@follows_renamed_slugs
def outcomes_json(request, slug):
    publication = live_publication_or_404(slug)
    page_url = settings.SITE_URL + reverse("compounds:monograph", args=[publication.slug])
    return _attachment(
        publication, "outcomes.json", "application/json", outcomes_as_json(publication, page_url)
    )


@public_page
@follows_renamed_slugs
def references_ris(request, slug):
    publication = live_publication_or_404(slug)
    return _attachment(
        publication,
        "references.ris",
        "application/x-research-info-systems",
        references_as_ris(upgraded(publication.document)),
    )


@public_page
@follows_renamed_slugs
def references_bibtex(request, slug):
    publication = live_publication_or_404(slug)
    return _attachment(
        publication,
        "references.bib",
        "application/x-bibtex",
        references_as_bibtex(upgraded(publication.document)),
    )
