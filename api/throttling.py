"""Anonymous throttling of the API, at the rate settings.API_THROTTLE_RATE.

DRF's AnonRateThrottle counts per client address in the default cache (Redis in
production, so all workers count together) and answers 429 with Retry-After. The rate
is read on each request, so the setting (or API_THROTTLE_RATE in the environment)
decides; an empty rate turns throttling off.
"""

from django.conf import settings
from rest_framework.throttling import AnonRateThrottle


class AnonymousRateThrottle(AnonRateThrottle):
    def get_rate(self):
        return settings.API_THROTTLE_RATE or None
