"""The publish stage's one error type, and how it tells the user something that is not an error."""

from __future__ import annotations

from collections.abc import Callable

from generator.problems import CtoportalError


class PublishError(CtoportalError):
    pass


Notify = Callable[[str], None]
"""Says something the user should know that is not an error (a publish made again on top of another)."""


def quiet(message: str) -> None:
    pass
