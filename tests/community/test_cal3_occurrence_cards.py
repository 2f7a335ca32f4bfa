# ruff: noqa: E501  (the reference template is kept as it was written, one line per element)
"""The occurrence cards of the calendar's lists, written in Python (community.cards): the same HTML, apart from
whitespace, as the template they replace wrote, in Danish, English and Arabic, and a list page's query bound."""

import re
from dataclasses import replace
from datetime import timedelta

import pytest
from django.template import Context, Template
from django.test import RequestFactory
from django.utils import translation

from community.cards import CardWriter
from community.choices import TargetGroupCode
from community.models import ActivityPage
from community.recurrence import Occurrence
from estates.models import HousingArea
from tests.community.builders import groups, local, make_activity

pytestmark = pytest.mark.django_db

# The card as community/includes/occurrence_card.html wrote it (the reference the Python card must match).
TEMPLATE_CARD = """{% load i18n wagtailcore_tags community_tags boligsocial_dates boligsocial_i18n %}
<li class="bs-card bs-occurrence{% if occurrence.cancelled %} bs-occurrence--cancelled{% endif %}">
    <{{ heading_tag|default:"h3" }} class="bs-occurrence__title"><a href="{% if occurrence.link %}{{ occurrence.link }}{% elif occurrence.activity %}{% pageurl occurrence.activity %}{% else %}{{ occurrence.url }}{% endif %}"{% lang_of occurrence.title_language %}>{{ occurrence.title }}</a></{{ heading_tag|default:"h3" }}>
    {% if occurrence.cancelled %}
        <p><span class="bs-status bs-status--cancelled">{% translate "Cancelled" %}</span>{% if occurrence.note %} {{ occurrence.note|written_in }}{% elif occurrence.activity.cancellation_note %} {{ occurrence.activity.cancellation_note|written_in }}{% endif %}</p>
    {% elif occurrence.moved_from %}
        <p><span class="bs-status bs-status--moved">{% translate "Moved" %}</span> {% blocktranslate with date=occurrence.moved_from|full_date time=occurrence.moved_from|local_date:"TIME_FORMAT" %}from {{ date }} at {{ time }}{% endblocktranslate %}{% if occurrence.note %}. {{ occurrence.note|written_in }}{% endif %}</p>
    {% endif %}
    <p class="bs-meta"><time datetime="{% if occurrence.all_day %}{{ occurrence.first_day|date:'Y-m-d' }}{% else %}{{ occurrence.start|date:'c' }}{% endif %}">{{ occurrence|occurrence_when }}</time>{% if occurrence.place %} · {{ occurrence.place|written_in }}{% endif %}</p>
    {% if occurrence.activity %}
        {% with activity=occurrence.activity %}
        <p class="bs-meta">
            {% translate "For" %}: {{ activity.target_group_labels|join:", " }}
            {% if activity.across_generations %}<span class="bs-status bs-status--generations">{% translate "Across generations" %}</span>{% endif %}
            {% with areas=activity.area_list %}{% if areas %}<br>{% translate "Housing area" %}: {% for area in areas %}{{ area.name|written_in }}{% if not forloop.last %}, {% endif %}{% endfor %}{% endif %}{% endwith %}
        </p>
        <p{% lang_of %}>{{ activity.intro }}</p>
        {% endwith %}
    {% else %}
        <p class="bs-meta">{% if occurrence.kind == "theme_meeting" %}{% translate "Theme meeting after a safety walk" %}{% elif occurrence.kind == "follow_up_meeting" %}{% translate "Follow-up meeting after a safety walk" %}{% elif occurrence.kind == "safety_walk" %}{% translate "Safety walk" %} · {% translate "Everyone is welcome" %}{% else %}{% translate "Meeting" %}{% endif %}</p>
    {% endif %}
</li>"""


def normalised(html: str) -> str:
    return re.sub(r"\s+", " ", html).replace("> ", ">").replace(" <", "<").strip()


