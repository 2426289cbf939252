from django.apps import AppConfig


class SteeringConfig(AppConfig):
    """The MTF steering its plan (Work Plan §III.b, §IV): amendments of the matrix decided in meetings,
    the matrix's history and the plan as adopted beside the plan now."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "steering"
    verbose_name = "Steering of the plans"
