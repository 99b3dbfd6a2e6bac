"""/search/ finds current publications only, forgives small slips in compound names and answers
any query, however long or hostile, with a normal page at a fixed query cost."""

import re
from datetime import timedelta
from unittest import mock

import pytest
from django.db import connection
from django.utils import timezone

from compounds.models import Publication
from compounds.site import search as search_module
from compounds.site.search import MAX_QUERY_LENGTH, ranked
from compounds.workflow.publishing import submit, unpublish
from compounds.workflow.revisions import record_revision
from tests.factories import CompoundFactory
from tests.publishing import publish, staff_user

postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="text-search vectors and their GIN index exist only on PostgreSQL",
)


def search(client, query, **params):
    response = client.get("/search/", {"q": query, **params})
    assert response.status_code == 200
    return response.text


def result_names(html):
    """The compound names of the results, in the order shown."""
    return re.findall(r'<h2 class="search-result__name"><a href="[^"]+">([^<]+)</a>', html)


def snippets(html):
    return re.findall(r'<p class="search-result__snippet">(.*?)</p>', html, re.DOTALL)


@pytest.fixture
def semax(db):
    compound = CompoundFactory(
        name="Semax",
        slug="semax",
        synonyms="ACTH(4-10) analogue, ORG-2766 relative",
        summary="Synthetic heptapeptide registered in Russia.",
        short_answer="Semax is studied for effects on neurotrophic signalling after stroke.",
    )
    publish(compound)
    return compound


def test_search_finds_a_live_monograph_by_a_word_on_its_page(client, semax):
    html = search(client, "neurotrophic")

    assert result_names(html) == ["Semax"]
    assert '<a href="/compounds/semax/">Semax</a>' in html
    assert "Synthetic heptapeptide registered in Russia." in html
    assert "Strength of human evidence:" in html
    [snippet] = snippets(html)
    assert re.search(r"<mark>neurotrophic</mark>", snippet, re.IGNORECASE)
    assert "1 result" in html


def test_search_finds_a_compound_by_its_synonym(client, db):
    publish(CompoundFactory(name="Cerebrolysin", synonyms="FPF-1070, Cerebrolysate"))
    publish(CompoundFactory(name="Semax"))

    assert result_names(search(client, "FPF-1070")) == ["Cerebrolysin"]
    assert result_names(search(client, "fpf-1070")) == ["Cerebrolysin"]
    assert result_names(search(client, "cerebrolysate")) == ["Cerebrolysin"]


def test_a_compound_named_by_the_query_ranks_above_pages_that_only_mention_it(client, semax):
    publish(
        CompoundFactory(
            name="Anotherpeptide",
            short_answer="Often compared with semax; semax and semax again, unlike Semax.",
        )
    )

    assert result_names(search(client, "semax")) == ["Semax", "Anotherpeptide"]


@pytest.mark.parametrize(
    ("typed", "meant", "slug"),
    [("cerebrolysn", "Cerebrolysin", "cerebrolysin"), ("semx", "Semax", "semax")],
)
def test_a_misspelt_compound_name_finds_the_compound_and_says_so(client, demo, typed, meant, slug):
    html = search(client, typed)

    assert result_names(html)[0] == meant
    assert f'<a href="/compounds/{slug}/">{meant}</a>' in html
    assert f"Showing results for <strong>{meant}</strong>" in html


def test_a_misspelt_name_is_corrected_within_a_longer_query(client, semax):
    html = search(client, "semx neurotrophic")

    assert result_names(html) == ["Semax"]
    assert "Showing results for <strong>Semax neurotrophic</strong>" in html


def test_a_word_found_as_typed_is_not_corrected_to_a_similar_name(client, semax):
    publish(CompoundFactory(name="Otherpeptide", short_answer="Reported in the Semex cohort."))

    html = search(client, "semex")

    assert result_names(html) == ["Otherpeptide"]
    assert "Showing results for" not in html


def test_words_of_an_unapproved_edit_are_not_found(client, semax):
    semax.short_answer = "Zymurgical wording nobody approved yet."
    semax.save()
    author = staff_user("test-author", "Content staff")
    record_revision(semax, author, "New wording")
    submit(semax, author, "Please approve")

    assert result_names(search(client, "zymurgical")) == []
    assert result_names(search(client, "neurotrophic")) == ["Semax"]


def test_an_unpublished_compound_disappears_from_results(client, semax):
    unpublish(semax, staff_user("test-reviewer", "Reviewers"), "Taken down")

    assert result_names(search(client, "semax")) == []


def test_a_scheduled_publication_is_found_only_once_its_time_comes(client, db):
    effective_at = timezone.now() + timedelta(days=1)
    publish(CompoundFactory(name="Futurepeptide"), effective_at=effective_at)

    assert result_names(search(client, "futurepeptide")) == []
    with mock.patch("django.utils.timezone.now", return_value=effective_at + timedelta(hours=1)):
        assert result_names(search(client, "futurepeptide")) == ["Futurepeptide"]


def test_snippets_escape_the_page_text_and_mark_only_the_match(client, db):
    publish(
        CompoundFactory(
            name="Testpeptide",
            summary='Lowered risk (p < 0.05 & "x" <3) with zymase <img src=x onerror=alert(1)',
        )
    )

    [snippet] = snippets(search(client, "zymase"))

    assert "p &lt; 0.05 &amp;" in snippet
    assert "<img" not in snippet
    assert re.sub(r"</?mark>", "", snippet).count("<") == 0
    assert re.search(r"<mark>zymase</mark>", snippet, re.IGNORECASE)


