"""The editorial lifecycle of a monograph: revisions, submissions, decisions, publications, their
stored pages and the audit log, and the requests for revisions that shared-record edits make.

All but those requests are append-only: rows are created by the verbs in workflow/publishing.py
and workflow/revisions.py, never edited, so what a reviewer approved can never change afterwards.
A request is met once, when a revision names itself on it.
"""

import pgtrigger
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connections, models, transaction
from django.db.models import (
    BooleanField,
    Exists,
    ExpressionWrapper,
    Max,
    Min,
    OuterRef,
    Q,
    Subquery,
)
from django.db.models.expressions import RawSQL
from django.db.models.functions import Coalesce
from django.utils import timezone
from reversion.models import Revision

from compounds.working_copy.document import site_document
from compounds.working_copy.models import SiteSettings

from . import listing
from .documents import upgraded

# Frozen rows are append-only twice over. The models refuse to save an existing row or to delete
# one, and their querysets refuse update() and delete(); on PostgreSQL, triggers refuse UPDATE and
# DELETE in the database itself. One deletion is legitimate: a compound's, which takes its whole
# history with it (Django's collector deletes the rows, bypassing the querysets); the triggers let
# it through for the compound a transaction names in `peptara.deleting_compound`
# (deleting_history_of()). Stored pages may also be dropped by `render_pages` (see PageRendering).
_DELETING_COMPOUND = "current_setting('peptara.deleting_compound', true)"
_OF_THE_DELETED_COMPOUND = f"OLD.compound_id::text = {_DELETING_COMPOUND}"


def append_only(delete_allowed_if="FALSE", update_allowed_if="FALSE"):
    """PostgreSQL triggers refusing UPDATE and DELETE of a model's rows, unless the SQL condition
    given (over OLD and NEW) allows it."""
    refused = "RAISE EXCEPTION 'Rows of % are append-only: % refused', TG_TABLE_NAME, TG_OP;"
    return [
        pgtrigger.Trigger(
            name="append_only_update",
            when=pgtrigger.Before,
            operation=pgtrigger.Update,
            func=f"IF {update_allowed_if} THEN RETURN NEW; END IF; {refused}",
        ),
        pgtrigger.Trigger(
            name="append_only_delete",
            when=pgtrigger.Before,
            operation=pgtrigger.Delete,
            func=f"IF {delete_allowed_if} THEN RETURN OLD; END IF; {refused}",
        ),
    ]


def deleting_history_of(compound):
    """Let the current transaction delete the compound's frozen rows, as deleting the compound
    must; PostgreSQL's triggers refuse every other deletion of them."""
    connection = connections[compound._state.db or "default"]
    if connection.vendor != "postgresql":
        return
    if not connection.in_atomic_block:
        raise RuntimeError("A compound's history is deleted inside the transaction deleting it.")
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT set_config('peptara.deleting_compound', %s, true)", [str(compound.pk)]
        )


class AppendOnlyQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise ValidationError(f"{self.model._meta.verbose_name} records cannot be changed.")

    def bulk_update(self, objs, fields, batch_size=None):
        self.update()

    def delete(self):
        raise ValidationError(f"{self.model._meta.verbose_name} records cannot be deleted.")


class ImmutableModel(models.Model):
    """Rows that are written once: saving an existing row or deleting one is refused."""

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if self.pk is not None and not self._state.adding:
            raise ValidationError(f"{self._meta.verbose_name} records cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValidationError(f"{self._meta.verbose_name} records cannot be deleted.")


class MonographRevision(ImmutableModel):
    """One version of a whole monograph: the django-reversion revision of the aggregate, plus the
    canonical document it produced and that document's hash."""

    compound = models.ForeignKey(
        "compounds.Compound", on_delete=models.CASCADE, related_name="revisions"
    )
    revision = models.OneToOneField(
        Revision, on_delete=models.CASCADE, related_name="monograph_revision"
    )
    number = models.PositiveIntegerField(help_text="1 for the first version of the compound.")
    document = models.JSONField()
    content_hash = models.CharField(max_length=64)
    # DO_NOTHING: revisions are deleted only with their whole compound, all together.
    restored_from = models.ForeignKey(
        "self",
        on_delete=models.DO_NOTHING,
        null=True,
        blank=True,
        related_name="+",
        help_text="For a restore: the revision whose content it brought back (its author wrote "
        "this content, so the four-eyes rule counts them).",
    )

    class Meta:
        ordering = ["compound", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["compound", "number"], name="revision_number_once"),
        ]
        triggers = append_only(delete_allowed_if=_OF_THE_DELETED_COMPOUND)

    def __str__(self):
        return f"{self.compound} revision {self.number}"

    @property
    def author(self):
        return self.revision.user

    @property
    def created_at(self):
        return self.revision.date_created

    @property
    def note(self):
        return self.revision.comment


