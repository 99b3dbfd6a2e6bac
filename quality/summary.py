"""Figures each check records, and the table scripts/quality ends with.

Each check writes OUT/<check>.json: a list of rows {"check", "page", "figure", "ok"}. The
summary fails the run when a row is not ok or an expected check wrote nothing (it crashed or
was never reached), so nothing is skipped silently.

Usage: python -m quality.summary OUT fetch vnu axe lighthouse
"""

import json
import sys
from pathlib import Path


def record(out, check, rows):
    """Write the rows of one check to OUT/<check>.json."""
    Path(out, f"{check}.json").write_text(json.dumps(rows, indent=2))


def row(check, page, figure, ok):
    return {"check": check, "page": page, "figure": figure, "ok": bool(ok)}


def main(out, checks):
    rows = []
    for check in checks:
        figures = Path(out, f"{check}.json")
        if figures.exists():
            rows += json.loads(figures.read_text())
        else:
            rows.append(row(check, "-", "did not finish: see its output above", ok=False))
    columns = ("check", "page", "figure")
    widths = {key: max(len(str(r[key])) for r in rows) for key in columns}
    print()
    print("Quality bars")
    for r in rows:
        cells = [str(r[key]).ljust(widths[key]) for key in columns]
        print("  " + "  ".join(cells) + ("  ok" if r["ok"] else "  FAIL"))
    failed = sum(not r["ok"] for r in rows)
    print(f"quality: {len(rows) - failed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2:]))
