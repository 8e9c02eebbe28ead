"""A person who deletes their account (``privacy``) takes the identity
provider's identifier of them along: the row that links them to it goes, so
nothing left in SkillGap names them (``User.anonymise`` sets ``deleted_at``)."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db.models.signals import post_save
from django.dispatch import receiver

from .models import ScimUser


@receiver(post_save, sender=get_user_model(), dispatch_uid="scim-forget-deleted-account")
def forget_deleted_account(sender, instance, **kwargs):
    if instance.deleted_at is not None:
        ScimUser.objects.filter(user=instance).delete()