class RevisionRequestQuerySet(models.QuerySet):
    def waiting(self):
        """Requests no revision has met yet."""
        return self.filter(recorded_in__isnull=True)


class RevisionRequest(models.Model):
    """A monograph to record again because a shared record it shows changed.

    Editing a shared record requests revisions of the monographs showing it in one statement,
    however many they are (revisions.request_revisions()); the next recording of a monograph
    meets its requests and names itself on them. They stay: whoever changed the shared record
    wrote part of that revision, which the four-eyes rule counts.
    """

    compound = models.ForeignKey(
        "compounds.Compound", on_delete=models.CASCADE, related_name="revision_requests"
    )
    reason = models.CharField(max_length=300)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    requested_at = models.DateTimeField(default=timezone.now)
    recorded_in = models.ForeignKey(
        MonographRevision,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="requests",
    )

    objects = RevisionRequestQuerySet.as_manager()

    class Meta:
        ordering = ["requested_at", "id"]
        indexes = [
            models.Index(
                fields=["compound"],
                condition=Q(recorded_in__isnull=True),
                name="revision_request_waiting",
            ),
        ]

    def __str__(self):
        return f"{self.compound}: {self.reason}"


class SubmissionQuerySet(AppendOnlyQuerySet):
    def pending(self):
        return self.filter(decision__isnull=True)

    def with_four_eyes(self, user):
        """The four-eyes rule, as two annotations: `submitted_by_user`, and `edited_by_user`
        when the submitted revision holds edits of `user` no other reviewer has approved yet.

        Their edits are the revisions they recorded, restored from their writing or that met their
        request (a shared record they changed, see RevisionRequest), numbered
        after the newest revision a reviewer approved (roll-backs and withdrawals change nothing
        about what was approved) and up to the submitted one. Nobody may decide on a submission
        either flag marks; the approval queue and the decisions both read them here.
        """
        newest_approved = (
            Publication.objects.filter(
                compound=OuterRef("compound"), kind=Publication.Kind.APPROVAL
            )
            .order_by("-created_at", "-id")
            .values("monograph_revision__number")[:1]
        )
        own_edits = MonographRevision.objects.filter(
            Q(revision__user=user)
            | Q(restored_from__revision__user=user)
            | Q(requests__requested_by=user),
            compound=OuterRef("compound"),
            number__lte=OuterRef("monograph_revision__number"),
            number__gt=Coalesce(Subquery(newest_approved), 0),
        )
        return self.annotate(
            submitted_by_user=ExpressionWrapper(Q(submitted_by=user), output_field=BooleanField()),
            edited_by_user=Exists(own_edits),
        )

    def awaiting(self, user):
        """Pending submissions `user` may decide on (see with_four_eyes())."""
        return (
            self.pending()
            .with_four_eyes(user)
            .filter(submitted_by_user=False, edited_by_user=False)
        )


class Submission(ImmutableModel):
    """A request to publish one pinned revision; its decision is a separate Decision row."""

    compound = models.ForeignKey(
        "compounds.Compound", on_delete=models.CASCADE, related_name="submissions"
    )
    # RESTRICT: a pinned revision outlives everything but the deletion of its whole compound.
    monograph_revision = models.ForeignKey(
        MonographRevision, on_delete=models.RESTRICT, related_name="submissions"
    )
    content_hash = models.CharField(max_length=64)
    summary = models.TextField("change summary")
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="submissions"
    )
    submitted_at = models.DateTimeField(default=timezone.now)

    objects = SubmissionQuerySet.as_manager()

    class Meta:
        ordering = ["-submitted_at", "-id"]
        triggers = append_only(delete_allowed_if=_OF_THE_DELETED_COMPOUND)

    def __str__(self):
        return f"{self.compound}, revision {self.monograph_revision.number}"


class Decision(ImmutableModel):
    """How a submission ended: approved, sent back, or superseded by a newer submission."""

    class Verdict(models.TextChoices):
        APPROVED = "approved", "Approved"
        CHANGES_REQUESTED = "changes_requested", "Changes requested"
        SUPERSEDED = "superseded", "Superseded by a newer submission"

    submission = models.OneToOneField(Submission, on_delete=models.CASCADE, related_name="decision")
    verdict = models.CharField(max_length=20, choices=Verdict)
    comment = models.TextField(blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(verdict__in=["approved", "changes_requested", "superseded"]),
                name="decision_verdict_valid",
            ),
        ]
        triggers = append_only(
            delete_allowed_if=f"EXISTS (SELECT 1 FROM {Submission._meta.db_table} s "
            f"WHERE s.id = OLD.submission_id AND s.compound_id::text = {_DELETING_COMPOUND})"
        )

    def __str__(self):
        return self.get_verdict_display()


