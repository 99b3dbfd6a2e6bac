"""Search over live monographs: PostgreSQL full-text search with ranking and highlighted snippets,
plain term matching on SQLite, and a second try with misspelt compound names corrected.

Only current publications are searched, through the columns derived from their frozen documents
(compounds/listing.py), so a draft cannot be found. The query is capped and cleaned before anything
reads it: whatever a visitor sends, the work is bounded and the page is a normal one.
"""

import difflib
import re

from django.contrib.postgres.search import (
    SearchHeadline,
    SearchQuery,
    SearchRank,
    SearchVectorField,
)
from django.core.paginator import Paginator
from django.db import connections
from django.db.models import Case, F, Q, Value, When
from django.db.models.expressions import RawSQL
from markupsafe import Markup

from compounds.workflow.models import Publication

from .page_cache import public_page
from .query_text import without_control_characters
from .views import render_page

MAX_QUERY_LENGTH = 200
MAX_TERMS = 8
RESULTS_PER_PAGE = 20
# difflib ratio: one slip in a short name ("semx"), two in a long one ("cerebrolisn").
SPELLING_CUTOFF = 0.8
CORRECTED_WORD_LENGTHS = range(4, 41)
SNIPPET_LEAD = 60
SNIPPET_LENGTH = 240

# The text-search configuration of the column migration 0009 generates: queries must use the same.
SEARCH_CONFIG = "english"
# On PostgreSQL, the name (weight A) and the text (weight C) as a tsvector that migration 0009
# stores in a generated column with a GIN index, so ranking never parses a monograph again.
STORED_VECTOR = RawSQL(
    f"{Publication._meta.db_table}.search_vector", [], output_field=SearchVectorField()
)

# Private-use characters mark matches in a headline until it is escaped: the text may hold "<".
_START, _STOP = "\ue000", "\ue001"
_MARKED = re.compile(f"{_START}(.*?){_STOP}", re.DOTALL)
_TERM = re.compile(r'"([^"]+)"|([^\s"]+)')
_EDGE_PUNCTUATION = re.compile(r"^\W+|\W+$")
_WORD = re.compile(r"\w[\w-]*")


@public_page
def search(request):
    """The search page: live monographs matching the visitor's query, best first."""
    context = search_page(
        Publication.objects.current(), request.GET.get("q", ""), request.GET.get("page")
    )
    return render_page(request, "compounds/search.html", context)


def search_page(publications, raw_query, page_number):
    """Context for the search page: the query, any spelling correction, one page of results."""
    query = cleaned(raw_query)
    if not query:
        return {"query": ""}
    paginator = Paginator(ranked(publications, query), RESULTS_PER_PAGE)
    corrected = ""
    # Only a query that finds nothing pays for the names and a second count: a word found as
    # typed is never "corrected" to a name it merely resembles.
    if paginator.count == 0:
        spelling = corrected_spelling(query, publications.values_list("search_names", flat=True))
        if spelling != query:
            paginator = Paginator(ranked(publications, spelling), RESULTS_PER_PAGE)
            corrected = spelling if paginator.count else ""
    page = paginator.get_page(page_number)
    searched = corrected or query
    return {
        "query": query,
        "corrected": corrected,
        "page": page,
        "results": [{**row["card"], "snippet": _snippet(row, searched)} for row in page],
    }


def cleaned(raw_query):
    """The query as searched: capped, control characters out, whitespace collapsed."""
    return " ".join(without_control_characters(raw_query[:MAX_QUERY_LENGTH], " ").split())


def ranked(publications, query):
    """Matching publications, best first: rows of `card` and `headline` (SQLite: `search_text`)."""
    if connections[publications.db].vendor == "postgresql":
        return _ranked_by_full_text(publications, query)
    return _ranked_by_terms(publications, query)


def _ranked_by_full_text(publications, query):
    # websearch_to_tsquery reads quotes, "or" and "-" and never raises on what it cannot parse.
    search_query = SearchQuery(query, search_type="websearch", config=SEARCH_CONFIG)
    return (
        publications.alias(vector=STORED_VECTOR)
        .filter(vector=search_query)
        .annotate(
            rank=SearchRank(F("vector"), search_query),
            headline=SearchHeadline(
                "search_text",
                search_query,
                config=SEARCH_CONFIG,
                start_sel=_START,
                stop_sel=_STOP,
                min_words=15,
                max_words=35,
                max_fragments=2,
                fragment_delimiter=" … ",
            ),
        )
        .order_by("-rank", "name", "pk")
        .values("card", "headline")
    )


def _ranked_by_terms(publications, query):
    terms = search_terms(query)
    if not terms:
        return publications.none()
    for term in terms:
        publications = publications.filter(
            Q(search_names__icontains=term) | Q(search_text__icontains=term)
        )
    name_matches = sum(
        (Case(When(search_names__icontains=term, then=1), default=0) for term in terms), Value(0)
    )
    return (
        publications.annotate(name_matches=name_matches)
        .order_by("-name_matches", "name", "pk")
        .values("card", "search_text")
    )


def search_terms(query):
    """The quoted phrases and words of `query`, bare of edge punctuation, each once."""
    terms = {}
    for phrase, word in _TERM.findall(query):
        term = _EDGE_PUNCTUATION.sub("", phrase or word)
        if term:
            terms.setdefault(term.casefold(), term)
    return list(terms.values())[:MAX_TERMS]


def corrected_spelling(query, names):
    """`query` with words near a compound's name or synonym spelt as it: 'semx' -> 'Semax'."""
    vocabulary = {}
    for name in names:
        for word in _WORD.findall(name):
            vocabulary.setdefault(word.casefold(), word)

    def spelt(match):
        word = match[0].casefold()
        if word in vocabulary or len(word) not in CORRECTED_WORD_LENGTHS:
            return match[0]
        close = difflib.get_close_matches(word, vocabulary, n=1, cutoff=SPELLING_CUTOFF)
        return vocabulary[close[0]] if close else match[0]

    return _WORD.sub(spelt, query, count=MAX_TERMS)


def _snippet(row, query):
    """The row's headline as safe HTML, each match in <mark>."""
    headline = row.get("headline")
    if headline is None:
        headline = _headline(row["search_text"], search_terms(query))
    parts = [part.replace(_START, "").replace(_STOP, "") for part in _MARKED.split(headline)]
    return Markup("").join(
        Markup("<mark>{}</mark>").format(part) if index % 2 else part
        for index, part in enumerate(parts)
    )


def _headline(text, terms):
    """A stretch of `text` from just before the first match, the matches between sentinels."""
    pattern = re.compile(
        "|".join(re.escape(term) for term in sorted(terms, key=len, reverse=True)), re.IGNORECASE
    )
    first = pattern.search(text)
    start = 0
    if first is not None and first.start() > SNIPPET_LEAD:
        start = text.find(" ", first.start() - SNIPPET_LEAD, first.start()) + 1 or first.start()
    end = start + SNIPPET_LENGTH
    if end < len(text):
        space = text.rfind(" ", start, end)
        end = space if space > start else end
    excerpt = pattern.sub(lambda match: f"{_START}{match[0]}{_STOP}", text[start:end])
    return f"{'… ' if start else ''}{excerpt}{' …' if end < len(text) else ''}"
