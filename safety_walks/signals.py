"""When a responsibility is placed or moved to another organisation, email that organisation (after commit)."""

from django.db import transaction
from django.db.models.signals import post_save
from django.dispatch import receiver
from django_q.tasks import async_task

from safety_walks.models import Responsibility


@receiver(post_save, sender=Responsibility, dispatch_uid="safety_walks_responsibility_placed")
def responsibility_placed(sender, instance, created, raw=False, **kwargs):
    reassigned = instance.organisation_id != getattr(instance, "_loaded_organisation_id", instance.organisation_id)
    if (created or reassigned) and not raw:
        instance._loaded_organisation_id = instance.organisation_id
        transaction.on_commit(
            lambda: async_task("safety_walks.tasks.send_responsibility_placed", instance.pk, group="notifications")
        )
