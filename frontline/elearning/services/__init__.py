"""Writes of online courses, by sub-domain: courses, lessons, learners' progress. Each is a
`service`: one transaction, audited as its acting_user, `full_clean()` before every save."""
