from django.apps import AppConfig
from django.db.models.signals import post_migrate


def _ensure_role_groups(sender, **kwargs):
    from .roles import ensure_groups

    ensure_groups()


class NationalConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "national"
    verbose_name = "Member States' national reports"

    def ready(self):
        # This app's permissions exist only once its own post_migrate has been sent (see monitoring.apps).
        post_migrate.connect(_ensure_role_groups, sender=self)
        from .builders import register_builders

        register_builders()

    def create_demo_people(self, password):
        from .demo import create_demo_people

        return create_demo_people(password)

    def generate_synthetic(self, *, scale, seed, password):
        """Synthetic national reports for `generate_scale_data`; a line saying what was made."""
        from django.contrib.auth.hashers import make_password

        from .synthetic import generate

        made = generate(scale=scale, seed=seed, password_hash=make_password(password))
        copies = f", {made.provisions} synthetic provisions" if made.provisions else ""
        return f"{made.reports} national reports of the Member States ({made.entries} answers){copies}."
