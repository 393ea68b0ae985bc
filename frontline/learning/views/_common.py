"""What the learning pages share: permission gates, form errors from services, HTMX fragments."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from frontline.accounts.policies import can


def require(user, *perms) -> None:
    """404 for a user who holds none of the permissions anywhere (not 403: see the scoping rules)."""
    if not any(can(user, perm) for perm in perms):
        raise Http404


def attach_errors(form, error: ValidationError) -> None:
    """Put a service's refusal on the form, field by field where the field is on the form."""
    for field, problems in getattr(error, "message_dict", {"__all__": error.messages}).items():
        form.add_error(field if field in form.fields else None, problems)


def fragment_or_page(request, template: str, context: dict, *, target: str = "results", status: int = 200):
    """The `#partial` of a template for an HTMX request aimed at it, the whole page otherwise."""
    if request.htmx and request.htmx.target == target:
        template = f"{template}#{target}"
    return render(request, template, context, status=status)


def run_service(request, form, write, *, success: str, then, stays_within=None):
    """Validate the form, run the write, report success or put its refusal on the form.

    `then` is where to go next: a URL name and its arguments as a tuple, or a function of
    the result giving one. `stays_within(result)`, when given, must be true of what was
    written (the user can still reach it), or the whole write is undone and refused - the
    way to keep a user from creating or moving records out of their own scope.
    Returns the redirect after success, or None to show the form again with its errors.
    """
    if request.method != "POST" or not form.is_valid():
        return None
    try:
        with transaction.atomic():
            result = write(form.cleaned_data)
            if stays_within is not None and not stays_within(result):
                raise ValidationError(_("Choose an area or organisation within your scope."), code="out_of_scope")
    except ValidationError as error:
        attach_errors(form, error)
        return None
    messages.success(request, success)
    target = then(result) if callable(then) else then
    return redirect(*target) if isinstance(target, tuple) else redirect(target)
