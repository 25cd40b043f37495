"""
Publishing cannot be bypassed: every door an Editor has to live content leads to a
pending change, and only a Publisher makes it live.
"""

import pytest
from django.test import Client
from django.urls import reverse

from actors.models import Actor
from core.models import PendingChange
from core.publishing import PublicationLocked, PublicationState
from initiatives.models import Initiative, Participation
from initiatives.resources import InitiativeResource, ParticipationResource

from .admin_forms import admin_url, form_data
from .factories import make_actor, make_initiative
from .test_import_export import dataset, run_import

pytestmark = pytest.mark.django_db

SLUG = "skolverket-stod-trollhattan-efter-dadet-pa-kronan"
TITLE = "Skolverkets stöd till Trollhättan efter dådet på Kronans skola"


def live_initiative():
    return Initiative.objects.get(slug=SLUG)


def propose_title(client, title):
    initiative = live_initiative()
    data = form_data(client.get(admin_url(initiative)))
    return client.post(admin_url(initiative), {**data, "title": title})


def public_title(slug=SLUG):
    page = Client().get(reverse("initiatives:detail", args=[slug])).content.decode()
    return page.split("<h1>")[1].split("</h1>")[0]


# The change form ---------------------------------------------------------------------


def test_an_editors_change_to_a_live_record_waits_and_the_public_sees_the_old(editor_client):
    response = propose_title(editor_client, "Ny rubrik")

    change = PendingChange.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:core_pendingchange_change", args=[change.pk])
    assert (change.kind, change.status, change.object_repr) == ("change", "pending", TITLE)
    assert live_initiative().title == TITLE
    assert public_title() == TITLE


def test_a_publishers_change_goes_live_at_once(publisher_client):
    response = propose_title(publisher_client, "Ny rubrik")

    assert response.status_code == 302
    assert not PendingChange.objects.exists()
    assert public_title() == "Ny rubrik"


def test_an_editor_still_edits_drafts_directly(editor_client):
    draft = make_initiative(title="Utkast", publication_state=PublicationState.DRAFT)
    data = form_data(editor_client.get(admin_url(draft)))

    assert (
        editor_client.post(admin_url(draft), {**data, "title": "Bättre utkast"}).status_code == 302
    )
    draft.refresh_from_db()
    assert draft.title == "Bättre utkast"
    assert not PendingChange.objects.exists()


def test_the_record_shows_its_pending_changes(editor_client):
    propose_title(editor_client, "Ny rubrik")
    page = editor_client.get(admin_url(live_initiative())).content.decode()
    assert 'class="pending-notice"' in page


# Inlines and the rows' own pages -------------------------------------------------------


def test_an_inline_change_on_a_live_record_waits_too(editor_client):
    initiative = live_initiative()
    data = form_data(editor_client.get(admin_url(initiative)))
    note = next(key for key in data if key.startswith("participations-") and key.endswith("-note"))
    before = list(initiative.participations.values_list("note", flat=True))

    editor_client.post(admin_url(initiative), {**data, note: "Ändrad i raden"})

    assert PendingChange.objects.pending().count() == 1
    assert list(initiative.participations.values_list("note", flat=True)) == before


def test_a_live_rows_own_page_waits_too_and_adding_a_live_row_waits(editor_client):
    participation = live_initiative().participations.first()
    data = form_data(editor_client.get(admin_url(participation)))
    editor_client.post(admin_url(participation), {**data, "note": "Ändrad"})
    participation.refresh_from_db()
    assert participation.note != "Ändrad"

    added = {**data, "role": "trainer", "note": "Ny roll", "loaded_version": ""}
    response = editor_client.post(reverse("admin:initiatives_participation_add"), added)
    assert response.status_code == 302
    assert not Participation.objects.filter(note="Ny roll").exists()
    assert list(PendingChange.objects.values_list("kind", flat=True)) == ["add", "change"]


# Revert --------------------------------------------------------------------------------


def test_a_revert_of_a_live_record_waits_and_never_touches_publication(editor_client, publisher):
    initiative = live_initiative()
    earliest = initiative.history.earliest()
    publisher_client = Client()
    publisher_client.force_login(publisher)
    propose_title(publisher_client, "Nyare rubrik")
    url = reverse("admin:initiatives_initiative_simple_history", args=[initiative.pk, earliest.pk])

    editor_client.post(url, form_data(editor_client.get(url)))

    change = PendingChange.objects.get()
    assert change.kind == "revert"
    assert live_initiative().title == "Nyare rubrik"


def test_a_revert_to_a_published_version_does_not_publish(editor_client, publisher):
    """The record was published, then unpublished; reverting keeps it a draft."""
    initiative = live_initiative()
    published_version = initiative.history.earliest()
    staff = Client()
    staff.force_login(publisher)
    staff.post(reverse("admin:initiatives_initiative_review", args=[initiative.pk, "unpublish"]))
    url = reverse(
        "admin:initiatives_initiative_simple_history", args=[initiative.pk, published_version.pk]
    )

    assert editor_client.post(url, form_data(editor_client.get(url))).status_code == 302

    initiative.refresh_from_db()
    assert initiative.publication_state == PublicationState.DRAFT
    assert initiative.published_by is None and initiative.published_at is None


# Import and bulk actions ---------------------------------------------------------------


def test_an_editors_import_cannot_change_a_live_record(editor):
    exported = InitiativeResource().export(Initiative.objects.filter(slug=SLUG))
    exported.dict = [{**exported.dict[0], "title": "Importerad rubrik"}]

    result = run_import(InitiativeResource, exported, user=editor)

    assert result.has_validation_errors()
    assert live_initiative().title == TITLE


