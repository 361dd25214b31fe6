"""Article pages rendered on all cores, written in order by the build."""

from .parallel_render import register

__all__ = ["register"]
