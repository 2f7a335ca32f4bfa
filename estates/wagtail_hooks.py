from wagtail.snippets.models import register_snippet

from estates.viewsets import EstatesViewSetGroup

register_snippet(EstatesViewSetGroup)
