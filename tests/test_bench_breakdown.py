"""bench/breakdown.py, the development tool that splits a page's time into compiling SQL,
the database, templates and the rest: its parts are the request's own and leave the site
as it found it."""

import sys
import time
from pathlib import Path

import pytest
from django.db import connection
from django.db.models.sql.compiler import SQLCompiler
from django.template import engines
from django.template.response import SimpleTemplateResponse
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from municipalities.models import Municipality

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))
from breakdown import Timer, measure, medians, table

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def pages_made_afresh(settings):
    settings.PAGE_CACHE_ENABLED = False


def test_a_pages_parts_are_within_its_time_and_its_queries_counted(client):
    path = reverse("municipalities:detail", args=["trollhattan"])
    samples = measure(client, path, repeat=3, warm_up=1)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert len(samples) == 3
    for sample in samples:
        assert sample.compiling > 0 and sample.database > 0 and sample.templates > 0
        assert sample.rest >= 0  # the parts are timed inside the request, apart
        assert sample.queries == len(queries)
        assert sample.size == len(response.content)


def test_the_floor_runs_no_query(client):
    [sample] = measure(client, "/healthz", repeat=1, warm_up=0)
    assert sample.queries == 0 and sample.compiling == 0 and sample.database == 0


def test_queries_a_template_runs_are_not_counted_as_the_templates_time(rf):
    # A queryset read while the template renders (the lists pages pass on) is compiled
    # and run then: its time goes to compiling and the database, not to the templates.
    template = engines["django"].from_string(
        "{% for municipality in rows %}{{ municipality.name }}{% endfor %}"
    )
    response = SimpleTemplateResponse(template, {"rows": Municipality.objects.all()})
    timer = Timer()
    with timer.measuring():
        start = time.perf_counter()
        response.render()
        elapsed = time.perf_counter() - start
    sample = timer.sample
    assert "Trollhättan" in response.content.decode()
    assert sample.queries == 1 and sample.compiling > 0 and sample.database > 0
    assert sample.templates + sample.compiling + sample.database <= elapsed


def test_the_site_is_left_as_it_was(client):
    as_sql, rendered = SQLCompiler.as_sql, SimpleTemplateResponse.rendered_content
    measure(client, "/healthz", repeat=1, warm_up=0)
    assert SQLCompiler.as_sql is as_sql
    assert SimpleTemplateResponse.rendered_content is rendered


def test_a_page_that_fails_is_not_measured(client):
    with pytest.raises(RuntimeError, match="404"):
        measure(client, "/municipalities/nowhere/", repeat=1, warm_up=0)


def test_the_table_gives_each_pages_medians(client):
    samples = measure(client, reverse("articles:list"), repeat=3, warm_up=1)
    header, rule, row = table([("articles", medians(samples))])
    assert header.startswith("| page | total ms | compiling SQL | database | templates |")
    cells = row.strip("|").split("|")
    assert cells[0].strip() == "articles"
    total, compiling, _database, templates = (float(cell) for cell in cells[1:5])
    assert 0 < compiling < total and 0 < templates < total
    assert int(cells[6]) == samples[0].queries