# What visitors see of a compound follows one rule: of its publication events whose time has come,
# the newest is in effect (of two taking effect at the same moment, the later one), and the compound
# is live unless that event is a withdrawal. _IN_EFFECT is the rule in SQL, over a publication `p`;
# in_effect() and current() wrap it for the ORM, and the lookups public pages make on every
# uncached request (live_at(), live_page_at(), live_slugs()) run it written out, as building the
# ORM's correlated subquery took longer than PostgreSQL took to plan and run it. "Whose time has
# come" alone is _has_taken_effect(), which shown(), scheduled() and timeline() use.
_IN_EFFECT = """
    p.effective_at <= %s AND NOT EXISTS (
        SELECT 1 FROM {table} later
        WHERE later.compound_id = p.compound_id AND later.effective_at <= %s AND (
            later.effective_at > p.effective_at
            OR (later.effective_at = p.effective_at AND later.id > p.id)
        )
    )
"""
_CURRENT_SQL = "SELECT {columns} FROM {table} p {join} WHERE {condition} AND p.kind <> %s AND "
_CURRENT_SQL += _IN_EFFECT
# What public pages show of a publication besides its document.
_PUBLIC_COLUMNS = (
    "id",
    "slug",
    "compound_id",
    "document",
    "approver_name",
    "author_name",
    "approved_at",
    "reapproval_due",
    "effective_at",
)


def _has_taken_effect(now):
    return Q(effective_at__lte=now)


class PublicationQuerySet(AppendOnlyQuerySet):
    def in_effect(self, now=None):
        """The publication event of each compound that is in effect (see _IN_EFFECT)."""
        table = self.model._meta.db_table
        ids_in_effect = RawSQL(
            f"SELECT p.id FROM {table} p WHERE " + _IN_EFFECT.format(table=table),
            self._moments(now),
        )
        return self.filter(pk__in=ids_in_effect)

    def current(self, now=None):
        """The live publication of each compound: in effect and not a withdrawal."""
        return self.in_effect(now).exclude(kind=Publication.Kind.WITHDRAWAL)

    def live_at(self, slug, now=None):
        """current().filter(slug=slug).first(), loading only what public pages show of it."""
        sql = _CURRENT_SQL.format(
            columns=", ".join(f"p.{column}" for column in _PUBLIC_COLUMNS),
            table=self.model._meta.db_table,
            join="",
            condition="p.slug = %s",
        )
        return self._newest(sql, [slug, *self._current_params(now)])

    def live_page_at(self, slug, renderer, now=None):
        """live_at(), with the page `renderer` stored for it: `before_comparison`,
        `after_comparison` and `comparison` (JSON text), or None and the document."""
        renderings = self.model._meta.get_field("renderings").related_model._meta.db_table
        columns = [f"p.{column}" for column in _PUBLIC_COLUMNS if column != "document"]
        columns += [
            "CASE WHEN r.id IS NULL THEN p.document END AS document",
            "r.before_comparison",
            "r.after_comparison",
            "r.comparison",
        ]
        sql = _CURRENT_SQL.format(
            columns=", ".join(columns),
            table=self.model._meta.db_table,
            join=f"LEFT JOIN {renderings} r ON r.publication_id = p.id AND r.renderer = %s",
            condition="p.slug = %s",
        )
        return self._newest(sql, [renderer, slug, *self._current_params(now)])

    def _newest(self, sql, params):
        newest_first = " ORDER BY p.effective_at DESC, p.id DESC"  # as current().first() does
        return next(iter(self.raw(sql + newest_first, params)), None)

    def live_slugs(self, slugs, now=None):
        """Which of `slugs` have a current publication."""
        if not slugs:
            return set()
        sql = _CURRENT_SQL.format(
            columns="p.slug",
            table=self.model._meta.db_table,
            join="",
            condition=f"p.slug IN ({', '.join(['%s'] * len(slugs))})",
        )
        # Plain strings: a cursor, without raw()'s model instances.
        with connections[self.db].cursor() as cursor:
            cursor.execute(sql, [*slugs, *self._current_params(now)])
            return {slug for (slug,) in cursor.fetchall()}

    def _moments(self, now):
        """`now` twice, as _IN_EFFECT's parameters."""
        at = connections[self.db].ops.adapt_datetimefield_value(now or timezone.now())
        return [at, at]

    def _current_params(self, now):
        return [Publication.Kind.WITHDRAWAL, *self._moments(now)]

    def shown(self, now=None):
        """Every version visitors have been shown: approvals and roll-backs whose time has come,
        newest first."""
        return (
            self.filter(_has_taken_effect(now or timezone.now()))
            .exclude(kind=Publication.Kind.WITHDRAWAL)
            .order_by("-effective_at", "-id")
        )

    def marked_shown(self, now=None):
        """Annotated `was_shown`: whether shown() holds the publication."""
        shown = _has_taken_effect(now or timezone.now()) & ~Q(kind=Publication.Kind.WITHDRAWAL)
        return self.annotate(was_shown=ExpressionWrapper(shown, output_field=BooleanField()))

    def scheduled(self, now=None):
        """Approvals whose time has not come."""
        return self.exclude(_has_taken_effect(now or timezone.now())).exclude(
            kind=Publication.Kind.WITHDRAWAL
        )

    def timeline(self, now=None):
        """When what visitors see last changed and when it next will: the latest time a
        publication took effect and the earliest still to come (each None if there is none)."""
        taken_effect = _has_taken_effect(now or timezone.now())
        times = self.aggregate(
            last=Max("effective_at", filter=taken_effect),
            next=Min("effective_at", filter=~taken_effect),
        )
        return times["last"], times["next"]

    def renamed_to(self, old_slug):
        """The current publication of whatever compound was last shown at `old_slug`."""
        compound = self.shown().filter(slug=old_slug).values("compound_id")[:1]
        return self.current().filter(compound_id__in=Subquery(compound)).first()

    def newest_approval_or_roll_back(self):
        """The newest approval or roll-back recorded, scheduled or not: what the next approval
        replaces."""
        return self.exclude(kind=Publication.Kind.WITHDRAWAL).order_by("-created_at", "-id").first()

    def site_wording(self):
        """Site-wide wording as a reviewer last approved it (on the newest live monograph).

        Pages outside a monograph show this rather than the editable settings, so unapproved
        wording never reaches visitors; before anything is published, the built-in defaults.
        """
        newest = self.current().order_by("-effective_at", "-id").values("pk")[:1]
        # Reading the wording of that one row only: ordering by it first would make PostgreSQL
        # unpack every live document.
        site = self.filter(pk__in=Subquery(newest)).values_list("document__site", flat=True).first()
        return site or site_document(SiteSettings())


