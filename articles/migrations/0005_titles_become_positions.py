"""
Each actor's title and affiliation becomes a position citing an article that names the
actor (a mention, else one it published, wrote or is quoted in), with no evidence
passage yet: the data-quality page lists those for staff to complete. If an actor with
a title is named by no article at all, the migration stops and says which, rather than
invent a source or drop the title. Backwards, each actor gets its newest position back
as its title and affiliation (the old fields hold one).

A migration of its own: PostgreSQL refuses to alter a table in the transaction that
changed its rows, and the next migrations alter these tables.
"""

import uuid

from django.db import migrations


def source_for(apps, actor):
    Article = apps.get_model("articles", "Article")
    Quote = apps.get_model("articles", "Quote")
    found = (
        Article.objects.filter(actors=actor).order_by("pk").first()
        or Article.objects.filter(publisher=actor).order_by("pk").first()
        or Article.objects.filter(author=actor).order_by("pk").first()
    )
    if found is None:
        quote = Quote.objects.filter(speaker=actor).order_by("pk").first()
        found = quote.article if quote else None
    return found


def titles_to_positions(apps, schema_editor):
    Actor = apps.get_model("actors", "Actor")
    Position = apps.get_model("articles", "Position")
    unsourced = []
    for actor in Actor.objects.exclude(title="", affiliation__isnull=True).order_by("pk"):
        source = source_for(apps, actor)
        if source is None:
            unsourced.append(actor.slug)
            continue
        Position.objects.create(
            uid=uuid.uuid4(),
            actor=actor,
            title=actor.title,
            organisation_id=actor.affiliation_id,
            source=source,
        )
    if unsourced:
        raise RuntimeError(
            "These actors have a title or affiliation but no article names them, so it "
            "cannot become a sourced position: " + ", ".join(unsourced) + ". Link each "
            "to an article that states it (Article → actors mentioned), then migrate again."
        )


def positions_to_titles(apps, schema_editor):
    Actor = apps.get_model("actors", "Actor")
    Position = apps.get_model("articles", "Position")
    for position in Position.objects.order_by("actor", "-year", "-pk"):
        actor = Actor.objects.get(pk=position.actor_id)
        if actor.title or actor.affiliation_id:
            continue  # the newest position wins
        actor.title = position.title
        actor.affiliation_id = position.organisation_id
        actor.save(update_fields=["title", "affiliation"])


class Migration(migrations.Migration):
    dependencies = [
        ("actors", "0003_actors_get_a_publication_state"),
        ("articles", "0004_positions"),
    ]

    operations = [migrations.RunPython(titles_to_positions, positions_to_titles)]