def test_result_pages_are_accessible_and_kept_out_of_search_engines(client, semax):
    html = search(client, "semax")

    assert html.count("<h1") == 1
    assert '<label for="search-query">' in html
    assert '<input type="search" id="search-query" name="q" value="semax"' in html
    assert '<ol class="search-results"' in html
    assert '<meta name="robots" content="noindex">' in html


@pytest.mark.parametrize("query", [None, "", "   ", "\t\n"])
def test_an_empty_query_shows_the_form_and_a_hint_without_results(client, semax, query):
    response = client.get("/search/", {} if query is None else {"q": query})

    assert response.status_code == 200
    assert 'name="q" value=""' in response.text
    assert 'class="search-hint"' in response.text
    assert "search-results" not in response.text
    assert "No published monograph matches" not in response.text


def test_a_query_matching_nothing_suggests_the_a_to_z_index(client, semax):
    html = search(client, "xylophonics")

    assert result_names(html) == []
    assert "No published monograph matches" in html
    assert 'href="/#index-heading"' in html


@pytest.mark.parametrize(
    "query",
    [
        "stroke " * 1500,
        "a" * 10_000,
        '"unbalanced quote',
        '""',
        "&|!:*()<>",
        "semax & | ! : * ( ) < > <-> !!",
        "-semax",
        "'; DROP TABLE compounds_publication; --",
        "semax\x00stroke",
        "\x00",
        "\x01\x02\x1b[31m\x7f\x85",
        "%_%_\\",
        "or or and not",
    ],
    ids=[
        "long-with-spaces",
        "long-without-spaces",
        "unbalanced-quote",
        "empty-quotes",
        "operators",
        "operators-between-words",
        "negation",
        "sql",
        "nul-in-word",
        "nul-only",
        "control-characters",
        "like-wildcards",
        "only-keywords",
    ],
)
def test_a_hostile_query_gets_a_normal_page_from_bounded_work(
    client, semax, django_assert_max_num_queries, query
):
    # site wording, count, spelling vocabulary, corrected count, one page: never more
    with django_assert_max_num_queries(5) as captured:
        html = search(client, query)

    assert html.count("<h1") == 1
    assert "\x00" not in html
    value = re.search(r'name="q" value="([^"]*)"', html)[1]
    assert len(value) <= MAX_QUERY_LENGTH
    longest_run = max((len(run) for run in re.findall(r"a+", query)), default=0)
    for executed in captured.captured_queries:
        assert "\x00" not in executed["sql"]
        if longest_run > MAX_QUERY_LENGTH:
            assert "a" * (MAX_QUERY_LENGTH + 1) not in executed["sql"]
    assert result_names(search(client, "semax")) == ["Semax"]


PAGE_SIZE = 2


@pytest.fixture
def small_pages(monkeypatch):
    """Two results a page, so a few monographs make several pages."""
    monkeypatch.setattr(search_module, "RESULTS_PER_PAGE", PAGE_SIZE)


def publish_stroke_monographs(count):
    for number in range(count):
        publish(
            CompoundFactory(name=f"Strokepeptide {number:02}", short_answer="Studied in stroke.")
        )


@pytest.fixture
def many_live_compounds(db, small_pages):
    """One more monograph mentioning stroke than a results page shows."""
    publish_stroke_monographs(PAGE_SIZE + 1)


def test_results_beyond_one_page_are_paginated(client, many_live_compounds):
    first = search(client, "stroke")
    second = search(client, "stroke", page=2)

    assert len(result_names(first)) == PAGE_SIZE
    assert len(result_names(second)) == 1
    assert f"{PAGE_SIZE + 1} results" in first
    assert set(result_names(first)).isdisjoint(result_names(second))
    assert 'href="/search/?q=stroke&amp;page=2"' in first
    assert 'href="/search/?q=stroke&amp;page=1"' in second
    assert '<ol class="search-results" start="3">' in second


@pytest.mark.parametrize(
    ("page", "shown"),
    [("abc", 1), ("1.5", 1), ("\x00", 1), ("0", 2), ("-1", 2), ("9" * 40, 2)],
)
def test_an_invalid_page_number_shows_the_first_page_or_the_last(
    client, many_live_compounds, page, shown
):
    html = search(client, "stroke", page=page)

    assert f"Page {shown} of 2" in html


@pytest.mark.parametrize("monographs", [1, 3 * PAGE_SIZE + 1])
def test_search_costs_the_same_queries_however_many_monographs_match(
    client, db, small_pages, django_assert_num_queries, monographs
):
    publish_stroke_monographs(monographs)

    with django_assert_num_queries(3):  # site wording, count, one page of results
        search(client, "stroke")
    with django_assert_num_queries(5):  # ... and for a slip: vocabulary, corrected count, page
        search(client, "strokepetide")
    with django_assert_num_queries(1):  # an empty query reads only the site wording
        search(client, "")


@postgresql_only
def test_full_text_search_can_use_the_gin_index(semax):
    # On a table this small the planner prefers any other scan: leave it only bitmap index scans,
    # and (searching all publications) no condition but the full-text one to scan an index for.
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_indexscan = off")
    plan = ranked(Publication.objects.all(), "neurotrophic").explain()

    assert "Bitmap Index Scan on publication_search_vector" in plan


@postgresql_only
def test_ranking_reads_stored_vectors_instead_of_parsing_every_match_again(semax):
    # Parsing a monograph's text costs milliseconds: with a thousand matches for a common word,
    # parsing each to rank it took seconds.
    plan = ranked(Publication.objects.all(), "neurotrophic").explain()

    assert "to_tsvector" not in plan
