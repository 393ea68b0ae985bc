"""Filled in by the urls slice."""

urlpatterns: list = []
