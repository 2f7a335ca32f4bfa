"""The host site's own pages at scale: the home page, a housing area's page and site search; and the admin's
floor: bare Wagtail admin screens as the plugin's staff open them, so an admin list's ratio can be read against
what the admin shell alone costs (issue #18)."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command
from wagtail.models import GroupCollectionPermission, GroupPagePermission, Page

from estates import roles
from estates.install import grant_section_rights
from estates.models import HousingArea
from home.models import HomePage

FLOOR_STAFF = "floor-staff"  # a member of the plugin's staff role and nothing else
# A user with the staff role's rights in Wagtail (model, page and collection permissions) but none of the plugin's
# roles: Wagtail shows them its own dashboard panels as it does staff, and the plugin's panels (given by role)
# are not added. Their group exists only in the benchmark's database, and takes the staff group's rights when the
# targets are read, after every topic's seed (apps grant staff rights on the section pages they seed).
FLOOR_EDITOR = "floor-editor"
FLOOR_EDITORS_GROUP = "Benchmark: staff rights without the plugin's roles"
EMPTY_SECTION = "tom-sektion"  # a page without children, for the page explorer
AREAS = 12
PAGES = 300
FEW_PAGES = 30  # the same search at a tenth of the results: how its cost grows


def seed() -> None:
    for n in range(1, AREAS + 1):
        HousingArea.objects.create(name=f"Område {n}", slug=f"omraade-{n}", description="Rækkehuse og højhuse.")
    home = HomePage.objects.get()
    for n in range(1, PAGES + 1):
        home.add_child(instance=Page(title=f"Nyt om tryghed i område {n % AREAS + 1}, del {n}", slug=f"nyhed-{n}"))
    for n in range(1, FEW_PAGES + 1):
        home.add_child(instance=Page(title=f"Sikkerhed i opgangen, del {n}", slug=f"sikkerhed-{n}"))
    # Staff edit below the plugin's section pages (estates.install grants them there): an empty one here.
    grant_section_rights(pages=[home.add_child(instance=Page(title="Tom sektion", slug=EMPTY_SECTION))])
    staff = get_user_model().objects.create_user(FLOOR_STAFF, password="x")
    staff.groups.add(Group.objects.get(name=roles.STAFF))
    editor = get_user_model().objects.create_user(FLOOR_EDITOR, password="x")
    editor.groups.add(Group.objects.create(name=FLOOR_EDITORS_GROUP))
    call_command("update_index", verbosity=0, stdout=open("/dev/null", "w"))  # noqa: SIM115


def give_staff_rights_without_role() -> None:
    """The floor editors' group gets the staff group's permissions in Wagtail (as they are now)."""
    staff = Group.objects.get(name=roles.STAFF)
    group = Group.objects.get(name=FLOOR_EDITORS_GROUP)
    group.permissions.set(staff.permissions.all())
    GroupPagePermission.objects.filter(group=group).delete()
    GroupPagePermission.objects.bulk_create(
        GroupPagePermission(group=group, page_id=right.page_id, permission_id=right.permission_id)
        for right in GroupPagePermission.objects.filter(group=staff)
    )
    GroupCollectionPermission.objects.filter(group=group).delete()
    GroupCollectionPermission.objects.bulk_create(
        GroupCollectionPermission(group=group, collection_id=right.collection_id, permission_id=right.permission_id)
        for right in GroupCollectionPermission.objects.filter(group=staff)
    )


def targets() -> list[tuple[str, str, str | None]]:
    return [
        ("Home page", "/da/", None),
        ("Housing area page", "/da/omraade/omraade-1/", None),
        (
            "Search, page 1 of the results",
            "/da/search/?q=sikkerhed",
            None,
            {"larger": "/da/search/?q=tryghed", "sizes": f"{FEW_PAGES} → {PAGES} results"},
        ),
        ("Search, no results", "/da/search/?q=findesikke", None),
        *admin_floor(),
    ]


def admin_floor() -> list[tuple[str, str, str, dict]]:
    """Wagtail's own admin screens with nothing of the plugin's to show: the shell (header, sidebar menu, assets)
    and Wagtail's listing machinery, as a staff member opens them. No admin list can be cheaper than these."""
    section = Page.objects.get(slug=EMPTY_SECTION)
    area = HousingArea.objects.get(slug="omraade-1")
    give_staff_rights_without_role()
    floor = {"floor": True}  # a reference to read the admin rows against, with no goal of its own
    return [
        ("Admin floor: locked pages report (a Wagtail listing, empty)", "/admin/reports/locked/", FLOOR_STAFF, floor),
        # A snippet index filtered to no rows (no organisation of the benchmarks is of this kind).
        ("Admin floor: snippet index, no rows", "/admin/snippets/estates/organisation/?kind=other", FLOOR_STAFF, floor),
        ("Admin floor: page explorer, a section without pages", f"/admin/pages/{section.pk}/", FLOOR_STAFF, floor),
        ("Admin floor: account settings", "/admin/account/", FLOOR_STAFF, floor),
        # Wagtail's own edit view of a snippet with three plain fields (name, slug, description), no inline
        # panels: what any admin edit form costs before its fields and formsets (the case edit form's floor).
        (
            "Admin floor: edit form of a snippet/model with a few fields",
            f"/admin/snippets/estates/housingarea/edit/{area.pk}/",
            FLOOR_STAFF,
            floor,
        ),
        # The dashboard as staff see it, less the plugin's panels (safety_walks.panels): its share is the
        # difference to "Staff dashboard" (bench_safety_walks.py).
        ("Admin floor: dashboard, Wagtail's own panels only", "/admin/", FLOOR_EDITOR, floor),
    ]
