from frontline.learning.tests import conftest as learning_fixtures

# The Mondulkiri event and its programme, from learning's fixtures.
competency, event, freezer_start, programme, rsa, subject = (
    learning_fixtures.competency,
    learning_fixtures.event,
    learning_fixtures.freezer_start,
    learning_fixtures.programme,
    learning_fixtures.rsa,
    learning_fixtures.subject,
)
