"""The client's real address: the one django-axes locks out, read through django-ipware.

Behind a reverse proxy the host sets AXES_IPWARE_* (see the README); without them X-Forwarded-For is ignored.
"""

from axes.helpers import get_client_ip_address


def client_address(request) -> str:
    """The address django-axes sees for this request (empty when none can be read)."""
    return get_client_ip_address(request) or ""
