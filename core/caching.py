"""
Whole-page caching for anonymous visitors, answered with conditional GET where it can.

`PageCacheMiddleware` stores the full response of an anonymous GET or HEAD to a public
page, keyed by a site-wide content *generation* + the active language + the full URL
(scheme and host included: pages carry absolute canonical links). Every response it
stores gets an ETag and a Last-Modified (the generation's time) and `Cache-Control:
no-cache`, so browsers always revalidate and get a cheap 304 when nothing changed.

Invalidation is site-wide, not per page: a municipality page lists initiatives, the home
page counts them, an actor page lists funding, so any edit may change many pages. A new
generation makes every stored page unreachable at once (old entries expire on their own).
The generation moves on:

- after every save or delete of a content model (any model of an app whose AppConfig
  says `holds_content`) and every
  change to one of their many-to-many relations: the documented receivers below,
  connected in `CoreConfig.ready()`. They bump at once *and* again when the
  transaction commits, so a page rendered between the save and the commit (still
  showing the old data) is never served under the new generation;
- after every successful unsafe request (POST, ...) handled by the middleware, such as
  an admin save or action: a safety net for writes that send no signals (`update()`,
  `bulk_create()`);
- when code that writes in bulk calls `bump_generation()` itself (generate_scale_data).

A page is stored under the query parameters it uses, never under others, so made-up
parameters (`?utm_source=…`, `?x=1`, `?x=2`, …) cannot fill the cache with copies:

- a URL pattern declares the parameters its view reads with `cache_keyed_on(...)`
  (`query_params_of(FilterSet or Form)` lists a filter set's or a form's fields). Before a
  cacheable request reaches such a view, its query string is cut down to those parameters,
  in a fixed order, so the stored page and its links never carry anything else and every
  variant of the URL shares one entry;
- a view that declares nothing (a new page) is stored only when requested without any
  query string; with one, it is rendered afresh every time and never stored. A page
  that forgot a parameter is therefore never served under the wrong key, only uncached.

Values of a declared parameter (`?q=…`) still make entries of their own; each is at most
PAGE_CACHE_MAX_BYTES (bigger pages are rendered afresh every time), and the local-memory
cache holds at most CACHE_MAX_ENTRIES of them (Redis: its `maxmemory`).

Never cached: requests with a session or messages cookie (staff, anyone logged in, so
staff never see an anonymous copy and visitors never see a staff one), the admin,
responses that set a cookie, touch the session or vary on more than Cookie and
Accept-Language, anything but 200, and streaming responses (the exports).

Pages live in Django's default cache: each process's local memory, or Redis when
REDIS_URL is set (settings). The generation lives in the cache named by
PAGE_CACHE_GENERATION_CACHE, which every process must share or an edit made through one
worker would not reach the pages another worker keeps: Redis itself when REDIS_URL is
set (then a hit costs one round trip, see `PageCacheMiddleware.lookup`), else a one-file
FileBasedCache shared by the processes of one machine. `PAGE_CACHE=0` turns the
middleware off entirely.
"""

import functools
import hashlib
import time
from contextvars import ContextVar
from urllib.parse import urlencode

from django.conf import settings
from django.core.cache import cache, caches
from django.core.exceptions import MiddlewareNotUsed, TooManyFieldsSent
from django.core.signals import request_finished as django_request_finished
from django.core.signals import request_started as django_request_started
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpResponse
from django.urls import Resolver404, resolve
from django.utils.cache import (
    get_conditional_response,
    patch_cache_control,
    patch_vary_headers,
    set_response_etag,
)
from django.utils.http import http_date, parse_http_date_safe
from django.utils.translation import get_language

from .content import content_app_labels
from .db_routing import replica_may_be_behind

GENERATION_KEY = "page-cache:generation"
SAFE_METHODS = {"GET", "HEAD"}
# Response Vary headers the cache key already covers (cookies: only cookie-less requests
# are cached; language: part of the key).
COVERED_VARY = {"cookie", "accept-language"}


