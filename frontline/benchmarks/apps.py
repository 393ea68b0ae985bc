from django.apps import AppConfig


class BenchmarksConfig(AppConfig):
    name = "frontline.benchmarks"
    label = "benchmarks"
