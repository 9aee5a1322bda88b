"""Writing the audit log: sign-ins, lockouts, exports, imports and full-ID views."""

from typing import Any

from django.conf import settings
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver
from django.http import HttpRequest

from core.models import AuditAction, AuditEvent, AuditOutcome


def client_ip(request: HttpRequest | None) -> str | None:
    if request is None:
        return None
    if settings.USE_X_FORWARDED_FOR:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        if forwarded:
            return forwarded.split(",")[0].strip() or None
    return request.META.get("REMOTE_ADDR") or None


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
