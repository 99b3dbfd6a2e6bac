import io
import os
import uuid

import pytest
import redis
from django.core.management import call_command
from django.test import override_settings

from tests.redis_server import TEST_REDIS_URL


@pytest.fixture(autouse=True)
def _plain_static_files(settings):
    """Tests render templates without running collectstatic for the manifest."""
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    """Tests create and sign in many users; PBKDF2's deliberate slowness buys nothing here."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache (the test database is rolled back, the cache not)."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture
def redis_server():
    """A client of this machine's Redis (database 13 is the tests'); skips without one, unless
    PEPTARA_REQUIRE_REDIS is set (as in CI)."""
    client = redis.Redis.from_url(TEST_REDIS_URL)
    try:
        client.ping()
    except redis.ConnectionError:
        if os.environ.get("PEPTARA_REQUIRE_REDIS"):
            pytest.fail(f"No Redis server at {TEST_REDIS_URL}")
        pytest.skip(f"No Redis server at {TEST_REDIS_URL}")
    yield client
    client.close()


@pytest.fixture
def redis_key_prefix(redis_server):
    """A key prefix of the test's own in the tests' Redis database, emptied afterwards."""
    prefix = uuid.uuid4().hex
    yield prefix
    for key in redis_server.scan_iter(f"{prefix}:*"):
        redis_server.delete(key)


@pytest.fixture
def demo(db):
    """The demo monographs as `manage.py load_demo` loads them."""
    with override_settings(DEBUG=True):  # the demo is published by its demo author and reviewer
        call_command("load_demo", verbosity=0, stdout=io.StringIO())


@pytest.fixture
def editor(db, django_user_model):
    """A staff member with every content permission, signed in to the admin."""
    from django.contrib.auth.models import Permission

    user = django_user_model.objects.create_user("editor", "editor@example.org", "pw-editor-1")
    user.is_staff = True
    user.save()
    user.user_permissions.set(
        Permission.objects.filter(content_type__app_label__in=["compounds", "evidence"])
    )
    return user


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client
