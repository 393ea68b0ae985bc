from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from frontline.accounts.roles import Perm
from frontline.core.models import TimeStampedModel


class Sex(models.TextChoices):
    FEMALE = "F", _("Female")
    MALE = "M", _("Male")


class PostLevel(models.TextChoices):
    MANAGEMENT = "management", _("Management")
    TECHNICAL = "technical", _("Technical")


def _person_scope(user, perm: Perm, prefix: str = "") -> Q | None:
    from frontline.accounts.scoping import scope_q

    return scope_q(
        user,
        perm,
        area_field=f"{prefix}area_code",
        org_field=f"{prefix}org_path",
        province_field=f"{prefix}province_code",
    )


class PersonQuerySet(models.QuerySet):
    def visible_to(self, user, *, perm: Perm = Perm.OFFICIALS_VIEW) -> "PersonQuerySet":
        """People whose current post lies inside the user's areas or organisations.

        Who sees whom: national grants everyone; a provincial, district or commune
        officer the officials of units tied to areas inside theirs; an organisation
        grant the officials of that organisation and its units. A person with no current
        post is seen only with a national grant.
        """
        condition = _person_scope(user, perm)
        return self.none() if condition is None else self.filter(condition)

    def officials(self) -> "PersonQuerySet":
        return self.filter(organisation__isnull=False)


class Person(TimeStampedModel):
    """One record per human being; names are written family name first."""

    family_name_km = models.CharField(_("family name (Khmer)"), max_length=80)
    given_name_km = models.CharField(_("given name (Khmer)"), max_length=80)
    family_name_latin = models.CharField(_("family name (Latin)"), max_length=80, blank=True)
    given_name_latin = models.CharField(_("given name (Latin)"), max_length=80, blank=True)
    sex = models.CharField(_("sex"), max_length=1, choices=Sex.choices)
    birth_date = models.DateField(_("date of birth"), null=True, blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    national_id = models.CharField(_("national ID"), max_length=20, null=True, blank=True, unique=True)

    # The current post, copied here by the services so that lists filter, scope and sort
    # on one table with indexes instead of joining the post history.
    organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        editable=False,
    )
    position = models.CharField(_("position"), max_length=120, blank=True, editable=False)
    level = models.CharField(_("level"), max_length=12, choices=PostLevel.choices, blank=True, editable=False)
    area_code = models.CharField(max_length=8, blank=True, default="", editable=False)
    province_code = models.CharField(max_length=2, blank=True, default="", editable=False)
    org_path = models.CharField(max_length=64, blank=True, default="", editable=False)
    name_sort = models.CharField(max_length=170, editable=False, default="")
    search_text = models.TextField(editable=False, default="")

    objects = PersonQuerySet.as_manager()

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["name_sort", "id"]
        indexes = [
            models.Index(fields=["province_code", "name_sort"], name="person_province_name"),
            models.Index(fields=["area_code", "name_sort"], name="person_area_name"),
            models.Index(fields=["org_path", "name_sort"], name="person_org_name"),
            models.Index(fields=["name_sort"], name="person_name"),
        ]

    def __str__(self) -> str:
        return self.name_km

    @property
    def name_km(self) -> str:
        return f"{self.family_name_km} {self.given_name_km}"

    @property
    def name_latin(self) -> str:
        return f"{self.family_name_latin} {self.given_name_latin}".strip()

    @property
    def display_name(self) -> str:
        """The name in Khmer, and in Latin letters after it when known (as the trainer page shows it)."""
        return f"{self.name_km} ({self.name_latin})" if self.name_latin else self.name_km


class PostQuerySet(models.QuerySet):
    def visible_to(self, user, *, perm: Perm = Perm.OFFICIALS_VIEW) -> "PostQuerySet":
        """The posts of the people the user may see (their whole career history)."""
        condition = _person_scope(user, perm, prefix="person__")
        return self.none() if condition is None else self.filter(condition)


class Post(TimeStampedModel):
    """A person's post in an organisation unit; a career is the history of posts."""

    person = models.ForeignKey(Person, verbose_name=_("person"), on_delete=models.CASCADE, related_name="posts")
    organisation = models.ForeignKey(
        "organisations.Organisation", verbose_name=_("organisation"), on_delete=models.PROTECT
    )
    position = models.CharField(_("position"), max_length=120)
    grade = models.CharField(_("grade"), max_length=20, blank=True)
    level = models.CharField(_("level"), max_length=12, choices=PostLevel.choices)
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"), null=True, blank=True)

    objects = PostQuerySet.as_manager()

    class Meta:
        verbose_name = _("post")
        verbose_name_plural = _("posts")
        ordering = ["-start_date", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=F("start_date")),
                name="post_ends_after_start",
                violation_error_message=_("A post cannot end before it starts."),
            ),
            models.UniqueConstraint(
                fields=["person"], condition=Q(end_date__isnull=True), name="post_one_current_per_person"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.position} · {self.organisation}"

    @property
    def is_current(self) -> bool:
        return self.end_date is None
