"""Run axe-core (WCAG 2.2 AA rules) in Chromium on every page, wide and narrow: 0 violations.

Usage: python -m quality.axe BASE_URL OUT
"""

import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

from quality.pages import CHROMIUM, CHROMIUM_FLAGS, load_pages
from quality.summary import record, row

AXE = Path(__file__).parent / "node_modules" / "axe-core" / "axe.min.js"
WCAG_22_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
VIEWPORTS = {
    "desktop": {"viewport": {"width": 1280, "height": 900}},
    # 320 CSS pixels is the width WCAG 1.4.10 (reflow) asks content to work at.
    "mobile": {
        "viewport": {"width": 320, "height": 640},
        "device_scale_factor": 2,
        "is_mobile": True,
        "has_touch": True,
    },
}


def run_axe(context, url):
    """The HTTP status of url and axe's results on it once loaded."""
    page = context.new_page()
    try:
        response = page.goto(url, wait_until="load", timeout=30_000)
        # The site's CSP forbids inline script, which is how Playwright adds axe; the context
        # bypasses CSP for that alone (the pages themselves run no script).
        page.add_script_tag(path=AXE)
        result = page.evaluate(
            "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_22_AA
        )
        return response.status, result
    finally:
        page.close()


def describe(violation):
    lines = [f"{violation['id']} ({violation['impact']}): {violation['help']}"]
    for node in violation["nodes"]:
        target = " ".join(
            " > ".join(part) if isinstance(part, list) else part for part in node["target"]
        )
        summary = " ".join(node.get("failureSummary", "").split())
        lines.append(f"    {target}  {node['html'][:160]}")
        if summary:
            lines.append(f"      {summary[:400]}")
    return lines


def main(base_url, out):
    rows = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        try:
            for viewport, options in VIEWPORTS.items():
                context = browser.new_context(bypass_csp=True, **options)
                context.set_default_timeout(60_000)
                for page in load_pages():
                    status, result = run_axe(context, base_url + page.path)
                    found = result["violations"]
                    nodes = sum(len(violation["nodes"]) for violation in found)
                    print(
                        f"axe {page.name} {page.path} {viewport}: {len(found)} violations "
                        f"({nodes} elements; {len(result['passes'])} rules passed), HTTP {status}"
                    )
                    for violation in found:
                        print("\n".join("  " + line for line in describe(violation)))
                    figure = f"{len(found)} violations, {viewport}"
                    if status != page.status:
                        figure += f", HTTP {status}"
                    rows.append(row("axe", page.name, figure, not found and status == page.status))
                context.close()
        finally:
            browser.close()
    record(out, "axe", rows)
    return 0 if all(r["ok"] for r in rows) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1].rstrip("/"), sys.argv[2]))
