"""Run inside the fresh host (`manage.py shell -c`): the people and content a housing team would create.

It uses the plugin as installed from the wheel, never this repository: a staff member and a partner
(the police) with an organisation membership, a published walk with a public finding whose
responsibility is the police's (deadline in three days, so the reminder sweep has something to send),
a published activity, and a statistics year on the statistics page. It prints one line
`SEED=<json>` with the public URLs and ids the browser checks need.
"""

import json
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone
from wagtail.models import Page, Site

from community.models import ActivityPage, CalendarPage, TargetGroup
from estates import roles
from estates.models import HousingArea, Membership, Organisation
from mediation.models import MediationStatisticsPage
from safety_walks.models import Finding, FindingCategory, Responsibility, WalkIndexPage, WalkPage

PASSWORD = "Hemmelig-kode-123"  # noqa: S105 - a throwaway host's test users

home = Site.objects.get(is_default_site=True).root_page.specific
walk_index = WalkIndexPage.objects.descendant_of(home).get()
calendar = CalendarPage.objects.descendant_of(home).get()
statistics = MediationStatisticsPage.objects.descendant_of(home).get()

User = get_user_model()
staff = User.objects.create_user("sara", "sara@example.org", PASSWORD, first_name="Sara", last_name="Holm")
staff.groups.add(Group.objects.get(name=roles.STAFF))
police = Organisation.objects.create(
    name="Lokalpolitiet", kind=Organisation.Kind.POLICE, contact_email="politi@example.org"
)
partner = User.objects.create_user("betjent", "betjent@example.org", PASSWORD, first_name="Bo", last_name="Betjent")
partner.groups.add(Group.objects.get(name=roles.PARTNERS))
Membership.objects.create(organisation=police, user=partner)

area = HousingArea.objects.create(name="Nordparken", slug="nordparken")
today = timezone.localdate()
walk = WalkPage(
    title="Tryghedsvandring i Nordparken",
    slug="nordparken",
    walk_date=timezone.now().replace(microsecond=0) - timedelta(days=10),
    meeting_point="Beboerhuset",
    owner=staff,
)
walk.areas = [area]
walk_index.add_child(instance=walk)
walk.save_revision(user=staff).publish()

finding = Finding.objects.create(
    walk=walk, title="Knallerter på stien", category=FindingCategory.objects.order_by("pk").first(), is_public=True
)
Responsibility.objects.create(finding=finding, organisation=police, deadline=today + timedelta(days=3))
Finding.objects.get(pk=finding.pk).save()  # the finding's status follows its responsibilities

starts_at = timezone.now().replace(microsecond=0, second=0, minute=0) + timedelta(days=2)
activity = ActivityPage(
    title="Lektiecafé",
    slug="lektiecafe",
    intro="Hjælp til lektierne hver tirsdag.",
    starts_at=starts_at,
    ends_at=starts_at + timedelta(hours=2),
    place_name="Beboerhuset",
    organiser="Det boligsociale team",
)
activity.target_groups = list(TargetGroup.objects.all()[:1])
activity.areas = [area]
calendar.add_child(instance=activity)
activity.save_revision(user=staff).publish()

statistics.year = today.year - 1
statistics.save_revision(user=staff).publish()

for page in (walk_index, calendar, statistics):
    Page.objects.get(pk=page.pk).specific.save_revision(user=staff).publish()

pages = {
    "walk index": walk_index.url,
    "walk": WalkPage.objects.get(pk=walk.pk).url,
    "calendar": calendar.url,
    "activity": ActivityPage.objects.get(pk=activity.pk).url,
    "statistics": MediationStatisticsPage.objects.get(pk=statistics.pk).url,
}
seed = {"pages": pages, "home": home.pk, "walk": walk.pk, "finding": finding.pk, "password": PASSWORD}
print("SEED=" + json.dumps(seed))