def test_an_editors_import_cannot_add_a_live_row(editor):
    exported = ParticipationResource().export(live_initiative().participations.all()[:1])
    row = exported.dict[0]
    new = dataset(
        exported.headers, [row[h] if h != "role" else "trainer" for h in exported.headers]
    )

    result = run_import(ParticipationResource, new, user=editor)

    assert result.has_validation_errors()
    assert not live_initiative().participations.filter(role="trainer").exists()


def test_an_import_never_publishes(publisher):
    exported = InitiativeResource().export(Initiative.objects.filter(slug=SLUG))
    exported.dict = [{**exported.dict[0], "slug": "importerad", "publication_state": "published"}]
    run_import(InitiativeResource, exported, user=publisher)
    assert Initiative.objects.get(slug="importerad").publication_state == PublicationState.DRAFT


def test_bulk_actions_do_not_let_an_editor_publish_or_delete_live_records(editor_client):
    draft = make_initiative(publication_state=PublicationState.IN_REVIEW)
    changelist = reverse("admin:initiatives_initiative_changelist")
    editor_client.post(changelist, {"action": "publish", "_selected_action": [draft.pk]})
    actor = make_actor()
    editor_client.post(
        reverse("admin:actors_actor_changelist"),
        {"action": "delete_selected", "_selected_action": [actor.pk], "post": "yes"},
    )
    draft.refresh_from_db()
    assert draft.publication_state == PublicationState.IN_REVIEW
    assert Actor.objects.filter(pk=actor.pk).exists()
    assert editor_client.get(admin_url(actor, "delete")).status_code == 403


# The model API -------------------------------------------------------------------------


def test_plain_model_code_cannot_publish_or_unpublish():
    draft = make_initiative(publication_state=PublicationState.DRAFT)
    draft.publication_state = PublicationState.PUBLISHED
    with pytest.raises(PublicationLocked):
        draft.save()
    live = live_initiative()
    live.publication_state = PublicationState.DRAFT
    with pytest.raises(PublicationLocked):
        live.save()
    with pytest.raises(PublicationLocked):
        Initiative.objects.create(
            title="Ny", slug="ny", type=live.type, publication_state=PublicationState.PUBLISHED
        )


# The Publisher's review ----------------------------------------------------------------


def review(client, change):
    return client.get(reverse("admin:core_pendingchange_change", args=[change.pk]))


def test_a_publisher_sees_the_difference_and_a_preview(editor_client, publisher_client):
    propose_title(editor_client, "Föreslagen rubrik")
    change = PendingChange.objects.get()

    page = review(publisher_client, change)
    differences = page.context["rehearsal"].differences
    # The title, and nothing the site keeps for itself (the search vectors, the version).
    assert differences == [("Insats", "Titel", TITLE, "Föreslagen rubrik")]
    preview = publisher_client.get(reverse("admin:core_pendingchange_preview", args=[change.pk]))
    html = preview.content.decode()
    assert "<h1>Föreslagen rubrik</h1>" in html
    assert 'class="banner-draft"' in html
    # Nothing of the rehearsal stayed.
    assert live_initiative().title == TITLE
    assert public_title() == TITLE


def test_approval_makes_it_live_with_the_editor_in_the_history(editor_client, publisher_client):
    propose_title(editor_client, "Godkänd rubrik")
    change = PendingChange.objects.get()

    response = publisher_client.post(
        reverse("admin:core_pendingchange_change", args=[change.pk]), {"_approve": "1"}
    )

    assert response.status_code == 302
    change.refresh_from_db()
    assert change.status == "approved"
    assert public_title() == "Godkänd rubrik"


def test_rejection_leaves_it_as_it_was_and_tells_the_editor(editor_client, publisher_client):
    propose_title(editor_client, "Avvisad rubrik")
    change = PendingChange.objects.get()

    publisher_client.post(
        reverse("admin:core_pendingchange_change", args=[change.pk]),
        {"_reject": "1", "comment": "Källan säger inte detta."},
    )

    change.refresh_from_db()
    assert (change.status, change.comment) == ("rejected", "Källan säger inte detta.")
    assert public_title() == TITLE
    home = editor_client.get(reverse("admin:index")).content.decode()
    assert "Källan säger inte detta." in home


def test_an_editor_cannot_approve(editor_client):
    propose_title(editor_client, "Egen rubrik")
    change = PendingChange.objects.get()
    response = editor_client.post(
        reverse("admin:core_pendingchange_change", args=[change.pk]), {"_approve": "1"}
    )
    assert response.status_code == 403
    assert public_title() == TITLE


def test_a_stale_proposal_needs_an_explicit_override(editor_client, publisher_client):
    propose_title(editor_client, "Gammalt förslag")
    propose_title(publisher_client, "Senare ändring")
    change = PendingChange.objects.get()

    page = review(publisher_client, change)
    assert page.context["stale"]
    refused = publisher_client.post(
        reverse("admin:core_pendingchange_change", args=[change.pk]), {"_approve": "1"}
    )
    assert public_title() == "Senare ändring"
    publisher_client.post(
        reverse("admin:core_pendingchange_change", args=[change.pk]), {"_force": "1"}
    )
    assert refused.status_code == 302
    assert public_title() == "Gammalt förslag"


def test_the_admin_home_shows_publishers_what_awaits_them(editor_client, publisher_client):
    make_initiative(publication_state=PublicationState.IN_REVIEW)
    propose_title(editor_client, "Väntar")
    page = publisher_client.get(reverse("admin:index")).content.decode()
    assert "?publication_state__exact=in_review" in page
    assert "?status__exact=pending" in page
