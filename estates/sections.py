"""Home-page sections that plugin apps contribute ("latest walk outcomes", "next activities").

An app registers a function with the `boligsocial_home_sections` hook; it receives the request and
the housing area being shown (or None) and returns a HomeSection or None. The host site's home page
renders them in `order`.
"""

from dataclasses import dataclass, field

from wagtail import hooks

HOOK_NAME = "boligsocial_home_sections"


@dataclass(frozen=True)
class HomeSection:
    template: str
    context: dict = field(default_factory=dict)
    order: int = 100


def home_sections(request, area=None) -> list[HomeSection]:
    sections = [section for fn in hooks.get_hooks(HOOK_NAME) if (section := fn(request, area)) is not None]
    return sorted(sections, key=lambda section: section.order)
