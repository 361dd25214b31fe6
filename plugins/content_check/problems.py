"""A problem found in one content file, at one line."""

from dataclasses import dataclass

ERROR = "error"
WARNING = "warning"


@dataclass(frozen=True, order=True)
class Problem:
    path: str
    line: int
    severity: str
    message: str

    @property
    def is_error(self):
        return self.severity == ERROR

    def __str__(self):
        return f"{self.path}:{self.line}: {self.severity}: {self.message}"
