"""Validates content/ before a build, reporting `path:line: problem (fix)`."""

from .content_check import ContentError, check_site, register
from .problems import Problem

__all__ = ["ContentError", "Problem", "check_site", "register"]
