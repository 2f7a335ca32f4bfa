"""Signals of the safety walks: notify an organisation of a new item; keep the walk's search entry true."""

from django.db.models.signals import post_delete, post_init, post_save
from django.dispatch import receiver
from wagtail.search import index

from estates.models import Organisation
from safety_walks.models import Finding, Responsibility, WalkPage
from safety_walks.notifications import notify_responsibility_placed
from safety_walks.reports import forget_organisation_names


@receiver(post_save, sender=Responsibility, dispatch_uid="safety_walks_responsibility_placed")
def responsibility_placed(sender, instance, created, raw=False, **kwargs):
    reassigned = instance.organisation_id != getattr(instance, "_loaded_organisation_id", instance.organisation_id)
    if (created or reassigned) and not raw:
        instance._loaded_organisation_id = instance.organisation_id
        # Claimed in the transaction that saves the responsibility, sent once it commits (estates/outbox.py).
        notify_responsibility_placed(instance)


# Saving only these leaves the walk's search text (public findings' title, description, location) as it was.
NOT_INDEXED = frozenset({"status", "status_set_by_staff", "status_reason", "updated_at", "priority", "photo"})


@receiver(post_init, sender=Finding, dispatch_uid="safety_walks_finding_remember_walk")
def remember_walk(sender, instance, **kwargs):
    """The walk the finding was loaded on: when it moves, that walk's search entry must lose its words."""
    instance._indexed_walk_id = instance.__dict__.get("walk_id")


@receiver(post_save, sender=Finding, dispatch_uid="safety_walks_finding_saved_reindex_walk")
@receiver(post_delete, sender=Finding, dispatch_uid="safety_walks_finding_deleted_reindex_walk")
def reindex_walk(sender, instance, raw=False, update_fields=None, **kwargs):
    """The walk's search entry holds its public findings' text: keep it true when a finding changes, on
    the walk it is on now AND the walk it left (moved, perhaps made internal on the way)."""
    if raw or (update_fields and set(update_fields) <= NOT_INDEXED):
        return
    walk_ids = {instance.walk_id, getattr(instance, "_indexed_walk_id", None)} - {None}
    # The walk in every language: a translation's search entry holds the same findings (they hang off the walk).
    keys = WalkPage.objects.filter(pk__in=walk_ids).values("translation_key")
    for walk in WalkPage.objects.filter(translation_key__in=keys):
        index.insert_or_update_object(walk)
    instance._indexed_walk_id = instance.walk_id


# An organisation's name shows beside every finding assigned to it (the walk report, the API's findings).
post_save.connect(forget_organisation_names, sender=Organisation, dispatch_uid="safety_walks_organisation_names")
post_delete.connect(forget_organisation_names, sender=Organisation, dispatch_uid="safety_walks_organisation_names")
