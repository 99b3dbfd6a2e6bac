from django.utils.functional import SimpleLazyObject

from .models import SiteSettings


def site_settings(request):
    """Site-wide wording for pages outside a monograph (monographs carry their own copy)."""
    return {"site": SimpleLazyObject(SiteSettings.objects.current)}
