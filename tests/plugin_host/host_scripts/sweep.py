"""Run inside the fresh host (`manage.py shell -c`): one reminder sweep, as the scheduled task runs it.

The sweep queues each reminder on django-q2's broker; the host's `qcluster` sends it.
"""

from estates.tasks import sweep_reminders

print("SWEEP=" + sweep_reminders())
