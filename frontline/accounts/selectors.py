"""Reads of accounts for their managers; every one starts from User.objects.visible_to."""

from django.db.models import Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from .granting import may_grant
from .models import RoleAssignment, User

SORTS = {
    "username": ("username",),
    "-username": ("-username",),
    "last_login": ("last_login", "username"),
    "-last_login": ("-last_login", "username"),
}


def account_list(*, manager, query: str = "", sort: str = "username") -> QuerySet[User]:
    accounts = User.objects.visible_to(manager)
    for term in query.split():
        accounts = accounts.filter(
            Q(username__icontains=term) | Q(first_name__icontains=term) | Q(last_name__icontains=term)
        )
    return accounts.order_by(*SORTS.get(sort, SORTS["username"]))


def account_get(*, manager, pk: int) -> User:
    return get_object_or_404(User.objects.visible_to(manager), pk=pk)


def assignments_in_reach(*, manager, account: User) -> tuple[list[RoleAssignment], int]:
    """The account's assignments the manager may see and remove, and how many others it holds."""
    assignments = list(account.assignments.select_related("area", "organisation").order_by("role", "id"))
    mine = [assignment for assignment in assignments if may_grant(manager, assignment)]
    return mine, len(assignments) - len(mine)


def assignment_get(*, manager, account: User, pk: int) -> RoleAssignment:
    assignment = get_object_or_404(account.assignments.select_related("organisation"), pk=pk)
    if account.pk == manager.pk or not may_grant(manager, assignment):
        raise Http404
    return assignment
