"""estates.i18n: which locale a reader's language is, as the site's workers see it."""

import pytest
from django.utils import translation
from wagtail.models import Locale

from estates import i18n

pytestmark = pytest.mark.django_db


def test_a_language_added_in_another_worker_is_found_at_the_next_ask():
    i18n.forget_locales()  # a worker that has kept nothing yet
    with translation.override("ar"):
        assert i18n.active_locale_id() is None
        # Another worker's admin adds Arabic: no signal reaches this process (bulk_create sends none either).
        Locale.objects.bulk_create([Locale(language_code="ar")])
        assert i18n.active_locale_id() == Locale.objects.get(language_code="ar").pk