class Publication(ImmutableModel):
    """What visitors see of a compound from `effective_at` on: an approved revision's frozen
    document, a roll-back to an earlier one, or a withdrawal (unpublished: no document)."""

    class Kind(models.TextChoices):
        APPROVAL = "approval", "Approved"
        ROLLBACK = "rollback", "Rolled back"
        WITHDRAWAL = "withdrawal", "Unpublished"

    compound = models.ForeignKey(
        "compounds.Compound", on_delete=models.CASCADE, related_name="publications"
    )
    kind = models.CharField(max_length=10, choices=Kind)
    monograph_revision = models.ForeignKey(
        MonographRevision,
        on_delete=models.RESTRICT,
        null=True,
        blank=True,
        related_name="publications",
    )
    submission = models.OneToOneField(
        Submission, on_delete=models.RESTRICT, null=True, blank=True, related_name="publication"
    )
    slug = models.SlugField(max_length=120, blank=True)
    document = models.JSONField(null=True, blank=True)
    content_hash = models.CharField(max_length=64, blank=True)
    comment = models.TextField(blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    approver_name = models.CharField(
        max_length=150, help_text="Who approved the content (kept on roll-backs)."
    )
    approved_at = models.DateTimeField(default=timezone.now)
    created_at = models.DateTimeField(default=timezone.now)
    effective_at = models.DateTimeField(default=timezone.now)
    reapproval_due = models.DateField(null=True, blank=True)
    author_name = models.CharField(
        max_length=150, blank=True, help_text="Who wrote the approved changes (kept on roll-backs)."
    )
    change_summary = models.TextField(
        blank=True, help_text="What changed, in words the public change log shows."
    )
    # Derived from the document when the row is written (see compounds/listing.py).
    name = models.CharField(max_length=200, blank=True)
    card = models.JSONField(default=dict, blank=True)
    area_slugs = models.TextField(blank=True)
    search_names = models.TextField(blank=True)
    search_text = models.TextField(blank=True)

    objects = PublicationQuerySet.as_manager()

    class Meta:
        ordering = ["-effective_at", "-id"]
        indexes = [
            models.Index(fields=["compound", "effective_at"], name="publication_in_effect"),
            models.Index(fields=["slug", "effective_at"], name="publication_by_slug"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind="withdrawal", document__isnull=True)
                | (
                    ~Q(kind="withdrawal")
                    & Q(document__isnull=False, monograph_revision__isnull=False)
                ),
                name="publication_document_matches_kind",
            ),
        ]
        triggers = append_only(delete_allowed_if=_OF_THE_DELETED_COMPOUND)

    def __str__(self):
        return f"{self.compound}: {self.get_kind_display()} {self.effective_at:%Y-%m-%d %H:%M}"

    def save(self, *args, **kwargs):
        if self.document is not None:
            for column, value in listing.derived_columns(upgraded(self.document)).items():
                setattr(self, column, value)
        super().save(*args, **kwargs)


