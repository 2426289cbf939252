"""The task worker: Celery, with Redis as the broker, configured from the CELERY_* Django settings.

Run it with `bin/worker` (the worker and its scheduler). Without a broker, tasks run in the process
that queues them (CELERY_TASK_ALWAYS_EAGER), so `bin/serve` needs no Redis.
"""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("tracker")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
