"""Who the client is behind the proxy, and the Content-Security-Policy per area.

A cms core module: it imports no app. Used by settings (django-axes' client IP, the
CSP middleware) and by the API's rate limit (`core.api_throttle`).
"""

from csp.constants import SELF
from csp.middleware import CSPMiddleware

from django.conf import settings


def client_ip(request):
    """The address of the client, not of our own proxies.

    Behind `TRUSTED_PROXY_COUNT` proxies (nginx, a load balancer) REMOTE_ADDR is the
    last proxy; the client is the address that many hops from the right of
    X-Forwarded-For. Addresses further left are written by the client and can be
    forged, so they are never used. With no trusted proxy, REMOTE_ADDR.
    """
    proxies = settings.TRUSTED_PROXY_COUNT
    if proxies:
        forwarded = [
            part.strip()
            for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
            if part.strip()
        ]
        if len(forwarded) >= proxies:
            return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR", "")


def axes_client_ip(request):
    """django-axes' AXES_CLIENT_IP_CALLABLE: the same client address as the API's limit."""
    return client_ip(request)


class AreaContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's middleware, with the Wagtail admin's additions under its prefix.

    The public site runs no inline script or style, so its policy forbids them. The
    Wagtail admin still writes a few inline scripts (inline panels, date pickers) and
    style attributes, so under `WAGTAIL_ADMIN_PATH_PREFIX` the directives in
    `CONTENT_SECURITY_POLICY_ADMIN_UPDATE` are added to the same policy.

    `frame-ancestors` follows X-Frame-Options, which browsers ignore when both are
    sent: 'none' (the policy's) where it says DENY, 'self' where a view allows
    SAMEORIGIN (Wagtail's preview views, framed by the admin's preview panel and
    block picker), so neither header is looser than the other. A page's preview is
    rendered through the middleware twice: first for the request Wagtail makes up at
    the page's URL (`in_preview_panel` set when the panel asked), whose policy the
    response keeps, then for the admin's request, whose view sets SAMEORIGIN.
    """

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only=report_only)
        if not report_only and request.path_info.startswith(settings.WAGTAIL_ADMIN_PATH_PREFIX):
            parts.update = {**settings.CONTENT_SECURITY_POLICY_ADMIN_UPDATE, **(parts.update or {})}
        same_origin = response.get("X-Frame-Options", "").upper() == "SAMEORIGIN"
        if same_origin or getattr(request, "in_preview_panel", False):
            parts.replace = {"frame-ancestors": [SELF], **(parts.replace or {})}
        return parts
