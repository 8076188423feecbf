"""HMAC-SHA256 signatures over a delivery's raw body (docs/api.md#webhooks).

The signature covers the exact bytes sent, so a receiver must verify the body as
received, before parsing it. The timestamp is inside the signed body: a receiver can
refuse old deliveries (replays) without trusting an unsigned header.
"""

import hashlib
import hmac
import secrets

SIGNATURE_HEADER = "X-Webhook-Signature"
SIGNATURE_PREFIX = "sha256="


def new_secret():
    """A fresh endpoint secret: 32 random bytes, hex (64 characters)."""
    return secrets.token_hex(32)


def sign(secret, body):
    """The ``X-Webhook-Signature`` value for this raw body (bytes)."""
    digest = hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()
    return SIGNATURE_PREFIX + digest


def verify(secret, body, signature):
    """True when ``signature`` (the header's value) signs ``body`` with ``secret``."""
    return hmac.compare_digest(sign(secret, body), signature or "")


def mask(secret):
    """How the admin shows a stored secret: its last four characters only."""
    return "•" * 8 + secret[-4:] if secret else ""
