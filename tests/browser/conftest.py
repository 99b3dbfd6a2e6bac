import importlib
import io
import os
import shutil
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django.test import override_settings

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SCREENSHOTS = Path(__file__).resolve().parents[2] / "artifacts" / "screenshots"

# Playwright's sync API runs an event loop in this thread; the ORM calls made by fixtures
# between browser steps are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(scope="session")
def chromium():
    if not shutil.which(CHROMIUM):
        message = f"Debian's chromium is not installed at {CHROMIUM}"
        if os.environ.get("PEPTARA_REQUIRE_BROWSER"):
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(chromium):
    context = chromium.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def screenshot_path():
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return lambda name: SCREENSHOTS / f"{name}.png"


@pytest.fixture
def editorial_roles(transactional_db):
    """The groups the roles migration creates: a live-server test starts from a database that
    the previous one emptied, so they are created again by that migration's own code."""
    migration = importlib.import_module("compounds.migrations.0004_editorial_roles")
    loader = MigrationLoader(connection)
    migration.create_roles(loader.project_state(("compounds", "0004_editorial_roles")).apps, None)


@pytest.fixture
def live_demo(editorial_roles, live_server):
    # A live server needs committed data, so this runs outside the per-test transaction.
    with override_settings(DEBUG=True):  # the demo is published by its demo author and reviewer
        call_command("load_demo", verbosity=0, stdout=io.StringIO())
    return live_server
