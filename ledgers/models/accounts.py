"""Access requests: a role or a community that sees residents' data, granted by a second person."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class GrantState(models.TextChoices):
    PENDING = "pending", _("Awaiting approval")
    APPROVED = "approved", _("Approved")
    REFUSED = "refused", _("Refused")


class RoleGrantQuerySet(models.QuerySet):
    def for_user(self, user: Any) -> RoleGrantQuerySet:
        """Approvers read every request; nobody else reads them in the application."""
        if user.is_active and user.has_perm("ledgers.approve_rolegrant"):
            return self
        return self.none()


class RoleGrant(models.Model):
    """授权申请 — a role (group), or a community for an account holding such a role, that shows
    residents' data: it takes effect only once someone other than the requester approves it."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.CASCADE,
        related_name="role_grants",
        verbose_name=_("account"),
    )
    group = models.ForeignKey(
        "auth.Group", models.CASCADE, null=True, blank=True, verbose_name=_("role")
    )
    community = models.ForeignKey(
        "ledgers.Community", models.CASCADE, null=True, blank=True, verbose_name=_("community")
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("requested by"),
    )
    requested_at = models.DateTimeField(_("requested at"), default=timezone.now)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    state = models.CharField(
        _("state"), max_length=10, choices=GrantState.choices, default=GrantState.PENDING
    )
    reason = models.TextField(_("reason"), blank=True)

    objects = RoleGrantQuerySet.as_manager()

    class Meta:
        verbose_name = _("access request")
        verbose_name_plural = _("access requests")
        ordering = ["-requested_at", "-pk"]
        permissions = [("approve_rolegrant", "Can approve or refuse access requests")]
        constraints = [
            models.CheckConstraint(
                condition=Q(group__isnull=False, community__isnull=True)
                | Q(group__isnull=True, community__isnull=False),
                name="%(app_label)s_%(class)s_role_or_community",
                violation_error_message=_("A request is for a role or for a community."),
            ),
            models.UniqueConstraint(
                fields=["user", "group"],
                condition=Q(state="pending"),
                name="%(app_label)s_%(class)s_one_pending_role",
                violation_error_message=_("This role is already awaiting approval."),
            ),
            models.UniqueConstraint(
                fields=["user", "community"],
                condition=Q(state="pending"),
                name="%(app_label)s_%(class)s_one_pending_community",
                violation_error_message=_("This community is already awaiting approval."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} → {self.granted}"

    @property
    def granted(self) -> str:
        """What the request gives: a role's name, or 社区：庙川社区."""
        if self.group_id is not None:
            return str(self.group.name)  # type: ignore[union-attr]
        return str(_("community: %(name)s") % {"name": self.community})
