from django.http import JsonResponse
from django.shortcuts import get_object_or_404, render

from .models import Compound
from .monograph import build_monograph, monograph_queryset


def compound_index(request):
    compounds = Compound.objects.published().only("name", "slug", "summary", "human_evidence")
    return render(request, "compounds/index.html", {"compounds": compounds})


def _published_monograph(slug):
    compound = get_object_or_404(monograph_queryset().published(), slug=slug)
    return build_monograph(compound)


def monograph(request, slug):
    return render(request, "compounds/monograph.html", {"monograph": _published_monograph(slug)})


def monograph_json(request, slug):
    return JsonResponse(_published_monograph(slug), json_dumps_params={"ensure_ascii": False})
