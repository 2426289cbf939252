"""JSON for backups that keeps times to the microsecond.

Django's JSON serializer cuts datetimes and times to milliseconds, so a restored report would
not be quite the report that was backed up. The output is ordinary Django JSON otherwise, which
the stock "json" deserializer (and so `loaddata`) reads back exactly.
"""

import datetime

from django.core.serializers.json import Deserializer, DjangoJSONEncoder  # noqa: F401  (a serializer module needs both)
from django.core.serializers.json import Serializer as JSONSerializer

FORMAT = "json-exact"


class ExactJSONEncoder(DjangoJSONEncoder):
    def default(self, o):
        if isinstance(o, (datetime.datetime, datetime.time)):
            return o.isoformat()
        return super().default(o)


class Serializer(JSONSerializer):
    def _init_options(self):
        self.options.setdefault("cls", ExactJSONEncoder)
        super()._init_options()
