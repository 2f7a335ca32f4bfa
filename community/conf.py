"""The community app's settings, read in one place with defaults that suit a Danish estate."""

from zoneinfo import ZoneInfo

from django.conf import settings

# Activities keep their wall-clock time in this zone, also across the daylight-saving change.
CALENDAR_TIME_ZONE = ZoneInfo(getattr(settings, "BOLIGSOCIAL_CALENDAR_TIME_ZONE", "Europe/Copenhagen"))
# A repeating activity must end within this many days of its first occurrence.
MAX_SERIES_DAYS = getattr(settings, "BOLIGSOCIAL_MAX_SERIES_DAYS", 2 * 366)
# The widest date range the occurrences API expands in one request.
MAX_API_RANGE_DAYS = getattr(settings, "BOLIGSOCIAL_MAX_API_RANGE_DAYS", 366)
# How far ahead the upcoming list looks, and how far back the past list and the feed reach.
UPCOMING_DAYS = getattr(settings, "BOLIGSOCIAL_CALENDAR_UPCOMING_DAYS", 366)
PAST_DAYS = getattr(settings, "BOLIGSOCIAL_CALENDAR_PAST_DAYS", 366)
FEED_PAST_DAYS = getattr(settings, "BOLIGSOCIAL_CALENDAR_FEED_PAST_DAYS", 92)
# The suffix of every iCalendar UID; never change it on a running site, or subscribers see duplicates.
UID_DOMAIN = getattr(settings, "BOLIGSOCIAL_CALENDAR_UID_DOMAIN", "boligsocial")
OCCURRENCES_PER_PAGE = 20
# How long a calendar feed is served from the cache (it is rebuilt at once when an activity is published).
FEED_CACHE_SECONDS = getattr(settings, "BOLIGSOCIAL_CALENDAR_FEED_CACHE_SECONDS", 300)
# Dates outside these years are refused in addresses and the API: no estate plans that far.
FIRST_YEAR, LAST_YEAR = 2000, 2100
# --- signup ---
# Sign-ups' names, contact data and notes are deleted this many days after the occurrence (for the whole
# series: after its last occurrence). A nightly schedule does it (community/schedules.py).
SIGNUP_RETENTION_DAYS = getattr(settings, "BOLIGSOCIAL_SIGNUP_RETENTION_DAYS", 30)
# Sign-up attempts one client address may make per hour (the form answers in Danish when it is over).
SIGNUPS_PER_ADDRESS_PER_HOUR = getattr(settings, "BOLIGSOCIAL_SIGNUPS_PER_ADDRESS_PER_HOUR", 20)
