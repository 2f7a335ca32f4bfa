"""Danish for Wagtail's own login texts that its Danish catalogue leaves in English.

Listed here (gettext_noop) so that `makemessages` keeps them in estates/locale/da; the plugin's apps come before
Wagtail's in INSTALLED_APPS, so these translations are the ones found. The msgids match Wagtail 8's.
"""

from django.utils.translation import gettext_noop

WAGTAIL_LOGIN_STRINGS = [
    gettext_noop("Forgotten password?"),
]