def _occurrences(calendar) -> list[Occurrence]:
    area = HousingArea.objects.create(name="Nord & Syd <parken>", slug="nord")
    other = HousingArea.objects.create(name="Vestervang", slug="vest")
    activity = make_activity(
        calendar,
        title="Banko & <kaffe>",
        intro='Kaffe "og" kage & <hygge>',
        starts_at=local(2027, 3, 16, 17, 30),
        target_groups=groups(TargetGroupCode.CHILDREN, TargetGroupCode.ELDERLY),
        areas=[area, other],
        cancellation_note="Syg & træt",
    )
    plain = make_activity(calendar, title="Strikkeklub", starts_at=local(2027, 3, 17, 18))
    activity = ActivityPage.objects.get(pk=activity.pk)
    plain = ActivityPage.objects.get(pk=plain.pk)
    start, end = local(2027, 3, 16, 17, 30), local(2027, 3, 16, 19, 30)
    base = Occurrence(
        uid="a",
        title=activity.title,
        start=start,
        end=end,
        activity=activity,
        activity_id=activity.pk,
        place="Beboerhuset & co",
    )
    meeting = Occurrence(uid="m", title="Temamøde <1>", start=start, end=end, kind="theme_meeting", place="Salen")
    return [
        base,
        replace(base, link="/da/aktiviteter/banko/?a=1&b=2", title_language="en"),
        replace(base, cancelled=True),
        replace(base, cancelled=True, note="Flyttet <pga> regn"),
        replace(base, moved_from=local(2027, 3, 15, 10)),
        replace(base, moved_from=local(2027, 3, 15, 10), note="Ny & bedre"),
        replace(base, all_day=True, start=local(2027, 3, 16), end=local(2027, 3, 18)),
        replace(base, all_day=True, start=local(2027, 3, 16), end=local(2027, 3, 17), place=""),
        replace(base, end=local(2027, 3, 18, 12)),
        Occurrence(uid="p", title=plain.title, start=start, end=end, activity=plain, activity_id=plain.pk),
        meeting,
        replace(meeting, kind="follow_up_meeting", cancelled=True, note="Aflyst & udsat"),
        replace(meeting, kind="safety_walk", link="/tryghedsvandring/?x=<1>"),
        replace(meeting, kind="meeting", place=""),
    ]


@pytest.mark.parametrize("language", ["da", "en", "ar"])
def test_the_python_cards_write_what_the_template_wrote(calendar, language):
    found = _occurrences(calendar)
    request = RequestFactory().get("/")
    template = Template(TEMPLATE_CARD)
    with translation.override(language):
        for heading_tag in ("h3", "h4"):
            writer = CardWriter(request)
            for occurrence in found:
                context = Context({"occurrence": occurrence, "heading_tag": heading_tag, "request": request})
                expected = normalised(template.render(context))
                assert normalised(writer.card(occurrence, heading_tag)) == expected


def test_a_card_escapes_what_residents_and_staff_wrote(calendar):
    occurrence = _occurrences(calendar)[3]
    with translation.override("da"):
        html = str(CardWriter().card(occurrence, "h4"))
    assert "Banko &amp; &lt;kaffe&gt;</a></h4>" in html
    assert '<span class="bs-status bs-status--cancelled">Aflyst</span> Flyttet &lt;pga&gt; regn</p>' in html
    assert "Kaffe &quot;og&quot; kage &amp; &lt;hygge&gt;" in html
    assert "Nord &amp; Syd &lt;parken&gt;, Vestervang" in html


def test_the_upcoming_list_of_many_activities_costs_a_bounded_number_of_queries(
    client, calendar, django_assert_max_num_queries
):
    for n in range(30):
        make_activity(calendar, starts_at=local(2027, 3, 1, 10) + timedelta(days=n % 10), title=f"Hold {n}")
    url = calendar.url
    client.get(url)
    from django.core.cache import cache

    cache.clear()
    with django_assert_max_num_queries(20):
        response = client.get(url)
    assert response.status_code == 200
    assert response.content.decode().count('class="bs-card bs-occurrence') == 20
