"""
Garbage collection for a long-running worker: long-lived objects frozen once it is warm.

CPython's full collection walks every object it tracks. A worker that has served its first
requests holds some 150 000 long-lived ones (URL patterns, compiled templates, catalogues
of translations, model and form classes), so each full collection took 60–120 ms at
scale, a pause that falls on whichever request happens to trigger it: the slowest
percent of requests (p99) was several times the median. After a worker's first
GC_FREEZE_AFTER_REQUESTS requests (100) it collects once and freezes what survived
(`gc.freeze()`, made for this): frozen objects are never scanned again, so later
collections look only at what requests create. Frozen objects are still freed as soon
as nothing refers to them; only a reference cycle among them would outlive its use,
and what is alive after the warm-up is what the process keeps anyway.

`paused()` stops the cyclic collector for a block that makes many objects and no
cycles (an export's chunk of rows and look-ups): reference counting frees them all the
same, and the collector's passes, set off by the block's own allocations, are saved. A
full CSV export made in one process on SQLite took 2.3–2.6 s so, 2.5–2.8 s without.
"""

import contextlib
import gc
import logging

from django.conf import settings

logger = logging.getLogger(__name__)


class Warmup:
    """Counts a process's finished requests and freezes the heap after the last warm one."""

    def __init__(self):
        self.requests = 0
        self.frozen = False

    def finished(self):
        if self.frozen:
            return
        after = settings.GC_FREEZE_AFTER_REQUESTS
        if not after:
            return
        self.requests += 1
        if self.requests >= after:
            gc.collect()
            gc.freeze()
            self.frozen = True
            logger.info(
                "Froze %d long-lived objects after %d requests", gc.get_freeze_count(), after
            )


warmup = Warmup()


def request_finished(**kwargs):
    """The receiver of Django's request_finished: one more request of this process."""
    warmup.finished()


@contextlib.contextmanager
def paused():
    """The cyclic garbage collector off for the block, and on again (if it was) after it.

    Only around code that runs to its end: never across a generator's `yield`, where
    the collector would stay off for as long as the consumer keeps it suspended.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
