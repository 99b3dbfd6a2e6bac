"""The public page types listed in pages.txt, and the browser every check drives."""

import os
from pathlib import Path
from typing import NamedTuple

PAGES_FILE = Path(__file__).with_name("pages.txt")

CHROMIUM = os.environ.get("CHROME_PATH", "/usr/bin/chromium")
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


class Page(NamedTuple):
    name: str
    path: str
    status: int


def load_pages(path=PAGES_FILE):
    """Every page listed in pages.txt; a malformed or repeated line stops the run."""
    pages = []
    for number, line in enumerate(path.read_text().splitlines(), start=1):
        fields = line.split("#", 1)[0].split()
        if not fields:
            continue
        if len(fields) not in (2, 3) or not fields[1].startswith("/"):
            raise SystemExit(f"{path}:{number}: expected 'name /path [status]', got {line!r}")
        if any(page.name == fields[0] for page in pages):
            raise SystemExit(f"{path}:{number}: the name {fields[0]!r} is listed twice")
        status = int(fields[2]) if len(fields) == 3 else 200
        pages.append(Page(fields[0], fields[1], status))
    if not pages:
        raise SystemExit(f"{path} lists no pages")
    return pages


def page_named(name):
    """The page called name in pages.txt."""
    for page in load_pages():
        if page.name == name:
            return page
    raise SystemExit(f"{PAGES_FILE} has no page called {name!r}")
