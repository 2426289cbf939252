from django.apps import AppConfig
from django.db.models.signals import post_migrate


def _ensure_role_groups(sender, **kwargs):
    from .roles import ensure_groups

    ensure_groups()


class MeetingsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "meetings"
    verbose_name = "Meetings and their decisions"

    def ready(self):
        # The role groups need the permissions, which exist only after migrate: grant them then.
        post_migrate.connect(_ensure_role_groups, sender=self)
        from workplan.panels import register_panel

        from .panels import decisions_about, decisions_on

        register_panel("meetings.decisions", decisions_about)
        register_panel("meetings.decisions", decisions_on, page="provision")
        register_panel("meetings.decisions", decisions_on, page="activity")

        # The work plan keeps its whole matrix drawn (workplan/page_cache.py) and knows nothing of
        # meetings: a decision saved or deleted drops it, as the matrix's page may speak of decisions.
        from django.db.models.signals import m2m_changed, post_delete, post_save

        from workplan import page_cache

        from .models import Decision

        post_save.connect(page_cache.bump, sender=Decision, dispatch_uid="meetings_decision_matrix_page_saved")
        post_delete.connect(page_cache.bump, sender=Decision, dispatch_uid="meetings_decision_matrix_page_deleted")
        for through in (Decision.activities.through, Decision.provisions.through):
            m2m_changed.connect(page_cache.bump, sender=through, dispatch_uid=f"meetings_{through.__name__}_matrix_page")
