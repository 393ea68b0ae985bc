"""Writes of capacity development, by sub-domain. Each is a `service`: one transaction, audited
as its acting_user, `full_clean()` before every save."""
