# ruff: noqa: E501  (the msgids must match wagtail-modeladmin's to the letter)
"""Danish for wagtail-modeladmin's screen texts, which its own Danish catalogue lacks.

Listed here (gettext_noop) so that `make messages` keeps them in estates/locale/da. The plugin's apps come
before wagtail_modeladmin in INSTALLED_APPS (see the README), so these translations win over the
package's own catalogue, in any host site. The msgids must match wagtail-modeladmin's exactly.
"""

from django.utils.translation import gettext_noop

MODELADMIN_STRINGS = [
    gettext_noop("Add %(object)s"),
    gettext_noop("Add a new %(object)s"),
    gettext_noop("Inspect"),
    gettext_noop("Inspect this %(object)s"),
    gettext_noop("Edit this %(object)s"),
    gettext_noop("Delete this %(object)s"),
    gettext_noop("Copy"),
    gettext_noop("Copy this %(object)s"),
    gettext_noop("Back to %(model_name)s list"),
    gettext_noop("Continue"),
    gettext_noop("Saving…"),
    gettext_noop("%(model_name)s could not be deleted"),
    gettext_noop(
        "'%(instance_name)s' is currently referenced by other objects, and cannot be deleted without jeopardising data integrity. To delete it successfully, first remove references from the following objects, then try again:"
    ),
    gettext_noop("Go back to listing"),
    gettext_noop("Yes, delete"),
    gettext_noop("No, don't delete"),
    gettext_noop("By %(filter_title)s"),
    gettext_noop("Last updated"),
    gettext_noop("History"),
    gettext_noop("%(result_count)s out of %(all_count)s"),
    gettext_noop("Sorry, there are no %(name)s matching your search parameters."),
    gettext_noop("Search for"),
    gettext_noop("Search %(name)s"),
    gettext_noop("Download XLSX"),
    gettext_noop("Download CSV"),
    gettext_noop("Filter"),
    gettext_noop(
        "No %(name)s have been created yet. One of the following must be created before you can add any %(name)s:"
    ),
    gettext_noop("No %(name)s have been created yet."),
    gettext_noop('Why not <a href="%(url)s">add one</a>?'),
    gettext_noop("Pagination"),
    gettext_noop("Page %(current_page)s of %(num_pages)s."),
    gettext_noop("%(model_name)s '%(object)s' created."),
    gettext_noop("The %(object)s could not be created due to errors."),
    gettext_noop("New"),
    gettext_noop("Create new %(object)s"),
    gettext_noop("Editing"),
    gettext_noop("Editing %(object)s"),
    gettext_noop("%(model_name)s '%(object)s' updated."),
    gettext_noop("The %(object)s could not be saved due to errors."),
    gettext_noop("Confirm deletion of %(object)s"),
    gettext_noop(
        "Are you sure you want to delete this %(object)s? If other things in your site are related to it, they may also be affected."
    ),
    gettext_noop("%(model_name)s '%(object)s' deleted."),
    gettext_noop("Inspecting"),
    gettext_noop("Inspecting %(object)s"),
]

# Wagtail's own image upload: its Danish catalogue lacks the refusal of a decompression bomb (issue #14 asks a
# Danish message). The plugin's apps come before wagtail.images, so these win in any host.
WAGTAIL_IMAGE_STRINGS = [
    gettext_noop("This file has too many pixels (%(num_pixels)s). Maximum pixels %(max_pixels_count)s."),
    gettext_noop("unknown number"),
    gettext_noop("The image could not be created due to errors."),
]
