from django.apps import AppConfig


class BackupsConfig(AppConfig):
    name = "backups"

    def ready(self):
        from django.core import serializers

        from .serializers import FORMAT

        serializers.register_serializer(FORMAT, "backups.serializers")
