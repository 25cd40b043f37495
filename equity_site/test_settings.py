"""Settings for the test suite: the real settings with a throwaway key and fast hashing."""

import os

os.environ.setdefault("SECRET_KEY", "test-only-secret-key-not-for-production")
os.environ.setdefault("SECURE_SSL_REDIRECT", "0")

from .settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES["staticfiles"]["BACKEND"] = "django.contrib.staticfiles.storage.StaticFilesStorage"  # noqa: F405

# Serve static files straight from the finders; no collectstatic needed for tests.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True

# One process runs the tests, so the page cache's generation can live in its memory (and
# is not shared with test runs of other checkouts on the same machine).
if not REDIS_URL:  # noqa: F405
    CACHES["page-generation"] = {  # noqa: F405
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "page-generation",
    }

# A second alias for the read-replica tests (tests/test_read_replica.py): a mirror of the
# test database. Nothing is routed to it unless a test sets DATABASE_REPLICA and the router.
# A replica only reads: it never takes SQLite's write lock at BEGIN (transaction_mode), which
# would block the primary's writes to the shared in-memory test database.
_primary = DATABASES["default"]  # noqa: F405
DATABASES["replica"] = {  # noqa: F405
    **_primary,
    "OPTIONS": {k: v for k, v in _primary.get("OPTIONS", {}).items() if k != "transaction_mode"},
    "TEST": {"MIRROR": "default"},
}

# The API's throttle counts every request from the test client's one address; the tests
# that check it set a rate of their own (tests/test_api.py).
API_THROTTLE_RATE = ""

# The test process is not a worker: it keeps its garbage collection as it is (the test of
# core/gc_tuning.py turns the freeze on for itself).
GC_FREEZE_AFTER_REQUESTS = 0
