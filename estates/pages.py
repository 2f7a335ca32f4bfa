"""What every public page of the plugin shares: it renders inside the host's own base template."""

from estates import conf


class BoligsocialPageMixin:
    """Put first in the bases of each public plugin page: its templates extend `boligsocial/layout.html`,
    which extends the template named by BOLIGSOCIAL_BASE_TEMPLATE (the host's `base.html` by default)."""

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["boligsocial_base_template"] = conf.setting("BOLIGSOCIAL_BASE_TEMPLATE")
        return context
