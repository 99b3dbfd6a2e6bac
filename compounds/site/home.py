"""The home page's three ways in: the A-Z index, research areas, and what changed recently."""

from itertools import groupby

RECENT_UPDATES = 5


def home_page(publications):
    """Context for the home page from the current publications (read once)."""
    publications = sorted(publications, key=lambda p: p.name.casefold())
    return {
        "letters": [
            {"letter": letter, "compounds": [p.card for p in group]}
            for letter, group in groupby(publications, key=_index_letter)
        ],
        "areas": research_areas(p.card for p in publications),
        "recent": sorted(publications, key=lambda p: (p.effective_at, p.pk), reverse=True)[
            :RECENT_UPDATES
        ],
        "count": len(publications),
    }


def research_areas(cards):
    """Each research area some live monograph has evidence in, A-Z, with its compound count."""
    counts, names = {}, {}
    for card in cards:
        for area in card["areas"]:
            counts[area["slug"]] = counts.get(area["slug"], 0) + 1
            names.setdefault(area["slug"], area["name"])
    return [
        {"slug": slug, "name": names[slug], "compounds": counts[slug]}
        for slug in sorted(counts, key=lambda slug: names[slug].casefold())
    ]


def _index_letter(publication):
    initial = publication.name[:1].upper()
    return initial if initial.isalpha() else "#"
