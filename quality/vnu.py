"""Check every fetched page with the Nu HTML checker (vnu.jar): 0 errors is the bar.

Usage: python -m quality.vnu OUT   (reads OUT/html/<name>.html written by fetch.py)
"""

import json
import subprocess
import sys
from pathlib import Path

from quality.pages import load_pages
from quality.summary import record, row

VNU_JAR = Path(__file__).parent / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


def check(files):
    """vnu's error messages for each file, keyed by the file's resolved path."""
    result = subprocess.run(
        ["java", "-jar", str(VNU_JAR), "--errors-only", "--format", "json", "--stdout"]
        + [str(file) for file in files],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    try:
        messages = json.loads(result.stdout)["messages"]
    except (ValueError, KeyError):
        message = f"vnu gave no report (exit {result.returncode}):\n{result.stderr}"
        raise SystemExit(message) from None
    errors = {file.resolve(): [] for file in files}
    for message in messages:
        # Non-document errors (an unreadable file, say) have no url: pin them on every page.
        url = message.get("url", "")
        targets = [f for f in errors if url.endswith(f.as_posix())] or list(errors)
        for target in targets:
            errors[target].append(message)
    return errors


def describe(message):
    where = f"line {message['lastLine']}" if "lastLine" in message else "document"
    extract = " ".join(message.get("extract", "").split())
    return f"{where}: {message['message']}" + (f"  [{extract}]" if extract else "")


def main(out):
    pages = load_pages()
    files = {page.name: Path(out, "html", f"{page.name}.html").resolve() for page in pages}
    fetched = [file for file in files.values() if file.exists()]
    errors = check(fetched) if fetched else {}
    rows = []
    for page in pages:
        if files[page.name] not in errors:
            print(f"vnu {page.name}: no HTML was fetched")
            rows.append(row("vnu", page.name, "not fetched", ok=False))
            continue
        found = errors[files[page.name]]
        print(f"vnu {page.name} {page.path}: {len(found)} errors")
        for message in found:
            print(f"  - {describe(message)}")
        rows.append(row("vnu", page.name, f"{len(found)} errors", ok=not found))
    record(out, "vnu", rows)
    return 0 if all(r["ok"] for r in rows) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
