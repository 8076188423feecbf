"""Login lockouts with two limits: per username and address, and per address.

django-axes counts what `AXES_LOCKOUT_PARAMETERS` names. With
`[["username", "ip_address"], "ip_address"]` it counts both the failures of one
username from one address and the failures of every username from that address,
but compares the larger count with its one `AXES_FAILURE_LIMIT`: the address cannot
have a higher limit than the pair. It needs one. A low limit per address would let
one person's typos lock out everyone behind an office's address; the pair's limit
alone lets an attacker spray a few guesses at each of many usernames from one
address with no lockout.

A cms core module: it imports no app.
"""

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_failure_limit, get_lockout_parameters

from django.conf import settings
from django.db.models import Sum

ADDRESS = "ip_address"


class PairAndAddressHandler(AxesDatabaseHandler):
    """django-axes' database handler, with `AXES_ADDRESS_FAILURE_LIMIT` for the address.

    Locked out: `AXES_FAILURE_LIMIT` failures for one username from one address, or
    `AXES_ADDRESS_FAILURE_LIMIT` (higher) for any usernames from one address, within
    the cool-off. The lockout itself (the 429, the cool-off, `axes_reset`) is axes'.
    """

    def get_failures(self, request, credentials=None):
        """The count axes compares with `AXES_FAILURE_LIMIT`: the pair's failures, or,
        once any count has reached its own limit, that count (at least the pair's limit).
        """
        pair_limit = get_failure_limit(request, credentials)
        pair_failures = 0
        attempts_list = self.get_user_attempts(request, credentials)  # within the cool-off
        for parameter, attempts in self._by_parameter(request, credentials, attempts_list):
            count = attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0
            if parameter == ADDRESS:
                if count >= settings.AXES_ADDRESS_FAILURE_LIMIT:
                    return max(count, pair_limit)
            else:
                pair_failures = max(pair_failures, count)
        return pair_failures

    def reset_user_attempts(self, request, credentials=None):
        """A successful login forgives that username's failures from the address, not
        every failure from it: axes would delete them all, so one valid account would
        reset the count of a spray from the same address."""
        count = 0
        attempts_list = self.filter_user_attempts(request, credentials)
        for parameter, attempts in self._by_parameter(request, credentials, attempts_list):
            if parameter != ADDRESS:
                count += attempts.delete()[0]
        return count

    @staticmethod
    def _by_parameter(request, credentials, attempts_list):
        """Each lockout parameter with its attempts (axes builds them in that order)."""
        return zip(get_lockout_parameters(request, credentials), attempts_list, strict=True)
