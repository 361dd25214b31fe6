"""Values as JSON-able data that is the same from one process to the next
(no memory addresses, no set order): what fingerprints and signatures hash."""

import json
from datetime import date, datetime

MAX_DEPTH = 8  # settings and stories are shallow; this only stops a cycle


def plain(value, special=None, depth=0):
    """`value` as plain data. `special(value, recurse)` may take over any
    value (return NotImplemented to decline); `recurse` continues inside."""
    if depth > MAX_DEPTH:
        return type(value).__qualname__

    def recurse(inner):
        return plain(inner, special, depth + 1)

    if special is not None:
        result = special(value, recurse)
        if result is not NotImplemented:
            return result
    if isinstance(value, str | int | float | bool) or value is None:
        return value
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