class AuditEvent(ImmutableModel):
    """Append-only log of every workflow event, kept even when its compound is deleted."""

    class Action(models.TextChoices):
        SUBMIT = "submit", "Submitted"
        APPROVE = "approve", "Approved"
        REQUEST_CHANGES = "request_changes", "Changes requested"
        PUBLISH = "publish", "Published"
        UNPUBLISH = "unpublish", "Unpublished"
        ROLL_BACK = "roll_back", "Rolled back"
        RESTORE = "restore", "Restored"
        DELETE = "delete", "Deleted"
        PREVIEW_LINK = "preview_link", "Preview link created"

    action = models.CharField(max_length=20, choices=Action)
    compound = models.ForeignKey(
        "compounds.Compound",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="audit_events",
    )
    compound_name = models.CharField(max_length=120)
    revision_number = models.PositiveIntegerField(null=True, blank=True)
    content_hash = models.CharField(max_length=64, blank=True)
    # PROTECT: the log names who did what for good; deactivate staff accounts instead.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    username = models.CharField(max_length=150)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    comment = models.TextField(blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        # A compound's deletion sets its events' compound to NULL (the name stays): the only
        # change an event allows.
        triggers = append_only(
            update_allowed_if=f"{_OF_THE_DELETED_COMPOUND} AND NEW.compound_id IS NULL AND "
            "(NEW.id, NEW.action, NEW.compound_name, NEW.revision_number, NEW.content_hash, "
            "NEW.user_id, NEW.username, NEW.created_at, NEW.comment) IS NOT DISTINCT FROM "
            "(OLD.id, OLD.action, OLD.compound_name, OLD.revision_number, OLD.content_hash, "
            "OLD.user_id, OLD.username, OLD.created_at, OLD.comment)"
        )

    def __str__(self):
        return f"{self.get_action_display()} {self.compound_name} by {self.username}"


class PageRenderingQuerySet(AppendOnlyQuerySet):
    def drop_all_but(self, renderer):
        """Delete the pages rendered by any renderer but `renderer` (the running code's): the one
        deletion stored pages allow besides their compound's. Returns how many went."""
        with transaction.atomic(using=self.db):
            connection = connections[self.db]
            if connection.vendor == "postgresql":
                with connection.cursor() as cursor:
                    cursor.execute(
                        "SELECT set_config('peptara.rendering_pages_with', %s, true)", [renderer]
                    )
            deleted, _ = models.QuerySet.delete(self.exclude(renderer=renderer))
        return deleted


class PageRendering(ImmutableModel):
    """A publication's page, rendered by the code and settings that `renderer` names.

    Stored once and never changed: `manage.py render_pages` adds the running code's rendering and
    drops the others'. The page is kept in two parts around its comparison section, which links
    compared compounds only while they are live, so it is rendered on every request.
    """

    publication = models.ForeignKey(
        Publication, on_delete=models.CASCADE, related_name="renderings"
    )
    renderer = models.CharField(max_length=64)
    before_comparison = models.TextField()
    after_comparison = models.TextField()
    # What the comparison section shows besides liveness: the compound's name and slug and the
    # document's "comparison" part.
    comparison = models.JSONField()

    objects = PageRenderingQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["publication", "renderer"], name="page_rendered_once_per_renderer"
            ),
        ]
        triggers = append_only(
            delete_allowed_if="OLD.renderer <> current_setting('peptara.rendering_pages_with', "
            f"true) OR EXISTS (SELECT 1 FROM {Publication._meta.db_table} p "
            f"WHERE p.id = OLD.publication_id AND p.compound_id::text = {_DELETING_COMPOUND})"
        )

    def __str__(self):
        return f"{self.publication} rendered by {self.renderer[:12]}"
