"""Filled in by the urls_open311 slice."""

urlpatterns: list = []
