"""
Data for the new evidence tables: each school link cites its initiative's first source
article (a passage is for staff to add; the data-quality page lists the missing ones),
and each quote's initiative becomes an InitiativeQuote. Backwards, each quote gets one
of its links back (the old column holds one).

A migration of its own: PostgreSQL refuses to alter a table in the transaction that
changed its rows, and 0006 and articles/0006 alter these tables.
"""

from django.db import migrations


def fill_school_sources(apps, schema_editor):
    InitiativeSchool = apps.get_model("initiatives", "InitiativeSchool")
    InitiativeSource = apps.get_model("initiatives", "InitiativeSource")
    unsourced = []
    for link in InitiativeSchool.objects.filter(source__isnull=True).order_by("pk"):
        cited = (
            InitiativeSource.objects.filter(initiative_id=link.initiative_id).order_by("pk").first()
        )
        if cited is None:
            unsourced.append(str(link.initiative_id))
            continue
        link.source_id = cited.article_id
        link.save(update_fields=["source"])
    if unsourced:
        raise RuntimeError(
            "These initiatives link schools but cite no article, so the links cannot get a "
            "source: ids " + ", ".join(unsourced) + ". Add a source article to each first."
        )


def copy_quote_links(apps, schema_editor):
    Quote = apps.get_model("articles", "Quote")
    InitiativeQuote = apps.get_model("initiatives", "InitiativeQuote")
    InitiativeQuote.objects.bulk_create(
        InitiativeQuote(initiative_id=quote.initiative_id, quote_id=quote.pk)
        for quote in Quote.objects.exclude(initiative=None).order_by("pk")
    )


def copy_quote_links_back(apps, schema_editor):
    Quote = apps.get_model("articles", "Quote")
    InitiativeQuote = apps.get_model("initiatives", "InitiativeQuote")
    for link in InitiativeQuote.objects.order_by("pk"):
        Quote.objects.filter(pk=link.quote_id, initiative=None).update(
            initiative_id=link.initiative_id
        )


class Migration(migrations.Migration):
    dependencies = [
        ("initiatives", "0004_evidence_and_time"),
    ]

    operations = [
        migrations.RunPython(fill_school_sources, migrations.RunPython.noop),
        migrations.RunPython(copy_quote_links, copy_quote_links_back),
    ]
