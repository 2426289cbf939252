from contextlib import contextmanager

from django.db import transaction


@contextmanager
def rolled_back():
    """Run one example in a savepoint that is always undone, so the next starts from the same database."""
    with transaction.atomic():
        yield
        transaction.set_rollback(True)
