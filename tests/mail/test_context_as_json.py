"""A mail's context is stored as it reads after a trip through JSON, whichever way the outbox takes to get there (a
digest's 50 items go the quick way)."""

import json
from datetime import UTC, date, datetime

from django.core.serializers.json import DjangoJSONEncoder
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy, override

from estates.outbox import _as_json


def test_a_context_reads_as_after_a_trip_through_json():
    context = {
        "count": 120,
        "more": 70,
        "share": 0.5,
        "flag": True,
        "nothing": None,
        "walk": mark_safe("Søndergården"),
        "label": gettext_lazy("finding"),
        "items": [
            {"finding": f"Forhold {n}", "deadline": date(2026, 11, n + 1), "url": "https://x.example/1"}
            for n in range(3)
        ],
        "pair": ("a", date(2026, 1, 2)),
        "at": datetime(2026, 12, 7, 6, 0, 0, 123456, tzinfo=UTC),
        "by_id": {1: "one", 2: "two"},
    }
    with override("da"):
        assert _as_json(context) == json.loads(json.dumps(context, cls=DjangoJSONEncoder))
