"""Pages of online courses: for learners (join, study, quizzes) and organisers (authoring)."""
