"""What visitors learn about changes: each monograph's change log, the Atom feed, the sitemap, and
the permanent redirects from a renamed compound's old addresses."""

import xml.etree.ElementTree as ET
from datetime import timedelta
from urllib.parse import urlsplit

import pytest
from django.utils import timezone

from compounds.site.feeds import FEED_LENGTH
from compounds.workflow.publishing import approve, roll_back, submit, unpublish
from compounds.workflow.revisions import record_revision
from tests.factories import CompoundFactory, ResearchAreaFactory
from tests.pages import (
    DRAFT_EDIT,
    HIDDEN_WORDS,
    Page,
    edit_without_approval,
    hidden_compounds,
    is_absolute,
    live_compound,
)
from tests.publishing import person, publish, staff_user

ATOM = "{http://www.w3.org/2005/Atom}"
# The live publication at the address; the approvals and roll-backs it has been shown in.
CHANGE_LOG_QUERIES = 2
# The approvals and roll-backs of compounds that are live.
FEED_QUERIES = 1


@pytest.fixture
def ada(db):
    return person("ada", "Content staff", "Ada Author")


@pytest.fixture
def rita(db):
    return person("rita", "Reviewers", "Rita Reviewer")


def approve_change(compound, author, reviewer, change, comment="", effective_at=None):
    """Edit, submit with the change summary `change` and approve: one publication."""
    compound.short_answer = f"The short answer after: {change}"
    compound.save()
    record_revision(compound, author, "Edited")
    return approve(submit(compound, author, change), reviewer, comment, effective_at=effective_at)


def change_log(client, compound):
    """[(summary, credits)] of each entry of the compound's change log, in the order shown."""
    page = Page(client.get(f"/compounds/{compound.slug}/changes/"))
    return [
        (
            page.one("p", inside=entry, class_="change__summary").text,
            page.one("p", inside=entry, class_="change__credits").text,
        )
        for entry in page.all("li", class_="change")
    ]


