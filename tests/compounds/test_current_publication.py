"""One rule decides what a compound shows visitors: of its publication events whose time has come,
the newest (the later one when two take effect at the same moment); a withdrawal shows nothing.

Public pages ask it in SQL written out for speed, everything else through the ORM; they must never
disagree, ties included.
"""

from datetime import timedelta

import pytest
from django.utils import timezone

from compounds.models import Publication
from compounds.workflow import pages
from compounds.workflow.publishing import roll_back, unpublish
from tests.factories import CompoundFactory
from tests.publishing import publish, staff_user

pytestmark = pytest.mark.django_db

NOW = timezone.now()
EARLIER = NOW - timedelta(days=2)


def new_wording(compound, text):
    compound.short_answer = text
    compound.save()


@pytest.fixture
def timelines():
    """Compounds whose publication events make every case of the rule, by slug."""
    reviewer = staff_user("test-reviewer", "Reviewers")
    tie = CompoundFactory(slug="tie")
    publish(tie, effective_at=EARLIER)
    new_wording(tie, "Approved at the same moment, later.")
    publish(tie, effective_at=EARLIER)

    rolled_back = CompoundFactory(slug="rolled-back")
    first = publish(rolled_back, effective_at=EARLIER)
    new_wording(rolled_back, "Replaced, then rolled back.")
    publish(rolled_back)
    roll_back(first, reviewer, "Back to the first")

    withdrawn = CompoundFactory(slug="withdrawn")
    publish(withdrawn, effective_at=EARLIER)
    unpublish(withdrawn, reviewer, "Taken down")

    scheduled = CompoundFactory(slug="scheduled")
    publish(scheduled, effective_at=EARLIER)
    new_wording(scheduled, "Not yet.")
    publish(scheduled, effective_at=NOW + timedelta(days=1))

    only_scheduled = CompoundFactory(slug="only-scheduled")
    publish(only_scheduled, effective_at=NOW + timedelta(days=1))

    CompoundFactory(slug="never-published")
    return ["tie", "rolled-back", "withdrawn", "scheduled", "only-scheduled", "never-published"]


def orm_current(slug, now):
    return Publication.objects.current(now).filter(slug=slug).order_by("-effective_at", "-id")


def test_the_pages_sql_and_the_orm_agree_on_every_compounds_current_publication(timelines):
    now = timezone.now()
    renderer = pages.renderer()
    for slug in timelines:
        expected = list(orm_current(slug, now).values_list("pk", flat=True))
        assert len(expected) <= 1, f"{slug}: more than one current publication"
        live = Publication.objects.live_at(slug, now)
        live_page = Publication.objects.live_page_at(slug, renderer, now)
        assert [p.pk for p in (live, live_page) if p] == expected * 2, slug

    live_slugs = Publication.objects.live_slugs(timelines, now)
    assert live_slugs == set(
        Publication.objects.current(now).filter(slug__in=timelines).values_list("slug", flat=True)
    )
    assert live_slugs == {"tie", "rolled-back", "scheduled"}


def test_of_two_publications_taking_effect_at_the_same_moment_the_later_one_shows(timelines):
    later = Publication.objects.filter(slug="tie").order_by("-id").first()

    assert Publication.objects.live_at("tie").pk == later.pk
    assert Publication.objects.current().get(slug="tie").pk == later.pk
    assert "Approved at the same moment, later." in str(later.document)


def test_a_scheduled_publication_becomes_current_at_its_time_in_both(timelines):
    tomorrow = NOW + timedelta(days=1, seconds=1)
    scheduled = Publication.objects.filter(slug="only-scheduled").get()

    assert Publication.objects.live_at("only-scheduled", tomorrow).pk == scheduled.pk
    assert orm_current("only-scheduled", tomorrow).get().pk == scheduled.pk
    assert Publication.objects.live_at("only-scheduled") is None
