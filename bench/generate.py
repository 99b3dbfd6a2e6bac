"""Load the demo, then publish 1,000 generated monographs of about the demo Cerebrolysin's size.

Run with the project's virtualenv: `python bench/generate.py [--count N] [--jobs N]`. It uses the
project's settings (DATABASE_URL and friends); bench/run points it at a throw-away database.
"""

import argparse
import io
import multiprocessing
import os
import secrets
import sys
import time
from pathlib import Path

import django

ROOT = Path(__file__).resolve().parent.parent


def setup():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "peptara.settings")
    # Throw-away defaults so the script runs with DEBUG off: nothing here is ever served.
    os.environ.setdefault("DJANGO_SECRET_KEY", "bench-" + secrets.token_hex(24))
    os.environ.setdefault("DJANGO_EMAIL_BACKEND", "django.core.mail.backends.dummy.EmailBackend")
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    django.setup()


def work(planned, seed, label):
    """One worker process: its own Django setup and database connection."""
    setup()
    from bench.monographs import publish_monographs  # models can only be imported after setup

    publish_monographs(planned, seed, label)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=1000, help="monographs to generate")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="worker processes")
    parser.add_argument("--seed", type=int, default=2024, help="seed of the content generator")
    args = parser.parse_args()
    setup()

    from django.conf import settings
    from django.core.management import call_command
    from django.db import connections
    from django.test import override_settings

    from bench.monographs import planned_monographs

    database = settings.DATABASES["default"]
    print(f"Database: {database['ENGINE']} {database['NAME']}")
    started = time.monotonic()
    with override_settings(DEBUG=True):  # the demo is published by its demo author and reviewer
        call_command("load_demo", verbosity=0, stdout=io.StringIO())
    print(f"Loaded the demo in {time.monotonic() - started:.1f} s", flush=True)
    planned = planned_monographs(args.count, args.seed)
    jobs = max(1, min(args.jobs, len(planned)))
    print(f"Publishing {len(planned)} monographs with {jobs} worker process(es)", flush=True)
    connections.close_all()  # each worker opens its own
    chunks = [(planned[n::jobs], args.seed, f"[worker {n + 1}] ") for n in range(jobs)]
    with multiprocessing.get_context("spawn").Pool(jobs) as pool:
        pool.starmap(work, chunks)
    with connections["default"].cursor() as cursor:
        cursor.execute("ANALYZE")  # planner statistics for the new rows, as autovacuum would
    print(f"Generated {len(planned)} monographs in {time.monotonic() - started:.1f} s", flush=True)


if __name__ == "__main__":
    main()
