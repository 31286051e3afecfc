"""Server-side captcha verification, for tenants that enable a provider.

hCaptcha, Cloudflare Turnstile and reCAPTCHA share one protocol: POST the
tenant's secret and the browser's token, read ``success``. The provider being
down is a 503 (fail closed), not a pass.
"""

from __future__ import annotations

import json
import urllib.parse
import urllib.request

from portal.platform.errors import ServiceUnavailable
from portal.tenancy.model import Tenant

VERIFY_URLS = {
    "hcaptcha": "https://api.hcaptcha.com/siteverify",
    "turnstile": "https://challenges.cloudflare.com/turnstile/v0/siteverify",
    "recaptcha": "https://www.google.com/recaptcha/api/siteverify",
}
TIMEOUT_SECONDS = 3


def verify(tenant: Tenant, token: str | None) -> bool:
    url = VERIFY_URLS.get(tenant.captcha_provider or "")
    secret = tenant.captcha_secret
    if not token or not url or not secret:
        return False
    data = urllib.parse.urlencode({"secret": secret, "response": token}).encode()
    request = urllib.request.Request(url, data=data, method="POST")  # noqa: S310 - fixed https URLs
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as response:  # noqa: S310  # nosec B310 - fixed https URLs
            answer = json.loads(response.read(65536))
    except (OSError, ValueError):
        raise ServiceUnavailable("The captcha provider is unavailable", retry_after=5) from None
    return answer.get("success") is True
