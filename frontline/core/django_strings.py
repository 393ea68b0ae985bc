"""Django's own messages that Frontline's pages show, listed so that our Khmer catalogue carries them.

Django 5.2's Khmer catalogue leaves most form, authentication and validation messages in
English (../shared/KHMER.md). `makemessages` finds the strings below, `locale/km` translates
them, and because LOCALE_PATHS comes before Django's own catalogues our translation wins.
Nothing imports this module; the markers are for `makemessages` only.
"""

from django.utils.translation import gettext_noop, ngettext_lazy

DJANGO_MESSAGES = [
    # django.contrib.auth: the sign-in form
    gettext_noop("Username"),
    gettext_noop("Password"),
    gettext_noop("Please enter a correct %(username)s and password. Note that both fields may be case-sensitive."),
    gettext_noop("This account is inactive."),
    # django.forms and django.core.validators: field errors on every form
    gettext_noop("Enter a valid value."),
    gettext_noop("Enter a valid date."),
    gettext_noop("Enter a number."),
    gettext_noop("Enter a valid integer."),
    gettext_noop("Enter a valid email address."),
    gettext_noop("Enter a valid URL."),
    gettext_noop("Enter a valid “slug” consisting of letters, numbers, underscores or hyphens."),
    gettext_noop("Select a valid choice. %(value)s is not one of the available choices."),
    gettext_noop("Select a valid choice. That choice is not one of the available choices."),
    gettext_noop("Ensure this value is less than or equal to %(limit_value)s."),
    gettext_noop("Ensure this value is greater than or equal to %(limit_value)s."),
    gettext_noop("No file was submitted."),
    gettext_noop("The submitted file is empty."),
    gettext_noop("Null characters are not allowed."),
    gettext_noop("This field cannot be blank."),
    gettext_noop("This field cannot be null."),
    gettext_noop("%(model_name)s with this %(field_label)s already exists."),
    gettext_noop("Value %(value)r is not a valid choice."),
    gettext_noop("Constraint “%(name)s” is violated."),
    # django.views.csrf
    gettext_noop("Forbidden"),
    gettext_noop("CSRF verification failed. Request aborted."),
    # django.contrib.auth password validators (set-password pages and the admin)
    gettext_noop("This password is too common."),
    gettext_noop("This password is entirely numeric."),
    gettext_noop("The password is too similar to the %(verbose_name)s."),
]

DJANGO_PLURAL_MESSAGES = [
    ngettext_lazy(
        "Ensure this value has at most %(limit_value)d character (it has %(show_value)d).",
        "Ensure this value has at most %(limit_value)d characters (it has %(show_value)d).",
        "limit_value",
    ),
    ngettext_lazy(
        "Ensure this value has at least %(limit_value)d character (it has %(show_value)d).",
        "Ensure this value has at least %(limit_value)d characters (it has %(show_value)d).",
        "limit_value",
    ),
    ngettext_lazy(
        "This password is too short. It must contain at least %(min_length)d character.",
        "This password is too short. It must contain at least %(min_length)d characters.",
        "min_length",
    ),
]
