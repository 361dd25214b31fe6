"""Runs the content checks before Pelican reads anything.

A build with content errors stops here, before any output is written; the
same checks back `make check`.
"""

import logging

from pelican import signals

from .checks import SiteChecker

logger = logging.getLogger(__name__)


class ContentError(Exception):
    """content/ has errors; each was reported with its file and line."""


def check_site(settings):
    """Every problem in PATH, sorted by file and line."""
    return SiteChecker(settings).run()


def report(problems):
    """Log each problem; return how many are errors."""
    errors = 0
    for problem in problems:
        if problem.is_error:
            errors += 1
            logger.error("%s", problem)
        else:
            logger.warning("%s", problem)
    return errors


def check_before_build(pelican):
    errors = report(check_site(pelican.settings))
    if errors:
        raise ContentError(
            f"{errors} error(s) in content/; nothing was written "
            "(fix them and build again)"
        )


def register():
    signals.initialized.connect(check_before_build)
