"""Counting the SQL statements a piece of work sends, for the benchmarks' tables."""

from django.db import connection


class QueryCount:
    """Counts the SQL statements sent through the connection while it is installed."""

    def __init__(self):
        self.n = 0

    def __call__(self, execute, sql, params, many, context):
        self.n += 1
        return execute(sql, params, many, context)


def count_queries(action):
    counter = QueryCount()
    with connection.execute_wrapper(counter):
        action()
    return counter.n
