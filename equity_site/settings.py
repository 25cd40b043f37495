"""
Settings for the school-equity knowledge base.

Everything that differs between machines comes from the environment. The helpers
below fail loudly on malformed values, and production (DEBUG off) refuses to start
without a real SECRET_KEY.
"""

import hashlib
import os
import tempfile
from datetime import timedelta
from pathlib import Path
from typing import Any

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    if value.lower() in ("1", "true", "yes", "on"):
        return True
    if value.lower() in ("0", "false", "no", "off"):
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean (1/0, true/false), not {value!r}")


def env_int(name, default):
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    try:
        return int(value)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} must be an integer, not {value!r}") from exc


def env_list(name, default=()):
    value = os.environ.get(name)
    if value is None:
        return list(default)
    return [item.strip() for item in value.split(",") if item.strip()]


DEBUG = env_bool("DEBUG", False)

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    SECRET_KEY = "dev-only-insecure-key-never-use-in-production"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
# The address visitors use (https://host), for what is made outside a request: the kept
# downloads that `manage.py make_downloads` makes ahead of visitors hold links to it.
SITE_URL = os.environ.get("SITE_URL", "").rstrip("/")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.postgres",
    "django_filters",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "simple_history",
    "import_export",
    "csp",
    # django-axes, under a name staff understand in the admin (core/axes_app.py).
    "core.axes_app.LoginThrottleConfig",
    # The floor: shared machinery that imports no domain app.
    "core",
    # The domain, each app standing only on those above it in this list.
    "municipalities",
    "actors",
    "articles",
    "initiatives",
    # What combines the domain apps: the public site, the staff's tools, the dataset.
    "front",
    "api",
    "curation",
    "datasets",
]

MIDDLEWARE = [
    # First, so everything below (the log, django-axes) sees the visitor's address.
    "core.client_address.RealClientAddressMiddleware",
    # Outermost, so it times and logs every response, including 404, 503 and 500.
    "core.request_logging.RequestLogMiddleware",
    # Gzip for public HTML only where no secret is on the page (BREACH; core/compression.py).
    # Outside everything that reads the body (the page cache stores it uncompressed).
    "core.compression.PublicPageGZipMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Outside the page cache, so stored pages, 304s and 503s get the headers too.
    "core.response_headers.ResponseHeadersMiddleware",
    # CORS for the read-only JSON API, on stored answers and 304s too (api/cors.py).
    "api.cors.PublicApiCorsMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    # A NUL in the address gets a clear 400 (in the page's language) before any view
    # hands it to PostgreSQL. (The API says it as a problem+json, api/problems.py.)
    "api.problems.RejectNulAsProblemMiddleware",
    "core.input_guard.RejectNulCharactersMiddleware",
    "django.middleware.common.CommonMiddleware",
    # Marks a visitor's read, for the read replica and the page cache (core/db_routing.py).
    "core.db_routing.VisitorReadsMiddleware",
    # After Locale (the language is part of the key) and Common (host checked); before
    # Csrf, Session use and Messages, which a cached page skips (core/caching.py).
    "core.caching.PageCacheMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # django-axes wants to be last among the request middleware.
    "axes.middleware.AxesMiddleware",
    # Innermost, so its process_exception sees a database outage first.
    "core.health.DatabaseUnavailableMiddleware",
]

ROOT_URLCONF = "equity_site.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "core.context_processors.site",
            ],
        },
    },
]

WSGI_APPLICATION = "equity_site.wsgi.application"

# SQLite in the project is the embedded default; DATABASE_URL selects PostgreSQL.
DB_CONNECT_TIMEOUT = env_int("DB_CONNECT_TIMEOUT", 5)
DB_POOL = env_bool("DB_POOL", False)
DB_PREPARED_STATEMENTS = env_bool("DB_PREPARED_STATEMENTS", True)
DB_GENERIC_PLANS = env_bool("DB_GENERIC_PLANS", True)
DB_JIT = env_bool("DB_JIT", False)
DB_PARALLEL = env_bool("DB_PARALLEL", False)
DB_SYNC_SCANS = env_bool("DB_SYNC_SCANS", False)