# The generation as a request first read it, kept for the rest of the request: a page
# asks for it once per kept value (core/derived_cache.py: six times on the start page),
# and each ask read a file (or, with Redis, made a round trip). {} from request_started
# until the generation is read; None outside a request, where every ask reads it.
_this_request: ContextVar[dict | None] = ContextVar("generation_this_request", default=None)


def request_started(**kwargs):
    """Receiver for request_started: the request reads the generation afresh, once."""
    _this_request.set({})


def request_finished(**kwargs):
    """Receiver for request_finished (sent when the response is closed, after streaming)."""
    _this_request.set(None)


def current_generation():
    """The generation pages are stored under now (starting one if the cache has none),
    read once per request: an edit made in the request moves it on (`bump_generation`);
    one made meanwhile by another process is seen from the next request on, and what
    this one keeps meanwhile is kept under the generation it read, which nobody asks
    for any more."""
    kept = _this_request.get()
    if kept is None:
        return read_generation()
    if "generation" not in kept:
        kept["generation"] = read_generation()
    return kept["generation"]


def read_generation():
    """The generation as the shared cache has it now (`current_generation`, unkept)."""
    generations = caches[settings.PAGE_CACHE_GENERATION_CACHE]
    generation = generations.get(GENERATION_KEY)
    if generation is None:
        # A time, not a counter, so an evicted or flushed generation restarts above
        # every earlier one and an old page can never match again.
        generations.add(GENERATION_KEY, time.time_ns(), timeout=None)
        generation = generations.get(GENERATION_KEY, time.time_ns())
    return generation


def bump_generation():
    """Make every cached page stale: the next request renders afresh (and the rest of
    this one reads the new generation)."""
    generation = time.time_ns()
    caches[settings.PAGE_CACHE_GENERATION_CACHE].set(GENERATION_KEY, generation, timeout=None)
    if (kept := _this_request.get()) is not None:
        kept["generation"] = generation


def content_changed(sender, **kwargs):
    """Receiver for post_save, post_delete and m2m_changed on every model."""
    if sender._meta.app_label not in content_app_labels():
        return
    if kwargs.get("action", "post_").startswith("pre_"):
        return
    bump_generation()
    transaction.on_commit(bump_generation)


def connect_invalidation_receivers():
    for signal in (post_save, post_delete, m2m_changed):
        signal.connect(content_changed, dispatch_uid=f"page-cache-{signal}")


def connect_generation_per_request():
    django_request_started.connect(request_started, dispatch_uid="generation-request-started")
    django_request_finished.connect(request_finished, dispatch_uid="generation-request-finished")


def cache_keyed_on(*names):
    """Declare, on a URL pattern's view, the query parameters its page depends on.

    path("actors/", cache_keyed_on("kind", "page")(ActorListView.as_view()))
    """

    def declare(view):
        @functools.wraps(view)
        def keyed_view(*args, **kwargs):
            return view(*args, **kwargs)

        keyed_view.page_cache_params = frozenset(names)  # type: ignore[attr-defined]
        return keyed_view

    return declare


def query_params_of(filterset_or_form_class):
    """The parameter names a django-filter FilterSet or a Django Form reads."""
    fields = getattr(filterset_or_form_class, "base_filters", None)
    if fields is None:
        fields = filterset_or_form_class.base_fields
    return list(fields)


def declared_params(request):
    """The parameters the requested page declared, or None if it declared none."""
    try:
        match = resolve(request.path_info, getattr(request, "urlconf", None))
    except Resolver404:
        return None
    return getattr(match.func, "page_cache_params", None)


def keep_only_declared_params(request):
    """Cut the request's query string down to the parameters its page declared.

    False when the request must not go through the cache: its page declared nothing but
    it has a query string, or it has more fields than Django accepts (its 400 comes later).
    """
    query_string = request.META.get("QUERY_STRING", "")
    declared = declared_params(request)
    if declared is None:
        return not query_string
    try:
        params = request.GET  # Django's parsing and decoding, and its limit on fields
    except TooManyFieldsSent:
        return False
    # Names in a fixed order; repeated values keep theirs (compare's columns follow it).
    kept = [
        (name, value) for name in sorted(declared & params.keys()) for value in params.getlist(name)
    ]
    canonical = urlencode(kept)
    if canonical != query_string:
        request.META["QUERY_STRING"] = canonical
        request.__dict__.pop("GET", None)  # parsed again from the new query string
    return True


