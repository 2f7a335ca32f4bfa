"""The categories there are become the default locale's (Danish), each with its own translation key."""

from django.db import migrations
from wagtail.models import BootstrapTranslatableModel


class Migration(migrations.Migration):
    dependencies = [("safety_walks", "0009_vocab_category_locale")]
    operations = [BootstrapTranslatableModel("safety_walks.FindingCategory")]
