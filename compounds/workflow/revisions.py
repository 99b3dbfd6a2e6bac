"""Versions of whole monographs: one primitive records them, every entry point calls it.

django-reversion stores the aggregate (the compound and all its rows, see
working_copy/aggregate.py) so any version can be restored; MonographRevision adds the canonical
document and its hash, which is what submissions pin and publications freeze.
"""

import hashlib
import json

import reversion
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connections, transaction
from django.db.models import F
from django.utils import timezone

from compounds.working_copy.document import build_monograph, monograph_queryset
from compounds.working_copy.models import Compound

from .models import MonographRevision, RevisionRequest


def content_hash(document):
    """sha256 of the document's canonical JSON form."""
    canonical = json.dumps(document, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode()).hexdigest()


def latest_revision(compound):
    return compound.revisions.select_related("revision__user").order_by("-number").first()


@transaction.atomic
def record_revision(compound, user, note, restored_from=None):
    """Record the working copy as a new version, unless it is exactly the latest one.

    Returns the new MonographRevision, or None when nothing changed.
    """
    compound = monograph_queryset().select_for_update().get(pk=compound.pk)
    document = build_monograph(compound)
    digest = content_hash(document)
    latest = latest_revision(compound)
    if latest and latest.content_hash == digest:
        # The latest version already shows every shared record as it is now.
        compound.revision_requests.waiting().update(recorded_in=latest)
        return None
    if reversion.is_active():
        raise RuntimeError("A monograph version must be its own revision, not part of another.")
    number = latest.number + 1 if latest else 1
    with reversion.create_revision(manage_manually=True, atomic=False):
        reversion.add_to_revision(compound)
        reversion.set_user(user)
        reversion.set_comment(note)
        reversion.add_meta(
            MonographRevision,
            compound=compound,
            number=number,
            document=document,
            content_hash=digest,
            restored_from=restored_from,
        )
    revision = compound.revisions.get(number=number)
    compound.revision_requests.waiting().update(recorded_in=revision)
    return revision


def request_revisions(compounds, user, reason):
    """Ask for every compound of the queryset `compounds` to be recorded again (a shared record
    it shows changed), in one statement however many they are."""
    db = compounds.db
    connection = connections[db]
    ids = compounds.order_by().values(compound_id=F("pk"))
    selected, params = ids.query.get_compiler(db).as_sql()
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    table = RevisionRequest._meta.db_table
    # INSERT ... SELECT, which Django's ORM cannot say: the rows never pass through Python.
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (compound_id, reason, requested_by_id, requested_at) "
            f"SELECT showing.compound_id, %s, %s, %s FROM ({selected}) showing",
            [reason, user.pk if user else None, now, *params],
        )


def record_requested_revisions(compounds=None):
    """Record again every monograph with a waiting request (or those of the queryset
    `compounds`), each in a transaction of its own; returns how many were recorded.

    A monograph's version is attributed to whoever asked first, with their reason as its note;
    every request it meets names it.
    """
    waiting = RevisionRequest.objects.waiting()
    if compounds is not None:
        waiting = waiting.filter(compound__in=compounds)
    recorded = 0
    for compound_id in waiting.values_list("compound_id", flat=True).distinct():
        with transaction.atomic():
            Compound.objects.select_for_update().filter(pk=compound_id).first()
            first = RevisionRequest.objects.waiting().filter(compound_id=compound_id).first()
            if first is not None:  # not met by a save meanwhile
                recorded += bool(record_revision(first.compound, first.requested_by, first.reason))
    return recorded


@transaction.atomic
def restore_revision(monograph_revision, user):
    """Make an earlier version the working copy again, recorded as a new version."""
    compound = Compound.objects.select_for_update().get(pk=monograph_revision.compound_id)
    try:
        with transaction.atomic():  # a failed revert must not poison the outer transaction
            monograph_revision.revision.revert(delete=True)
    except (reversion.errors.RevertError, IntegrityError) as error:
        raise ValidationError(
            f"Revision {monograph_revision.number} cannot be restored: {error}"
        ) from error
    author = monograph_revision.author
    note = f"Restored from revision {monograph_revision.number} " + (
        f"({monograph_revision.created_at:%d %b %Y %H:%M}"
        f"{', by ' + author.get_username() if author else ''})"
    )
    # Point at the content's origin, so a restore of a restore still names who wrote it.
    origin = monograph_revision.restored_from or monograph_revision
    return record_revision(compound, user, note, restored_from=origin)
