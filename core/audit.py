"""Writing the audit log: sign-ins, lockouts, exports, imports and full-ID views."""

import ipaddress
from typing import Any

from django.conf import settings
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver
from django.http import HttpRequest

from core.models import AuditAction, AuditEvent, AuditOutcome


def client_ip(request: HttpRequest | None) -> str | None:
    """The address of the person, as far as it can be believed.

    Behind the office's own proxy (USE_X_FORWARDED_FOR, the proxy's address in TRUSTED_PROXIES)
    the proxy tells it in X-Forwarded-For. Anyone can send that header, and a proxy configured
    with $proxy_add_x_forwarded_for appends the real address after what the client sent: so the
    header is read from the right, passing over trusted proxies, and the first other address is
    the client's. A request that did not come from a trusted proxy is its own address."""
    if request is None:
        return None
    remote = request.META.get("REMOTE_ADDR") or None
    if not settings.USE_X_FORWARDED_FOR or not _trusted(remote):
        return remote
    forwarded = [a.strip() for a in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    for address in reversed([a for a in forwarded if a]):
        if not _trusted(address):
            return address if _address(address) else remote
    return remote


def _address(text: str | None) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        return ipaddress.ip_address(text or "")
    except ValueError:
        return None


def _trusted(text: str | None) -> bool:
    address = _address(text)
    return address is not None and any(
        address in ipaddress.ip_network(network, strict=False)
        for network in settings.TRUSTED_PROXIES
    )


def record(
    request: HttpRequest | None,
    action: str,
    *,
    user: Any = None,
    username: str = "",
    target: str = "",
    outcome: str = AuditOutcome.SUCCESS,
    **detail: Any,
) -> AuditEvent:
    """Append one event. `user` defaults to the request's signed-in user."""
    if user is None and request is not None and request.user.is_authenticated:
        user = request.user
    if user is not None and not username:
        username = user.get_username()
    return AuditEvent.objects.create(
        user=user,
        username=username[:150],
        ip=client_ip(request),
        action=action,
        outcome=outcome,
        target=target[:255],
        detail=detail,
    )


@receiver(user_logged_in)
def _on_login(sender: Any, request: HttpRequest, user: Any, **kwargs: Any) -> None:
    record(request, AuditAction.LOGIN, user=user)


@receiver(user_logged_out)
def _on_logout(sender: Any, request: HttpRequest, user: Any, **kwargs: Any) -> None:
    if user is not None:
        record(request, AuditAction.LOGOUT, user=user)


@receiver(user_login_failed)
def _on_login_failed(
    sender: Any, credentials: dict[str, Any], request: HttpRequest | None = None, **kwargs: Any
) -> None:
    record(
        request,
        AuditAction.LOGIN_FAILED,
        username=str(credentials.get("username", "")),
        outcome=AuditOutcome.FAILURE,
    )


def _on_lockout(sender: Any, request: HttpRequest, username: str, **kwargs: Any) -> None:
    record(request, AuditAction.LOCKOUT, username=username or "", outcome=AuditOutcome.FAILURE)


def connect_axes() -> None:
    from axes.signals import user_locked_out

    user_locked_out.connect(_on_lockout, dispatch_uid="core.audit.lockout")
