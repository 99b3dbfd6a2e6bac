"""Audit the monograph page with Lighthouse, mobile and desktop: every category >= 0.95.

Lighthouse's performance score moves with the load on the machine, so each form runs RUNS
times and the bar applies to the median score of each category (Lighthouse's own advice on
variability). Usage: python -m quality.lighthouse BASE_URL OUT
(reports go to OUT/lighthouse-<form>-<run>.json)
"""

import json
import os
import statistics
import subprocess
import sys
from pathlib import Path

from quality.pages import CHROMIUM, CHROMIUM_FLAGS, page_named
from quality.summary import record, row

LIGHTHOUSE = Path(__file__).parent / "node_modules" / ".bin" / "lighthouse"
CATEGORIES = ["performance", "accessibility", "best-practices", "seo"]
BAR = 0.95
RUNS = int(os.environ.get("QUALITY_LIGHTHOUSE_RUNS", "5"))
FORMS = {"mobile": [], "desktop": ["--preset=desktop"]}  # Lighthouse emulates a phone by default


def audit(url, report, options):
    """Run Lighthouse on url and return its report (the LHR)."""
    result = subprocess.run(
        [
            str(LIGHTHOUSE),
            url,
            "--quiet",
            "--output=json",
            f"--output-path={report}",
            f"--chrome-flags={' '.join(CHROMIUM_FLAGS)}",
            f"--only-categories={','.join(CATEGORIES)}",
            *options,
        ],
        env={**os.environ, "CHROME_PATH": CHROMIUM},
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    if result.returncode != 0 or not report.exists():
        raise RuntimeError(f"lighthouse exited {result.returncode}:\n{result.stderr[-3000:]}")
    return json.loads(report.read_text())


def shortfalls(lhr, category):
    """The weighted audits of a category that did not score full marks, worst first."""
    audits = lhr["audits"]
    refs = [ref for ref in lhr["categories"][category]["auditRefs"] if ref["weight"] > 0]
    missed = [
        audits[ref["id"]]
        for ref in refs
        if (audits[ref["id"]]["score"] or 0) < 1
        and audits[ref["id"]]["scoreDisplayMode"] not in ("notApplicable", "manual")
    ]
    return sorted(missed, key=lambda found: found["score"] or 0)


def describe(missed):
    """An audit that missed full marks, with the elements it names."""
    value = f" ({missed['displayValue']})" if missed.get("displayValue") else ""
    lines = [f"{missed['id']}: score {missed['score']}, {missed['title']}{value}"]
    for item in missed.get("details", {}).get("items", [])[:5]:
        node = item.get("node") or {}
        where = node.get("selector") or item.get("url") or item.get("sourceLocation", {}).get("url")
        what = node.get("snippet") or item.get("description") or ""
        if where or what:
            lines.append(f"  {where or ''} {what}"[:240])
    return lines


def scores_of(lhr):
    return {category: lhr["categories"][category]["score"] for category in CATEGORIES}


def format_scores(scores):
    return ", ".join(f"{c} {'-' if s is None else f'{s:.2f}'}" for c, s in scores.items())


# Lighthouse now and then fails to record a trace (NO_NAVSTART, NO_FCP) on a busy machine, in its
# report or by exiting 1: such a run says nothing about the page, so it is run again, a bounded
# number of times.
RETRIES = 2


def run_form(url, out, form, options):
    """The reports of RUNS Lighthouse runs of one form; a run that fails RETRIES times raises."""
    reports = []
    for run in range(1, RUNS + 1):
        for attempt in range(RETRIES + 1):
            try:
                lhr = audit(url, Path(out, f"lighthouse-{form}-{run}.json"), options)
            except RuntimeError as error:
                failure = str(error)
            else:
                if not lhr.get("runtimeError"):
                    break
                failure = lhr["runtimeError"]
            print(f"lighthouse {form} run {run}, attempt {attempt + 1}: {failure}")
        else:
            raise RuntimeError(failure)
        for warning in lhr.get("runWarnings", []):
            print(f"lighthouse {form} run {run}: warning: {' '.join(warning.split())[:200]}")
        print(
            f"lighthouse {form} run {run}: {format_scores(scores_of(lhr))} "
            f"(CPU benchmark index {lhr['environment']['benchmarkIndex']:.0f})"
        )
        reports.append(lhr)
    return reports


def main(base_url, out):
    page = page_named("monograph")
    url = base_url + page.path
    rows = []
    for form, options in FORMS.items():
        try:
            reports = run_form(url, out, form, options)
        except (RuntimeError, subprocess.TimeoutExpired) as error:
            print(f"lighthouse {form}: {error}")
            rows.append(row(f"lighthouse {form}", page.name, "did not run", ok=False))
            continue
        runs = [scores_of(lhr) for lhr in reports]
        # The run with the median performance score stands for the form when explaining a miss.
        typical = sorted(reports, key=lambda lhr: scores_of(lhr)["performance"] or 0)[RUNS // 2]
        for category in CATEGORIES:
            values = [scores[category] for scores in runs]
            score = None if None in values else statistics.median(values)
            ok = score is not None and score >= BAR
            if score != 1:
                verdict = "misses the bar" if not ok else "passes but is not 1.00"
                print(f"lighthouse {form} {category}: {verdict}; what cost it points:")
                for missed in shortfalls(typical, category):
                    print("\n".join("    " + line for line in describe(missed)))
            figure = f"{category} {'-' if score is None else f'{score:.2f}'} (median of {RUNS})"
            rows.append(row(f"lighthouse {form}", page.name, figure, ok))
    record(out, "lighthouse", rows)
    return 0 if all(r["ok"] for r in rows) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1].rstrip("/"), sys.argv[2]))