def database_from_url(url):
    """One DATABASES entry: connections kept between requests (or pooled, DB_POOL=1)."""
    database = dj_database_url.parse(
        url,
        conn_max_age=0 if DB_POOL else env_int("CONN_MAX_AGE", 60),
        conn_health_checks=not DB_POOL,
    )
    if database["ENGINE"] == "django.db.backends.postgresql":
        options = database.setdefault("OPTIONS", {})
        # Fail fast when the database host does not answer, so visitors get the 503 page
        # within seconds instead of a worker hanging on connect.
        options.setdefault("connect_timeout", DB_CONNECT_TIMEOUT)
        if DB_PREPARED_STATEMENTS:
            # Parameters bound by the server, and a statement a connection has run five
            # times kept prepared, so PostgreSQL plans it once per connection rather than
            # on every request: the publication rule's joins took longer to plan than to
            # run (an initiative's page: 11.8 ms planning, 0.9 ms running). Off
            # (DB_PREPARED_STATEMENTS=0) behind a pooler in transaction mode, which cannot
            # keep a connection's prepared statements.
            options["server_side_binding"] = True
            options["prepare_threshold"] = 5
        startup = [options["options"]] if options.get("options") else []
        if DB_PREPARED_STATEMENTS and DB_GENERIC_PLANS:
            # A prepared statement is run with its one generic plan. By default PostgreSQL
            # compares that plan's estimated cost with plans made for each run's values,
            # and for the publication rule's joins it kept choosing the latter: planning
            # them again on every run, which cost more than running them (an actor's
            # page: 18.8 -> 10.0 ms in the database, a municipality's 13.5 -> 8.1). What
            # only the values tell how to run, a text search, writes its words into the
            # statement (core/text_search.py), so each search is planned for its words.
            startup.append("-c plan_cache_mode=force_generic_plan")
        if not DB_JIT:
            # PostgreSQL compiles a statement whose estimated cost is high (by default
            # above 100 000) to machine code before running it. The site's dearest
            # statements are those whose cost is estimated high but which run in a few
            # hundred ms, where compiling costs more than it saves: the browser sorted by
            # funding at scale spent 600 of its 950 ms compiling (330 ms without).
            startup.append("-c jit=off")
        if not DB_PARALLEL:
            # Nor does it start worker processes to share a statement: the site's run in
            # milliseconds, where starting them costs more than they share, and the app
            # servers' own workers need the cores (the compare page at scale: two
            # statements 12 -> 3 and 17 -> 7 ms; 56 -> 48 ms in all).
            startup.append("-c max_parallel_workers_per_gather=0")
        if not DB_SYNC_SCANS:
            # A sequential scan starts at the table's first page, not where the last scan
            # of a large table stopped: a search's candidates are the first matches the
            # database finds (core/text_search.py), and with synchronised scans
            # "segregationen" at scale showed other results on every request.
            startup.append("-c synchronize_seqscans=off")
        if startup:
            options["options"] = " ".join(startup)
        if DB_POOL:
            # psycopg's pool, one per worker process; waiting for a free connection
            # gives up as soon as connecting would.
            options["pool"] = {
                "min_size": 1,
                "max_size": env_int("DB_POOL_MAX_SIZE", 4),
                "timeout": DB_CONNECT_TIMEOUT,
            }
    return database


