from frontline.learning.tests.conftest import (  # noqa: F401 - fixtures
    START,
    competency,
    event,
    freezer_start,
    programme,
    rsa,
    subject,
)
