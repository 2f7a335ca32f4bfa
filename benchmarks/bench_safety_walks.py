"""Safety walks at scale: a walk report with 300 findings (positions, photos before and after, timelines), one
finding's own page, the API, a partner's items among 5,000."""

import io
from datetime import datetime, timedelta
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image as PILImage

from estates import roles
from estates.models import HousingArea, Membership, Organisation
from estates.photos import photo_store
from home.models import HomePage
from safety_walks.models import Finding, FindingCategory, FindingUpdate, Responsibility, WalkIndexPage, WalkPage
from safety_walks.models.findings import FindingStatus, ResponsibilityStatus

WALK_FINDINGS = 300
PARTNER_FINDINGS = 5000
PARTNERS = 25
STATUSES = list(ResponsibilityStatus.values)
FINDINGS = "/admin/safety_walks/finding/"


def _image():
    buffer = io.BytesIO()
    PILImage.new("RGB", (800, 600), "green").save(buffer, format="JPEG")
    upload = SimpleUploadedFile("fund.jpg", buffer.getvalue(), "image/jpeg")
    return photo_store(upload=upload, uploaded_by=None, alt_text="Fund")


def _walk(index, area, slug, when):
    walk = WalkPage(title=f"Tryghedsvandring {slug}", slug=slug, walk_date=when)
    walk.areas = [area]
    index.add_child(instance=walk)
    walk.save_revision().publish()
    return walk


def _findings(walk, organisations, count, image, category):
    findings = Finding.objects.bulk_create(
        Finding(
            walk=walk,
            title=f"Fund {n}",
            description="Mørk sti bag blokken, hvor lampen er gået.",
            category=category,
            photo=image if n % 3 == 0 else None,
            latitude=Decimal("55.676100") + Decimal(n % 50) / 10000,
            longitude=Decimal("12.568300") + Decimal(n // 50) / 10000,
            is_public=n % 10 != 0,
            status=FindingStatus.IN_PROGRESS,
        )
        for n in range(count)
    )
    Responsibility.objects.bulk_create(
        Responsibility(
            finding=finding,
            organisation=organisations[n % len(organisations)],
            deadline=timezone.localdate(walk.walk_date) + timedelta(days=n % 200),
            status=STATUSES[n % len(STATUSES)],
        )
        for n, finding in enumerate(findings)
    )
    FindingUpdate.objects.bulk_create(
        FindingUpdate(
            finding=finding,
            organisation=organisations[n % len(organisations)],
            public_note=f"Nyt om fund {n}",
            internal_note="Kun for os.",
            photo=image if n % 5 == 0 else None,
            photo_public=n % 5 == 0,
        )
        for n, finding in enumerate(findings)
    )


def seed() -> None:
    home = HomePage.objects.get()
    index = home.add_child(instance=WalkIndexPage(title="Tryghedsvandringer", slug="tryghedsvandringer"))
    area = HousingArea.objects.create(name="Benchområdet", slug="benchomraadet")
    organisations = [
        Organisation.objects.create(name=f"Partner {n}", kind=Organisation.Kind.MUNICIPALITY) for n in range(PARTNERS)
    ]
    category = FindingCategory.objects.first()
    image = _image()
    start = timezone.make_aware(datetime(2026, 3, 1, 17))
    _findings(_walk(index, area, "stor-vandring", start), organisations[:2], WALK_FINDINGS, image, category)
    per_walk = PARTNER_FINDINGS // 10
    for n in range(10):
        walk = _walk(index, area, f"vandring-{n}", start - timedelta(days=30 * n))
        _findings(walk, organisations, per_walk, image, category)

    partner = get_user_model().objects.create_user("benchpartner", password="x")
    partner.groups.add(Group.objects.get(name=roles.PARTNERS))
    Membership.objects.create(organisation=organisations[3], user=partner)
    staff = get_user_model().objects.create_user("benchstaff", password="x")
    staff.groups.add(Group.objects.get(name=roles.STAFF))


def targets() -> list[tuple[str, str, str | None]]:
    walk = WalkPage.objects.get(slug="stor-vandring")
    finding = walk.findings.public().order_by("pk").first()
    # Counted, not assumed: in a full run other topics' findings (the reminders topic's 11,000) share the database.
    findings = Finding.objects.count()
    overdue = Finding.objects.overdue(on=timezone.localdate()).count()
    walks = WalkPage.objects.count()
    return [
        (f"Walk report, {WALK_FINDINGS} findings", walk.url, None),
        ("A finding's own page (timeline, photos, map)", walk.finding_url(finding), None),
        (f"Walk list ({walks} walks)", "/da/tryghedsvandringer/", None),
        (f"API walk detail, {WALK_FINDINGS} findings", f"/api/v2/pages/{walk.pk}/", None),
        ("API walk list with findings", "/api/v2/pages/?type=safety_walks.WalkPage&fields=progress", None),
        (f"Partner's My items (of {findings:,} findings)", "/admin/safety-walks/my-items/", "benchpartner"),
        (f"Staff dashboard ({findings:,} findings)", "/admin/", "benchstaff"),
        (f"Staff findings list, overdue ({overdue:,} of {findings:,})", f"{FINDINGS}?overdue=yes", "benchstaff"),
        (f"Staff findings list, all ({findings:,} findings)", FINDINGS, "benchstaff"),
        ("Staff findings list, one walk's findings", f"{FINDINGS}?walk__page_ptr__exact={walk.pk}", "benchstaff"),
    ]
