"""Exercise rules every channel shares (the schema, the API, the widget, the CLI and the bot), stated once:
the level range and the hints an exercise has."""

from __future__ import annotations

MIN_LEVEL = 1
MAX_LEVEL = 5  # a single digit: exercise ids start with `L<level>-`
HINTS_PER_EXERCISE = 3  # from gentle to specific


def is_level(level: int) -> bool:
    """Whether exercises can have this level."""
    return MIN_LEVEL <= level <= MAX_LEVEL


def next_hint(shown: int) -> int | None:
    """The hint to show after `shown` hints (numbered from 1); None once every hint has been shown."""
    return shown + 1 if shown < HINTS_PER_EXERCISE else None
