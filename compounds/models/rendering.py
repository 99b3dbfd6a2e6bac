"""Monograph pages as they were rendered when published (see compounds/stored_pages.py)."""

from django.db import models

from .workflow import Publication


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
