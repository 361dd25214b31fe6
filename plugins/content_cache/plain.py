"""Values as JSON-able data that is the same from one process to the next
(no memory addresses, no set order): what fingerprints and signatures hash."""

import json
from datetime import date, datetime

MAX_DEPTH = 8  # settings and stories are shallow; this only stops a cycle
PRIMITIVES = (str, int, float, bool, type(None))


def plain(value, special=None):
    """`value` as plain data. `special(value, recurse)` may take over any
    value that is not a string, number, bool or None (return NotImplemented
    to decline); `recurse` continues inside."""
    depth = 0

    def recurse(inner):
        nonlocal depth
        if isinstance(inner, PRIMITIVES):  # most values: checked first
            return inner
        if depth > MAX_DEPTH:
            return type(inner).__qualname__
        depth += 1
        try:
            return _convert(inner, special, recurse)
        finally:
            depth -= 1

    return recurse(value)


def _convert(value, special, recurse):
    if special is not None:
        result = special(value, recurse)
        if result is not NotImplemented:
            return result
    if isinstance(value, dict):
        return {str(k): recurse(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [recurse(v) for v in value]
    if isinstance(value, set | frozenset):
        return sorted(json.dumps(recurse(v), sort_keys=True) for v in value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    if callable(value):
        name = getattr(value, "__qualname__", type(value).__name__)
        return f"{getattr(value, '__module__', '')}.{name}"
    kind = f"{type(value).__module__}.{type(value).__qualname__}"
    if hasattr(value, "__dict__"):  # e.g. a Markdown extension and its config
        return {kind: recurse(vars(value))}
    return f"{kind}:{value}"
