"""Many tasks of one function onto django-q2's queue in one write: the sweep hands hundreds of send batches
to the workers at once.

`async_task` writes one queue row (ORM broker) or makes one round trip (Redis) per task: 500 send tasks
for 10,000 reminders cost 500 inserts. `TaskBatch` collects the tasks and pushes them together: one
`bulk_create` of `OrmQ` rows on the ORM broker, one `RPUSH` of every package on Redis, and for any other
broker each package through the broker's own `enqueue`. The packages are built and signed exactly as
`async_task` builds them (same keys, `pre_enqueue` signal), so a worker cannot tell the difference.
In sync mode (tests) each task runs at once through `async_task`, as before.
"""

import logging

from django.utils import timezone
from django_q.brokers import get_broker
from django_q.brokers.orm import ORM
from django_q.conf import Conf
from django_q.humanhash import uuid
from django_q.models import OrmQ
from django_q.signals import pre_enqueue
from django_q.signing import SignedPackage
from django_q.tasks import async_task

logger = logging.getLogger("boligsocial.mail")


class TaskBatch:
    """Tasks of `func`, one per `add(*args)`, pushed by `flush()` in one broker write."""

    def __init__(self, func: str, *, group: str, save: bool = False, broker=None, sync: bool | None = None):
        self.sync = Conf.SYNC if sync is None else sync
        self.func = func
        self.group = group
        self.save = save
        self.broker = broker
        self._packages: list[tuple[str, int]] = []  # (signed package, how many items it carries)

    def __len__(self) -> int:
        return len(self._packages)

    def add(self, *args) -> None:
        if self.sync:
            async_task(self.func, *args, group=self.group, save=self.save, broker=self.broker)
            return
        tag = uuid()
        task = {
            "id": tag[1],
            "name": tag[0],
            "func": self.func,
            "args": args,
            "group": self.group,
            "save": self.save,
        }
        if Conf.CACHED:
            task["cached"] = Conf.CACHED
        if Conf.ACK_FAILURES:
            task["ack_failure"] = Conf.ACK_FAILURES
        task["kwargs"] = {}
        task["started"] = timezone.now()
        pre_enqueue.send(sender="django_q", task=task)
        size = len(args[0]) if args and isinstance(args[0], list | tuple) else 1
        self._packages.append((SignedPackage.dumps(task), size))

    def pending_items(self) -> int:
        """How many items (ids) the collected tasks carry."""
        return sum(size for _package, size in self._packages)

    def flush(self) -> int:
        """Push every collected task; returns how many items (ids) were handed over. On a failure nothing of
        this flush is counted as handed over, and the error is raised."""
        packages, self._packages = self._packages, []
        if not packages:
            return 0
        broker = self.broker or get_broker()
        payloads = [package for package, _size in packages]
        if isinstance(broker, ORM):
            now = timezone.now()
            key = broker.list_key or Conf.CLUSTER_NAME
            broker.get_connection().bulk_create([OrmQ(key=key, payload=p, lock=now) for p in payloads])
        elif _is_redis(broker):
            broker.connection.rpush(broker.list_key, *payloads)
        else:
            for payload in payloads:
                broker.enqueue(payload)
        logger.debug("Enqueued %s task(s) of %s in one write", len(payloads), self.func)
        return sum(size for _package, size in packages)


def _is_redis(broker) -> bool:
    """django-q2's Redis broker, known by its module (importing it needs the redis package, an option)."""
    return type(broker).__module__ == "django_q.brokers.redis_broker"