def page_key(request, generation):
    url = request.build_absolute_uri().encode()
    return f"page-cache:{generation}:{get_language()}:{hashlib.sha256(url).hexdigest()}"


def is_cacheable_request(request):
    return (
        request.method in SAFE_METHODS
        and not request.path.startswith(settings.PAGE_CACHE_EXCLUDED_PREFIXES)
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and "messages" not in request.COOKIES
        and "HTTP_AUTHORIZATION" not in request.META
    )


def is_cacheable_response(request, response):
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    if len(response.content) > settings.PAGE_CACHE_MAX_BYTES:
        return False
    session = getattr(request, "session", None)
    if session is not None and session.modified:
        return False
    cache_control = response.get("Cache-Control", "").lower()
    if any(word in cache_control for word in ("private", "no-store", "no-cache")):
        return False
    vary = {value.strip().lower() for value in response.get("Vary", "").split(",") if value}
    return vary <= COVERED_VARY


def prepare_for_cache(response, generation):
    set_response_etag(response)
    response["Last-Modified"] = http_date(generation // 1_000_000_000)
    # Stored, but revalidated on every use: an edit must show at once.
    patch_cache_control(response, no_cache=True)
    # Shared caches must not hand this anonymous copy to a logged-in visitor.
    patch_vary_headers(response, ["Cookie"])


def storable(response):
    """The response as stored: its bytes, status and headers, nothing else.

    A REST framework answer carries its data, whose links keep the records they point to:
    stored whole, a page of the API's initiatives was unpickled into 108 model instances
    on every hit (7 ms, three times the rest of the answer).
    """
    stored = HttpResponse(response.content, status=response.status_code)
    for header, value in response.items():
        stored[header] = value
    return stored


def conditional(request, response):
    last_modified = parse_http_date_safe(response.get("Last-Modified", ""))
    return get_conditional_response(
        request, etag=response.get("ETag"), last_modified=last_modified, response=response
    )


class PageCacheMiddleware:
    """Serve anonymous visitors stored pages; see the module docstring for the rules."""

    def __init__(self, get_response):
        if not settings.PAGE_CACHE_ENABLED:
            raise MiddlewareNotUsed
        self.get_response = get_response
        # The generation this process saw last: a guess that saves a round trip, never
        # trusted without checking it against the cache.
        self.generation_hint = None

    def __call__(self, request):
        if not is_cacheable_request(request):
            response = self.get_response(request)
            if request.method not in SAFE_METHODS and response.status_code < 400:
                bump_generation()
            return response
        if not keep_only_declared_params(request):
            return self.get_response(request)
        generation, cached = self.lookup(request)
        if cached is not None:
            return conditional(request, cached)
        response = self.get_response(request)
        if not is_cacheable_response(request, response) or replica_may_be_behind(generation):
            return response
        prepare_for_cache(response, generation)
        cache.set(page_key(request, generation), storable(response), settings.PAGE_CACHE_SECONDS)
        return conditional(request, response)

    def lookup(self, request):
        """(current generation, the page stored under it or None)."""
        hint = self.generation_hint
        if hint is not None and settings.PAGE_CACHE_GENERATION_CACHE == "default":
            # Generation and pages share one cache (Redis): fetch the generation and the
            # page stored under the hinted one together. The page counts only if the
            # hint is still the generation, read in the same MGET.
            key = page_key(request, hint)
            found = cache.get_many([GENERATION_KEY, key])
            if found.get(GENERATION_KEY) == hint:
                return hint, found.get(key)
        generation = current_generation()
        self.generation_hint = generation
        return generation, cache.get(page_key(request, generation))
