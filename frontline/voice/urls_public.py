"""Filled in by the urls_public slice."""

urlpatterns: list = []