DATABASES = {
    "default": database_from_url(
        os.environ.get("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}"
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # A write transaction takes SQLite's write lock when it begins, not at its first
    # write: two admin saves then run one after the other, so the second one's version
    # check sees the first one's save (PostgreSQL gets the same from a row lock).
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault("transaction_mode", "IMMEDIATE")
# An optional read replica for visitors' pages; writes, the admin and staff use the
# primary (core/db_routing.py).
DATABASE_REPLICA_URL = os.environ.get("DATABASE_REPLICA_URL", "")
DATABASE_REPLICA = "replica" if DATABASE_REPLICA_URL else None
if DATABASE_REPLICA:
    DATABASES[DATABASE_REPLICA] = database_from_url(DATABASE_REPLICA_URL)
DATABASE_ROUTERS = ["core.db_routing.ReplicaRouter"] if DATABASE_REPLICA else []
# How far the replica may run behind: for this long after a change, pages and aggregates
# read from it are served but not cached.
DATABASE_REPLICA_MAX_LAG_SECONDS = env_int("DATABASE_REPLICA_MAX_LAG_SECONDS", 5)
# After the database failed to answer, pages answer 503 at once for this long instead
# of each holding a worker for the connect timeout (core/health.py).
DATABASE_CIRCUIT_BREAKER_SECONDS = env_int("DB_CIRCUIT_BREAKER_SECONDS", 5)

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "sv"
LANGUAGES = [("sv", _("Swedish")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Stockholm"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# Production hardening: on whenever DEBUG is off.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
# No script here reads the CSRF token or language cookies; keep them from JavaScript too.
CSRF_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"
# Probes from the load balancer may speak plain HTTP.
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]
if not DEBUG:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 60 * 60 * 24 * 365)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    LANGUAGE_COOKIE_SECURE = True

# No page uses a powerful browser feature; switch them all off (core/response_headers.py).
PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        "accelerometer",
        "autoplay",
        "camera",
        "display-capture",
        "encrypted-media",
        "fullscreen",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "picture-in-picture",
        "publickey-credentials-get",
        "screen-wake-lock",
        "serial",
        "usb",
        "xr-spatial-tracking",
    )
)

# Content-Security-Policy (django-csp 4): everything from our own origin, no inline
# scripts or styles anywhere, not even in the admin, and no framing.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        # The admin's stylesheets draw a few icons as data: URIs.
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

# Password guessing on the admin login (django-axes): five failures for one username
# from one address lock that pair out for 15 minutes. Keyed on the pair so one
# attacker cannot lock a colleague out from elsewhere. Behind a reverse proxy, set
# TRUST_X_REAL_IP so the real client address is used, not the proxy's.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Behind the reverse proxy of deploy/, take the client address from its X-Real-IP
# header (core/client_address.py); only where nothing else can reach the app server.
TRUST_X_REAL_IP = env_bool("TRUST_X_REAL_IP", False)
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("AXES_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
# Keep failed attempts only (needed for throttling); no log of every successful login.
AXES_DISABLE_ACCESS_LOG = True
# Lockouts show in the request log as 429s on /admin/login/; no second, unstructured log.
AXES_VERBOSE = False
# A locked-out login gets a page in the admin's language saying how long to wait, and
# Retry-After (429 as before).
AXES_LOCKOUT_CALLABLE = "core.login_throttle.lockout_response"

# One JSON line per request on stderr (see core/request_logging.py); Django's own
# request logger only for errors, so 404s are not logged twice.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"message": {"format": "%(message)s"}},
    "handlers": {"stderr": {"class": "logging.StreamHandler", "formatter": "message"}},
    "loggers": {
        "equity_site.requests": {"handlers": ["stderr"], "level": "INFO", "propagate": False},
        "django.request": {"handlers": ["stderr"], "level": "ERROR", "propagate": False},
    },
}

# Admin import and export (django-import-export): importing adds records, so it needs the
# model's add permission (Editors); exporting needs only view.
IMPORT_EXPORT_IMPORT_PERMISSION_CODE = "add"
IMPORT_EXPORT_EXPORT_PERMISSION_CODE = "view"

LOGIN_URL = "admin:login"
# Where a login goes when `next` is missing or points off the site (the only login is
# the admin's; Django's default, /accounts/profile/, does not exist here).
LOGIN_REDIRECT_URL = "admin:index"

# Caches: local memory by default (runserver, tests); Redis when REDIS_URL is set, e.g.
# redis://127.0.0.1:6379/0. The page cache's generation (core/caching.py) must be
# shared by every worker process, so without Redis it lives in one small file.
REDIS_URL = os.environ.get("REDIS_URL", "")
CACHES: dict[str, dict[str, Any]]
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            # Sites (or test runs) sharing one Redis database keep apart by prefix.
            "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "equity"),
        }
    }
    PAGE_CACHE_GENERATION_CACHE = "default"
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "OPTIONS": {"MAX_ENTRIES": env_int("CACHE_MAX_ENTRIES", 2000)},
        },
        "page-generation": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            # One directory per database: processes serving the same data share it.
            "LOCATION": os.environ.get(
                "PAGE_CACHE_GENERATION_DIR",
                os.path.join(
                    tempfile.gettempdir(),
                    "equity-site-page-generation-"
                    + hashlib.sha256(str(DATABASES["default"]["NAME"]).encode()).hexdigest()[:12],
                ),
            ),
        },
    }
    PAGE_CACHE_GENERATION_CACHE = "page-generation"
