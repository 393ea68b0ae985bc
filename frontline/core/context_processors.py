"""Navigation by module: each entry shows only when the user holds its permission."""

from django.urls import reverse, translate_url
from django.utils.translation import gettext_lazy as _

from frontline.accounts.roles import Perm
from frontline.accounts.scoping import has_perm

MODULES = [
    ("core:home", _("Home"), None),
    ("people:list", _("Officials"), Perm.OFFICIALS_VIEW),
    ("organisations:list", _("Organisations"), Perm.ORGANISATIONS_VIEW),
    ("learning:events", _("Training"), (Perm.LEARNING_VIEW, Perm.LEARNING_TRAIN)),
    ("geography:browse", _("Areas"), Perm.AREAS_VIEW),
    ("audit:log", _("Audit log"), Perm.AUDIT_VIEW),
    ("accounts:manage_list", _("Accounts"), Perm.ACCOUNTS_MANAGE),
]


def navigation(request) -> dict:
    user = getattr(request, "user", None)
    if not (user and user.is_authenticated):
        entries = []
    else:
        entries = [
            {
                "url": reverse(name),
                "label": label,
                "active": request.path.startswith(reverse(name)) and name != "core:home",
            }
            for name, label, perm in MODULES
            if perm is None or any(has_perm(user, p) for p in (perm if isinstance(perm, tuple) else (perm,)))
        ]
    return {
        "nav_entries": entries,
        "url_km": translate_url(request.get_full_path(), "km"),
        "url_en": translate_url(request.get_full_path(), "en"),
    }
