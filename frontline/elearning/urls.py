from django.urls import path

from .views import courses, lessons

app_name = "elearning"
urlpatterns = [
    path("", courses.course_index, name="courses"),
    path("new/", courses.course_new, name="course_create"),
    path("<int:pk>/", courses.course_detail, name="course"),
    path("<int:pk>/edit/", courses.course_edit, name="course_edit"),
    path("<int:pk>/publish/", courses.course_publish, name="course_publish"),
    path("<int:pk>/join/", courses.course_join, name="course_join"),
    path("<int:pk>/quiz/", lessons.final_quiz, name="final_quiz"),
    path("<int:pk>/lessons/new/", lessons.lesson_new, name="lesson_create"),
    path("<int:pk>/lessons/<int:lesson_id>/", lessons.lesson_detail, name="lesson"),
    path("<int:pk>/lessons/<int:lesson_id>/file", lessons.lesson_file, name="lesson_file"),
    path("<int:pk>/lessons/<int:lesson_id>/edit/", lessons.lesson_edit, name="lesson_edit"),
    path("<int:pk>/lessons/<int:lesson_id>/move/", lessons.lesson_move, name="lesson_move"),
    path("<int:pk>/lessons/<int:lesson_id>/remove/", lessons.lesson_remove, name="lesson_remove"),
]