# Whole-page cache for anonymous visitors (core/caching.py). PAGE_CACHE=0 turns it
# off (the benchmark's "caching off" run); entries live PAGE_CACHE_SECONDS at most, but
# any content change makes them all stale at once.
PAGE_CACHE_ENABLED = env_bool("PAGE_CACHE", True)
PAGE_CACHE_SECONDS = env_int("PAGE_CACHE_SECONDS", 600)
# A bigger page is rendered afresh every time rather than stored (bytes of HTML).
PAGE_CACHE_MAX_BYTES = env_int("PAGE_CACHE_MAX_BYTES", 512 * 1024)
PAGE_CACHE_EXCLUDED_PREFIXES = ("/admin/", "/i18n/", "/healthz", "/readyz")
# A worker freezes its long-lived objects after this many requests, so full garbage
# collections stop pausing requests (core/gc_tuning.py); 0 turns it off.
GC_FREEZE_AFTER_REQUESTS = env_int("GC_FREEZE_AFTER_REQUESTS", 100)
# Whole-dataset downloads (the unfiltered CSV and JSON export) are written to a file the
# first time they are made in a content generation and served from it until the next
# change (core/stored_downloads.py). Each app server keeps its own; one directory per
# database, like the generation file. Under systemd: the unit's CacheDirectory.
DOWNLOAD_STORE_DIR = os.environ.get(
    "DOWNLOAD_STORE_DIR",
    os.path.join(
        tempfile.gettempdir(),
        "equity-site-downloads-"
        + hashlib.sha256(str(DATABASES["default"]["NAME"]).encode()).hexdigest()[:12],
    ),
)

# The read-only JSON API (api/, README "JSON API"): anonymous, published data only,
# stored by the page cache like the pages. Each client address may make
# API_THROTTLE_RATE requests that reach a view ("120/minute"; answers from the page
# cache do not count), counted in the default cache (Redis in production, so every
# worker counts together); more get 429 with Retry-After.
API_THROTTLE_RATE = os.environ.get("API_THROTTLE_RATE", "120/minute")
API_PAGE_SIZE = 25
API_MAX_PAGE_SIZE = 100
REST_FRAMEWORK = {
    # Visitors only: no sessions or passwords, so no drafts and no CSRF.
    "DEFAULT_AUTHENTICATION_CLASSES": [],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": [],
    "DEFAULT_THROTTLE_CLASSES": ["api.throttling.AnonymousRateThrottle"],
    # REMOTE_ADDR is already the client's (core/client_address.py); never take a
    # client-supplied X-Forwarded-For, or one client could be many.
    "NUM_PROXIES": 0,
    "DEFAULT_PAGINATION_CLASS": "api.pagination.Pagination",
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "api.problems.problem_exception_handler",
    "COERCE_DECIMAL_TO_STRING": False,
    "URL_FIELD_NAME": "url",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Skoljämlikhet API",
    "DESCRIPTION": (
        "Read-only JSON API of the school-equity knowledge base: published initiatives "
        "against school segregation in Swedish municipalities, with their evidence."
    ),
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "api.schema.add_problem_responses",
    ],
    "ENUM_NAME_OVERRIDES": {
        "InitiativeStatusEnum": "initiatives.models.Initiative.Status",
        "SchoolStatusEnum": "municipalities.models.School.Status",
    },
}
