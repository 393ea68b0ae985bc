import hashlib
import secrets

from django.contrib.auth.models import AbstractUser, UserManager
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from frontline.core.models import FastChoicesModel

from .roles import NATIONAL_ROLES, SCOPE_LEVEL, Perm, Role


class UserQuerySet(models.QuerySet):
    def visible_to(self, user, *, perm: Perm = Perm.ACCOUNTS_MANAGE) -> "UserQuerySet":
        """The accounts `user` may manage: with a national grant all of them; otherwise those
        holding at least one role assignment inside the manager's areas or organisations
        (an account left without roles is then seen only nationally)."""
        from frontline.accounts.scoping import scope_q

        condition = scope_q(user, perm, area_field="area_id", org_field="organisation__path")
        if condition is None:
            return self.none()
        if condition == Q():
            return self
        return self.filter(pk__in=RoleAssignment.objects.filter(condition).values("user_id"))


class FrontlineUserManager(UserManager.from_queryset(UserQuerySet)):
    use_in_migrations = True


class User(AbstractUser):
    """A person who signs in. Their rights come only from their role assignments."""

    person = models.ForeignKey(
        "people.Person", verbose_name=_("person"), null=True, blank=True, on_delete=models.SET_NULL
    )

    objects = FrontlineUserManager()

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")


class RoleAssignment(FastChoicesModel):
    """One role held by a user over an area subtree and/or an organisation subtree.

    With neither, the assignment is national (allowed only for NATIONAL_ROLES). With both,
    it covers the records that lie inside the area *and* inside the organisation.
    """

    user = models.ForeignKey(User, verbose_name=_("user"), on_delete=models.CASCADE, related_name="assignments")
    role = models.CharField(_("role"), max_length=40, choices=Role.choices)
    area = models.ForeignKey("geography.Area", verbose_name=_("area"), null=True, blank=True, on_delete=models.PROTECT)
    organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("role assignment")
        verbose_name_plural = _("role assignments")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "role", "area", "organisation"],
                name="assignment_unique",
                nulls_distinct=False,
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_role_display()}"

    def clean(self) -> None:
        level = SCOPE_LEVEL.get(self.role)
        if level and (self.area is None or self.area.level != level):
            raise ValidationError({"area": _("This role must be assigned to an area of the right level.")})
        if self.area is None and self.organisation is None and self.role not in NATIONAL_ROLES:
            raise ValidationError({"area": _("This role needs an area or an organisation.")})


def _hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


class ApiToken(models.Model):
    """A bearer token for the API. Only its hash is stored."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    key_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self) -> str:
        return f"token of {self.user_id}"

    @classmethod
    def issue(cls, user: User, *, lifetime) -> tuple["ApiToken", str]:
        raw = secrets.token_urlsafe(32)
        token = cls.objects.create(user=user, key_hash=_hash_token(raw), expires_at=timezone.now() + lifetime)
        return token, raw

    @classmethod
    def find(cls, raw: str) -> "ApiToken | None":
        """The live token with this value: not expired, its user still active."""
        return (
            cls.objects.select_related("user")
            .filter(key_hash=_hash_token(raw), expires_at__gt=timezone.now(), user__is_active=True)
            .first()
        )

    @classmethod
    def user_for(cls, raw: str) -> User | None:
        token = cls.find(raw)
        return token.user if token else None
