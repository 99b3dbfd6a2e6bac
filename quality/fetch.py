"""Fetch every page in pages.txt from the running site into OUT/html/<name>.html.

A page that does not answer its expected status fails; its HTML is kept all the same so the
other checks still read it. Usage: python -m quality.fetch BASE_URL OUT
"""

import sys
import urllib.error
import urllib.request
from pathlib import Path

from quality.pages import load_pages
from quality.summary import record, row


def fetch(url):
    """The status and body of url; error statuses are answers too, not exceptions."""
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def main(base_url, out):
    html = Path(out, "html")
    html.mkdir(parents=True, exist_ok=True)
    rows = []
    for page in load_pages():
        status, body = fetch(base_url + page.path)
        (html / f"{page.name}.html").write_bytes(body)
        ok = status == page.status
        expected = "" if ok else f", expected {page.status}"
        print(f"{page.name} {page.path}: HTTP {status}{expected}")
        rows.append(row("status", page.name, f"HTTP {status} (expected {page.status})", ok))
    record(out, "fetch", rows)
    return 0 if all(r["ok"] for r in rows) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1].rstrip("/"), sys.argv[2]))