def feed(client):
    response = client.get("/feed/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    return ET.fromstring(response.content)


def entries(root):
    return root.findall(f"{ATOM}entry")


def summaries(root):
    return [entry.findtext(f"{ATOM}summary") for entry in entries(root)]


# The change log


def test_change_log_has_an_entry_per_approval_and_roll_back_newest_first(client, ada, rita):
    bob = person("bob", "Content staff", "Bob Writer")
    vic = person("vic", "Reviewers", "Victor Checker")
    compound = CompoundFactory(slug="logpeptide")
    first = approve_change(compound, ada, rita, "First version.", "PRIVATE comment one")
    approve_change(compound, bob, vic, "Added the 2023 review.", "PRIVATE comment two")
    roll_back(first, vic, "PRIVATE roll-back reason")
    approve_change(
        compound,
        ada,
        rita,
        "Scheduled change.",
        effective_at=timezone.now() + timedelta(days=1),
    )
    edit_without_approval(compound, **DRAFT_EDIT)

    day = f"{first.approved_at.day} {first.approved_at:%B %Y}"
    assert change_log(client, compound) == [
        (f"Returned to the version approved on {day}.", "Returned to an earlier approved version."),
        (
            "Added the 2023 review.",
            "Written by Bob Writer; reviewed and approved by Victor Checker.",
        ),
        ("First version.", "Written by Ada Author; reviewed and approved by Rita Reviewer."),
    ]
    page = Page(client.get("/compounds/logpeptide/changes/"))
    assert page.texts("span", class_="change__current") == ["(current version)"]
    for hidden in ("PRIVATE", "Scheduled change.", *HIDDEN_WORDS):
        assert hidden not in page.html


def test_a_scheduled_change_enters_the_change_log_at_its_time(client, ada, rita, monkeypatch):
    compound = CompoundFactory()
    approve_change(compound, ada, rita, "First version.")
    go_live = timezone.now() + timedelta(hours=1)
    approve_change(compound, ada, rita, "Scheduled change.", effective_at=go_live)
    assert [summary for summary, _ in change_log(client, compound)] == ["First version."]

    monkeypatch.setattr(timezone, "now", lambda: go_live + timedelta(seconds=1))
    assert [summary for summary, _ in change_log(client, compound)] == [
        "Scheduled change.",
        "First version.",
    ]


def test_change_log_of_a_compound_visitors_cannot_see_is_404(client, db):
    for compound in hidden_compounds(ResearchAreaFactory()):
        assert client.get(f"/compounds/{compound.slug}/changes/").status_code == 404
    assert client.get("/compounds/no-such-peptide/changes/").status_code == 404


def test_change_log_query_count_does_not_grow_with_publications(
    client, db, django_assert_num_queries
):
    compound = live_compound(slug="logpeptide")
    with django_assert_num_queries(CHANGE_LOG_QUERIES):
        assert len(change_log(client, compound)) == 1

    reviewer = staff_user("test-reviewer", "Reviewers")
    first = compound.publications.get()
    for number in range(11):
        if number % 2:
            compound.short_answer = f"Version {number}"
            compound.save()
            publish(compound)
        else:
            roll_back(first, reviewer, "")
    assert compound.publications.count() == 12
    with django_assert_num_queries(CHANGE_LOG_QUERIES):
        assert len(change_log(client, compound)) == 12


# The Atom feed


def test_feed_is_valid_atom_with_absolute_links_and_unique_ids(client, db):
    for number in range(3):
        compound = live_compound(name=f"Feedpeptide {number}")
        compound.short_answer = "Changed"
        compound.save()
        publish(compound)

    root = feed(client)

    assert root.tag == f"{ATOM}feed"
    assert root.findtext(f"{ATOM}title")
    assert root.findtext(f"{ATOM}updated")
    assert is_absolute(root.findtext(f"{ATOM}id"))
    for link in root.findall(f"{ATOM}link"):
        assert is_absolute(link.get("href"))
    ids = [entry.findtext(f"{ATOM}id") for entry in entries(root)]
    assert len(ids) == len(set(ids)) == 6
    for entry in entries(root):
        assert entry.findtext(f"{ATOM}title")
        assert entry.findtext(f"{ATOM}updated")
        assert entry.findtext(f"{ATOM}author/{ATOM}name")
        [link] = entry.findall(f"{ATOM}link[@rel='alternate']")
        assert is_absolute(link.get("href"))
        assert client.get(urlsplit(link.get("href")).path).status_code == 200


def test_feed_lists_updates_of_live_compounds_only_newest_first(client, ada, rita):
    first = CompoundFactory(name="Firstpeptide")
    second = CompoundFactory(name="Secondpeptide")
    approve_change(first, ada, rita, "First, version one.", "PRIVATE comment")
    approve_change(second, ada, rita, "Second, version one.")
    approve_change(first, ada, rita, "First, version two.")
    hidden_compounds(ResearchAreaFactory())
    edit_without_approval(second, **DRAFT_EDIT)

    root = feed(client)

    assert summaries(root) == ["First, version two.", "Second, version one.", "First, version one."]
    assert [entry.findtext(f"{ATOM}title") for entry in entries(root)] == [
        "Firstpeptide: monograph updated",
        "Secondpeptide: monograph updated",
        "Firstpeptide: monograph updated",
    ]
    updated = [entry.findtext(f"{ATOM}updated") for entry in entries(root)]
    assert updated == sorted(updated, reverse=True)
    text = ET.tostring(root, encoding="unicode")
    for hidden in ("PRIVATE", "Taken down", *HIDDEN_WORDS):
        assert hidden not in text


def test_a_withdrawn_compound_leaves_the_feed(client, db):
    compound = live_compound(name="Goingpeptide")
    assert "Goingpeptide" in ET.tostring(feed(client), encoding="unicode")
    unpublish(compound, staff_user("test-reviewer", "Reviewers"), "Taken down")
    assert entries(feed(client)) == []


def test_a_scheduled_publication_enters_the_feed_at_its_time(client, ada, rita, monkeypatch):
    compound = CompoundFactory()
    approve_change(compound, ada, rita, "First version.")
    go_live = timezone.now() + timedelta(hours=1)
    approve_change(compound, ada, rita, "Scheduled change.", effective_at=go_live)
    assert summaries(feed(client)) == ["First version."]

    monkeypatch.setattr(timezone, "now", lambda: go_live + timedelta(seconds=1))
    assert summaries(feed(client)) == ["Scheduled change.", "First version."]


def test_feed_holds_the_latest_thirty_updates(client, db):
    reviewer = staff_user("test-reviewer", "Reviewers")
    compounds = [live_compound(), live_compound()]
    latest = [roll_back(compounds[n % 2].publications.last(), reviewer, "") for n in range(38)]

    root = feed(client)

    assert len(entries(root)) == FEED_LENGTH == 30
    ids = [entry.findtext(f"{ATOM}id") for entry in entries(root)]
    assert len(set(ids)) == 30
    assert ids[0].endswith(f"#publication-{latest[-1].pk}")
    assert ids[-1].endswith(f"#publication-{latest[-30].pk}")


def test_feed_entries_link_to_the_compounds_current_address(client, db):
    renamed = live_compound(name="Renamedpeptide", slug="oldname")
    renamed.slug = "newname"
    renamed.save()
    publish(renamed)
    live_compound(name="Newcomer", slug="oldname")

    for entry in entries(feed(client)):
        title, href = entry.findtext(f"{ATOM}title"), entry.find(f"{ATOM}link").get("href")
        expected = "/compounds/oldname/" if title.startswith("Newcomer") else "/compounds/newname/"
        assert urlsplit(href).path == expected, title


def test_feed_query_count_does_not_grow_with_updates(client, db, django_assert_num_queries):
    reviewer = staff_user("test-reviewer", "Reviewers")
    compounds = [live_compound(), live_compound()]
    with django_assert_num_queries(FEED_QUERIES):
        assert len(entries(feed(client))) == 2

    for number in range(38):
        roll_back(compounds[number % 2].publications.last(), reviewer, "")
    with django_assert_num_queries(FEED_QUERIES):
        assert len(entries(feed(client))) == FEED_LENGTH


# The sitemap


def test_sitemap_lists_every_live_page_and_nothing_else(client, db):
    stroke, hidden_area = ResearchAreaFactory(slug="stroke"), ResearchAreaFactory(slug="hidden")
    live = live_compound(stroke, slug="livepeptide")
    hidden_compounds(hidden_area)
    edit_without_approval(live, slug="draft-slug", **DRAFT_EDIT)

    response = client.get("/sitemap.xml")
    root = ET.fromstring(response.content)
    locations = {
        urlsplit(loc.text).path
        for loc in root.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")
    }

    assert {
        "/",
        "/compare/",
        "/compounds/livepeptide/",
        "/compounds/livepeptide/changes/",
        "/research-areas/stroke/",
    } <= locations
    for path in locations:
        assert client.get(path).status_code == 200, path
    for word in ("hidden", "draft-slug", *HIDDEN_WORDS):
        assert word not in response.text


# Renamed compounds


@pytest.fixture
def renamed(db):
    """A live compound first published at /compounds/oldname/, now at /compounds/newname/."""
    compound = live_compound(ResearchAreaFactory(), name="Renamedpeptide", slug="oldname")
    compound.slug = "newname"
    compound.save()
    publish(compound)
    return compound


@pytest.mark.parametrize("page", ["/", ".json", "/changes/", "/outcomes.csv", "/references.ris"])
def test_old_addresses_of_a_renamed_compound_redirect_permanently(client, renamed, page):
    response = client.get(f"/compounds/oldname{page}?utm_source=feed&x=%C3%A9")

    assert response.status_code == 301
    assert response["Location"] == f"/compounds/newname{page}?utm_source=feed&x=%C3%A9"
    assert client.get(response["Location"]).status_code == 200
    assert client.get(f"/compounds/oldname{page}")["Location"] == f"/compounds/newname{page}"


@pytest.mark.parametrize("page", ["/", ".json", "/changes/", "/outcomes.csv"])
def test_an_unknown_address_is_still_404(client, renamed, page):
    assert client.get(f"/compounds/no-such-name{page}").status_code == 404


def test_a_compound_renamed_twice_redirects_in_one_step(client, renamed):
    renamed.slug = "third-name"
    renamed.save()
    publish(renamed)

    for old in ("oldname", "newname"):
        response = client.get(f"/compounds/{old}/")
        assert (response.status_code, response["Location"]) == (301, "/compounds/third-name/")


def test_a_new_compound_at_an_old_address_wins_over_the_redirect(client, renamed):
    live_compound(name="Newcomer", slug="oldname")

    for page in ("/", "/changes/"):
        assert "Newcomer" in Page(client.get(f"/compounds/oldname{page}")).html
    assert "Renamedpeptide" in Page(client.get("/compounds/newname/")).html


def test_old_addresses_of_a_withdrawn_compound_are_404(client, renamed):
    unpublish(renamed, staff_user("test-reviewer", "Reviewers"), "Taken down")
    for slug in ("oldname", "newname"):
        assert client.get(f"/compounds/{slug}/").status_code == 404


def test_a_scheduled_rename_changes_no_address_before_its_time(client, db, monkeypatch):
    compound = live_compound(slug="oldname")
    compound.slug = "newname"
    compound.save()
    go_live = timezone.now() + timedelta(hours=1)
    publish(compound, effective_at=go_live)

    assert client.get("/compounds/oldname/").status_code == 200
    assert client.get("/compounds/newname/").status_code == 404

    monkeypatch.setattr(timezone, "now", lambda: go_live + timedelta(seconds=1))
    assert client.get("/compounds/oldname/")["Location"] == "/compounds/newname/"
    assert client.get("/compounds/newname/").status_code == 200
