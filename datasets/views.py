"""
The /data/ page and the data package's files.

The ZIP and the tables are made from the database (datasets/package.py) by the first
download after a change of content, streamed as they are made and kept on the way; later
downloads in the same content generation are the kept file (core/stored_downloads.py).
Each file carries an ETag of the content generation (core/caching.py), which moves on with
every change of content: a client that sends it back in If-None-Match gets a 304 until
something changes, and then the new data.
"""

import hashlib
import json

from django.db.models import Max
from django.http import HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import http_date
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from articles.models import Article
from core import spreadsheets
from core.caching import current_generation
from core.citations import DatasetCitationView, dataset_citation
from core.db_routing import replica_may_be_behind
from core.derived_cache import remember
from core.publishing import published_history
from core.stored_downloads import code_version, stored_download
from core.streaming import primed
from initiatives.models import Initiative

from . import package

# What a JSON text must not contain inside <script>: it could end the element.
SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


def site_of(request):
    return request.build_absolute_uri("/").rstrip("/")


def row_counts():
    return {name: table.queryset().count() for name, table in package.TABLES.items()}


def download_links(request):
    """(file name, address) of the descriptor, the ZIP and every table."""
    links = [
        (package.DESCRIPTOR_NAME, reverse("data:descriptor")),
        (package.ZIP_NAME, reverse("data:zip")),
    ]
    links += [(table.path, reverse(f"data:{table.name}")) for table in package.TABLES.values()]
    return [(name, request.build_absolute_uri(path)) for name, path in links]


def dataset_json_ld(request, description):
    """The schema.org Dataset description that dataset search engines read."""
    site = site_of(request)
    downloads = [
        {
            "@type": "DataDownload",
            "name": name,
            "contentUrl": address,
            "encodingFormat": media_type(name),
        }
        for name, address in download_links(request)
    ]
    return {
        "@context": "https://schema.org",
        "@type": "Dataset",
        "name": _("Skoljämlikhet: initiatives against school segregation in Sweden"),
        "description": description,
        "url": request.build_absolute_uri(),
        "sameAs": site + package.page_path(),
        "inLanguage": "sv",  # the records' own language, whichever page describes them
        "isAccessibleForFree": True,
        "license": package.LICENCE["path"],
        "keywords": [_("school segregation"), _("Sweden"), _("municipalities"), _("education")],
        "spatialCoverage": {"@type": "Place", "name": _("Sweden")},
        "creator": {"@type": "Organization", "name": _("Skoljämlikhet"), "url": site + "/"},
        "isBasedOn": [package.SCB_CODES["path"], package.VALMYNDIGHETEN["path"]],
        "distribution": downloads,
    }


def media_type(name):
    if name.endswith(".zip"):
        return "application/zip"
    if name.endswith(".json"):
        return "application/json"
    return "text/csv"


def script_json(data):
    """JSON safe inside a <script type="application/ld+json"> element."""
    return mark_safe(json.dumps(data, ensure_ascii=False, indent=1).translate(SCRIPT_ESCAPES))


def last_published_change():
    """The day the published initiatives or articles last changed (their history), or None."""
    days = []
    for model in (Initiative, Article):
        latest = published_history(model).aggregate(latest=Max("history_date"))["latest"]
        if latest:
            days.append(timezone.localdate(latest))  # the day in Sweden, not in UTC
    return max(days, default=None)


def data_citation(request):
    """The data set's citation: dated by its last published change; no archive of old versions."""
    page = reverse("datasets:page")
    return dataset_citation(
        request,
        title=_("Skoljämlikhet: initiatives for equal schooling in Swedish municipalities (data)"),
        page=page,
        version_date=remember("datasets:last-change", last_published_change),
        files_at=f"{page}cite",
    )


class DataCitationView(DatasetCitationView):
    citation = staticmethod(data_citation)


class DataPageView(TemplateView):
    template_name = "datasets/data.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        counts = remember("datasets:row-counts", row_counts)
        description = _(
            "Initiatives against school segregation in Swedish municipalities: who leads, "
            "funds and takes part in them, how much money went where, and for every fact "
            "the article it comes from and the passage that states it. Published records "
            "only, as a Frictionless Data Package of CSV tables."
        )
        links = dict(download_links(self.request))
        context.update(
            description=description,
            tables=[
                (table, counts[name], links[table.path]) for name, table in package.TABLES.items()
            ],
            descriptor_url=links[package.DESCRIPTOR_NAME],
            zip_url=links[package.ZIP_NAME],
            licence=package.LICENCE,
            json_ld=script_json(dataset_json_ld(self.request, description)),
            current_section="data",
            citation=data_citation(self.request),
        )
        return context


def generation_etag(request, generation):
    """An ETag for this address at this content generation (None: not safe to give one)."""
    if replica_may_be_behind(generation):
        return None  # the rows may come from a replica that has not caught up yet
    digest = hashlib.sha256(f"{generation}:{request.build_absolute_uri()}".encode())
    return f'"{digest.hexdigest()[:32]}"'


def conditional(make_response):
    """A view answering 304 while the content generation is the one the client has."""

    def view(request):
        generation = current_generation()
        etag = generation_etag(request, generation)
        last_modified = generation // 1_000_000_000
        if etag:
            not_modified = get_conditional_response(request, etag=etag, last_modified=last_modified)
            if not_modified is not None:
                return not_modified
        response = make_response(request)
        if etag:
            response["ETag"] = etag
            response["Last-Modified"] = http_date(last_modified)
        patch_cache_control(response, no_cache=True)
        return response

    return view


def descriptor_response(request):
    return HttpResponse(
        package.descriptor_json(site_of(request)), content_type="application/json; charset=utf-8"
    )


# The kept files' format is the package's code and the CSV cell rule's.
FORMAT_VERSION = code_version(package.__file__, spreadsheets.__file__)


def kept_download(request, name, make_pieces, content_type):
    """The data package's file `name`: the one kept for this content generation, or made
    now (its first piece before the response starts, so an outage is a 503) and kept."""
    return stored_download(
        request,
        f"data/{name}",
        lambda: primed(make_pieces(site_of(request)), request),
        version=FORMAT_VERSION,
        content_type=content_type,
        filename=name,
        per_language=False,  # the same bytes in every language (equity_site/urls.py)
    )


def zip_response(request):
    return kept_download(request, package.ZIP_NAME, package.zip_chunks, "application/zip")


def table_response(table):
    def respond(request):
        return kept_download(
            request,
            table.path,
            lambda site: package.csv_chunks(table, site),
            "text/csv; charset=utf-8",
        )

    return respond


descriptor_view = conditional(descriptor_response)
zip_view = conditional(zip_response)
table_views = {name: conditional(table_response(table)) for name, table in package.TABLES.items()}
