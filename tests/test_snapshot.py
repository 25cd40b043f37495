"""Snapshot and restore: the whole knowledge base through a portable file and back, row for row."""

import io
import json
import os
import subprocess
import sys
from decimal import Decimal

import pytest
from django.conf import settings
from django.core import serializers
from django.core.management import call_command
from django.core.management.base import CommandError

from actors.models import Actor
from core.publishing import PublicationState, publication_changes_allowed
from curation.snapshot import RESTORE_REASON, snapshot_models
from initiatives.models import Initiative
from municipalities.models import Municipality, School

from .factories import (
    make_actor,
    make_article,
    make_claim,
    make_funding,
    make_initiative,
    make_participation,
    make_position,
    make_quote,
    make_school,
    make_school_link,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def richer_data(editor):
    """Seed data plus the awkward cases: a forward self-reference, a publisher, m2m, drafts."""
    trollhattan = Municipality.objects.get(code="1488")
    person = make_actor(name="Ada Rektor", slug="ada-rektor", kind=Actor.Kind.PERSON)
    article = make_article(url="https://example.org/artikel", publication_state="draft")
    school = make_actor(name="Skola AB", slug="skola-ab")  # created after her
    make_position(actor=person, organisation=school, source=article)
    initiative = make_initiative(
        municipalities=[trollhattan],
        sources=[article],
        start_year=2021,
        end_year=2023,
        publication_state=PublicationState.DRAFT,
    )
    make_school_link(initiative=initiative, school=make_school(), source=article)
    make_claim(initiative=initiative, source=article)
    initiative.publication_state = PublicationState.PUBLISHED
    initiative.published_by = editor
    with publication_changes_allowed():
        initiative.save()
    make_participation(initiative=initiative, actor=person, source=article, note="Leder")
    make_funding(
        initiative=initiative,
        recipient_municipality=trollhattan,
        amount_sek=Decimal("1234567.89"),
        source=article,
        year=2022,
    )
    make_quote(article=article, speaker=person, initiative=initiative, text="Alla ska med ✓")


def run(command, path):
    output = io.StringIO()
    call_command(command, path, stdout=output)
    return output.getvalue()


def every_row():
    """Every field of every row, foreign keys by natural key: comparable across databases."""
    rows = {}
    for model in snapshot_models():
        records = serializers.serialize(
            "python",
            model._default_manager.all(),
            use_natural_foreign_keys=True,
            use_natural_primary_keys=True,
        )
        rows[model._meta.label] = sorted(
            json.dumps(record["fields"], sort_keys=True, default=str) for record in records
        )
    return rows


def empty_the_knowledge_base():
    Initiative.objects.update(part_of=None)
    for model in reversed(snapshot_models()):
        model._default_manager.all().delete()


def test_every_model_has_a_natural_key_that_finds_it_again():
    for model in snapshot_models():
        obj = model._default_manager.order_by("pk").first()
        assert obj is not None, model
        assert model._default_manager.get_by_natural_key(*obj.natural_key()) == obj


def test_natural_keys_made_of_other_records_declare_them():
    for model in snapshot_models():
        key_fields = {f.name for f in model._meta.fields if f.is_relation}
        obj = model._default_manager.first()
        if key_fields and len(obj.natural_key()) > 1:
            assert getattr(model.natural_key, "dependencies", None), model


def test_the_file_holds_no_database_ids(tmp_path):
    path = tmp_path / "kb.json"
    run("snapshot", str(path))

    records = json.loads(path.read_text())
    assert {record["model"] for record in records} == {
        m._meta.label_lower for m in snapshot_models()
    }
    assert all("pk" not in record for record in records)
    assert all("search_vector" not in record["fields"] for record in records)
    assert all("title_vector" not in record["fields"] for record in records)
    initiative = next(r for r in records if r["model"] == "initiatives.initiative")
    assert isinstance(initiative["fields"]["type"], list)  # a natural key, not an id


def test_it_round_trips_every_row(tmp_path, richer_data):
    path = tmp_path / "kb.json.gz"
    before = every_row()
    run("snapshot", str(path))

    empty_the_knowledge_base()
    assert not Initiative.objects.exists()
    run("restore_snapshot", str(path))

    assert every_row() == before


def test_restored_records_start_their_history(tmp_path):
    path = tmp_path / "kb.json"
    run("snapshot", str(path))
    empty_the_knowledge_base()

    run("restore_snapshot", str(path))

    school = School.objects.first()
    assert school.history.first().history_change_reason == RESTORE_REASON


def test_it_refuses_to_restore_over_existing_records(tmp_path):
    path = tmp_path / "kb.json"
    run("snapshot", str(path))

    with pytest.raises(CommandError, match="already holds records"):
        call_command("restore_snapshot", str(path))


def manage(*args, database_url):
    env = {
        "PATH": os.environ["PATH"],
        "DJANGO_SETTINGS_MODULE": "equity_site.test_settings",
        "DATABASE_URL": database_url,
    }
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


def canonical(path):
    records = json.loads(path.read_text())
    return sorted(json.dumps(record, sort_keys=True) for record in records)


def test_it_restores_into_a_brand_new_sqlite_database(tmp_path, richer_data):
    """From whatever the suite runs on (PostgreSQL in CI's second run) into fresh SQLite."""
    original, again = tmp_path / "original.json", tmp_path / "again.json"
    run("snapshot", str(original))
    fresh = f"sqlite:///{tmp_path / 'fresh.sqlite3'}"

    manage("migrate", "--noinput", database_url=fresh)
    assert "records" in manage("restore_snapshot", str(original), database_url=fresh)
    manage("snapshot", str(again), database_url=fresh)

    assert canonical(again) == canonical(original)
