"""The editorial lifecycle of a monograph: revisions, submissions, decisions, publications, their
stored pages and the audit log.

Every model here is append-only: rows are created by the verbs in workflow/publishing.py and
workflow/revisions.py, never edited, so what a reviewer approved can never change afterwards.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connections, models
from django.db.models import Exists, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone
from reversion.models import Revision

from compounds.working_copy.document import site_document
from compounds.working_copy.models import SiteSettings

from . import listing


class ImmutableModel(models.Model):
    """Rows that are written once: saving an existing row or deleting one is refused."""

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
    restored_from = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
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


class SubmissionQuerySet(models.QuerySet):
    def pending(self):
        return self.filter(decision__isnull=True)

    def awaiting(self, user):
        """Pending submissions `user` may decide on: not theirs, without their edits since the
        compound was last published (the four-eyes rule)."""
        last_published = (
            Publication.objects.filter(compound=OuterRef("compound"))
            .exclude(kind=Publication.Kind.WITHDRAWAL)
            .order_by("-created_at", "-id")
            .values("monograph_revision__number")[:1]
        )
        own_edits = MonographRevision.objects.filter(
            Q(revision__user=user) | Q(restored_from__revision__user=user),
            compound=OuterRef("compound"),
            number__lte=OuterRef("monograph_revision__number"),
            number__gt=Coalesce(Subquery(last_published), 0),
        )
        return self.pending().exclude(submitted_by=user).exclude(Exists(own_edits))


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

    def __str__(self):
        return f"{self.compound}, revision {self.monograph_revision.number}"


class Decision(ImmutableModel):
    class Outcome(models.TextChoices):
        APPROVED = "approved", "Approved"
        CHANGES_REQUESTED = "changes_requested", "Changes requested"
        WITHDRAWN = "withdrawn", "Withdrawn by a newer submission"

    submission = models.OneToOneField(Submission, on_delete=models.CASCADE, related_name="decision")
    outcome = models.CharField(max_length=20, choices=Outcome)
    comment = models.TextField(blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(outcome__in=["approved", "changes_requested", "withdrawn"]),
                name="decision_outcome_valid",
            ),
        ]

    def __str__(self):
        return self.get_outcome_display()


# current() for live_at(), live_page_at() and live_slugs(): in effect (no later publication of the
# compound whose time has come, the later id winning a tie) and not a withdrawal.
_CURRENT_SQL = """
    SELECT {columns} FROM {table} p {join}
    WHERE {condition} AND p.effective_at <= %s AND p.kind <> %s AND NOT EXISTS (
        SELECT 1 FROM {table} later
        WHERE later.compound_id = p.compound_id AND later.effective_at <= %s AND (
            later.effective_at > p.effective_at
            OR (later.effective_at = p.effective_at AND later.id > p.id)
        )
    )
"""
# What public pages show of a publication besides its document.
_PUBLIC_COLUMNS = (
    "id",
    "slug",
    "compound_id",
    "document",
    "reviewer_name",
    "author_name",
    "reviewed_at",
    "review_due",
    "effective_at",
)


class PublicationQuerySet(models.QuerySet):
    def in_effect(self, now=None):
        """The latest publication event of each compound whose time has come."""
        now = now or timezone.now()
        later = Publication.objects.filter(
            compound=OuterRef("compound"), effective_at__lte=now
        ).filter(
            Q(effective_at__gt=OuterRef("effective_at"))
            | Q(effective_at=OuterRef("effective_at"), id__gt=OuterRef("id"))
        )
        return self.filter(effective_at__lte=now).exclude(Exists(later))

    def current(self, now=None):
        """The live publication of each compound: in effect and not a withdrawal."""
        return self.in_effect(now).exclude(kind=Publication.Kind.WITHDRAWAL)

    def live_at(self, slug, now=None):
        """current().filter(slug=slug).first(), loading only what public pages show of it.

        Public pages ask this on every uncached request; it and live_slugs() are written out in
        SQL because building the ORM's correlated subquery cost more than PostgreSQL took to plan
        and run it. The rule is in_effect()'s, and the page tests hold both to it.
        """
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

    def _current_params(self, now):
        at = connections[self.db].ops.adapt_datetimefield_value(now or timezone.now())
        return [at, Publication.Kind.WITHDRAWAL, at]

    def shown(self, now=None):
        """Every version visitors have been shown: approvals and roll-backs whose time has come."""
        return self.filter(
            effective_at__lte=now or timezone.now(),
            kind__in=[Publication.Kind.APPROVAL, Publication.Kind.ROLLBACK],
        ).order_by("-effective_at", "-id")

    def renamed_to(self, old_slug):
        """The current publication of whatever compound was last published at `old_slug`."""
        compound = (
            self.filter(slug=old_slug, effective_at__lte=timezone.now())
            .exclude(kind=Publication.Kind.WITHDRAWAL)
            .order_by("-effective_at", "-id")
            .values("compound_id")[:1]
        )
        return self.current().filter(compound_id__in=Subquery(compound)).first()

    def site_wording(self):
        """Site-wide wording as a reviewer last approved it (on the newest live monograph).

        Pages outside a monograph show this rather than the editable settings, so unapproved
        wording never reaches visitors; before anything is published, the built-in defaults.
        """
        newest = self.current().order_by("-effective_at", "-id").values("pk")[:1]
        # Reading the wording of that one row only: ordering by it first would make PostgreSQL
        # unpack every live document.
        site = (
            self.filter(pk__in=Subquery(newest)).values_list("document__site", flat=True).first()
        )
        return site or site_document(SiteSettings())

    def scheduled(self, now=None):
        return self.filter(effective_at__gt=now or timezone.now()).exclude(
            kind=Publication.Kind.WITHDRAWAL
        )


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
    reviewer_name = models.CharField(
        max_length=150, help_text="Who approved the content (kept on roll-backs)."
    )
    reviewed_at = models.DateTimeField(default=timezone.now)
    created_at = models.DateTimeField(default=timezone.now)
    effective_at = models.DateTimeField(default=timezone.now)
    review_due = models.DateField(null=True, blank=True)
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

    def __str__(self):
        return f"{self.compound}: {self.get_kind_display()} {self.effective_at:%Y-%m-%d %H:%M}"

    def save(self, *args, **kwargs):
        if self.document is not None:
            for column, value in listing.derived_columns(self.document).items():
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
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    username = models.CharField(max_length=150)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    comment = models.TextField(blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"{self.get_action_display()} {self.compound_name} by {self.username}"


class PageRendering(models.Model):
    """A publication's page, rendered by the code and settings that `renderer` names.

    Derived data: `manage.py render_pages` replaces the renderings of other code with the running
    code's. The page is kept in two parts around its comparison section, which links compared
    compounds only while they are live, so it is rendered on every request.
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

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["publication", "renderer"], name="page_rendered_once_per_renderer"
            ),
        ]

    def __str__(self):
        return f"{self.publication} rendered by {self.renderer[:12]}"
