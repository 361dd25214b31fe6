"""Work done in forked worker processes, logged as if done by the build.

Workers are forked, not spawned: they inherit the build's memory (its
stories, settings and caches), so a job is a range of indexes into a list
the build set aside before forking, never the items themselves pickled.
"""

import logging
import multiprocessing
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager


def forked_pool(workers):
    """A pool of `workers` processes forked from the build."""
    context = multiprocessing.get_context("fork")
    return ProcessPoolExecutor(workers, mp_context=context)


def index_chunks(count, size):
    """Ranges covering indexes 0 to count - 1, `size` at a time: the jobs."""
    return [range(i, min(i + size, count)) for i in range(0, count, size)]


class _Keeper(logging.Handler):
    """Keeps log records, made plain enough to be pickled back."""

    def __init__(self):
        super().__init__(logging.NOTSET)
        self.records = []

    def emit(self, record):
        record.msg, record.args = record.getMessage(), None
        record.exc_info = record.exc_text = None
        self.records.append(record)


@contextmanager
def kept_log_records():
    """Inside, log records are kept in the list this yields instead of being
    handled: a worker hands them to the build process (`replay`), whose
    handlers count errors and print `file:line` messages."""
    root = logging.getLogger()
    handlers, root.handlers = root.handlers, []
    keeper = _Keeper()
    root.addHandler(keeper)
    try:
        yield keeper.records
    finally:
        root.handlers = handlers


def replay(records):
    """Handle, in the build process, records kept by a worker."""
    for record in records:
        logging.getLogger(record.name).handle(record)
