"""Navigation by module: each entry shows only when the user holds its permission."""

from django.urls import reverse, translate_url
from django.utils.translation import gettext_lazy as _

from frontline.accounts.roles import Perm
from frontline.accounts.scoping import has_perm


def _learner_or_viewer(user) -> bool:
    """Online courses are for every signed-in official (their own Person), and for those who see training."""
    return bool(user.person_id) or has_perm(user, Perm.LEARNING_VIEW)


MODULES = [
    ("core:home", _("Home"), None),
    ("people:list", _("Officials"), Perm.OFFICIALS_VIEW),
    ("organisations:list", _("Organisations"), Perm.ORGANISATIONS_VIEW),
    ("learning:events", _("Training"), (Perm.LEARNING_VIEW, Perm.LEARNING_TRAIN)),
    ("elearning:courses", _("Online courses"), _learner_or_viewer),
    ("voice:concerns", _("Citizens' voice"), Perm.VOICE_VIEW),
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
            if _shown(user, perm)
        ]
    return {
        "nav_entries": entries,
        "url_km": translate_url(request.get_full_path(), "km"),
        "url_en": translate_url(request.get_full_path(), "en"),
    }


def _shown(user, condition) -> bool:
    """An entry's condition: none, a permission, a tuple of them (any), or a function of the user."""
    if condition is None:
        return True
    if callable(condition) and not isinstance(condition, str):
        return condition(user)
    return any(has_perm(user, p) for p in (condition if isinstance(condition, tuple) else (condition,)))
