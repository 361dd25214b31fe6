"""Article pages: reused when nothing in them changed, else rendered on all
cores, and written in order by the build."""

from .page_rendering import register

__all__ = ["register"]
