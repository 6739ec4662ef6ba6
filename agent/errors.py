"""Typed errors, grouped by who must act on them (house rule 4).

- ``InputError``: the user sent something unusable; the CLI exits 2 with one line.
- ``PlanError``: a plan is malformed (unknown tool, cycle, bad reference); also user-facing.
- ``ToolError``: a tool could not do what was asked; goes back to the planner/reply as text.
- ``BackendError``: a model or library failed; ``retryable`` says whether trying again can help.
- ``ConfigError``: start-up stops, naming the key and the fix.
"""

from __future__ import annotations


class AtelierError(Exception):
    """Base of every error Atelier raises on purpose."""

    retryable: bool = False

    def __init__(self, message: str, *, retryable: bool | None = None) -> None:
        super().__init__(message)
        self.message = message
        if retryable is not None:
            self.retryable = retryable

    @property
    def type(self) -> str:
        return type(self).__name__


class InputError(AtelierError, ValueError):
    """Bad user input: empty, too long, binary, unsupported upload."""


class PlanError(AtelierError, ValueError):
    """A plan that cannot run: unknown tool, cycle, missing or ill-typed reference."""


class ArtifactNotFound(PlanError):
    """A ``$artifact`` id that the store does not hold (for this session's user)."""


class ToolError(AtelierError):
    """A tool refused or failed on its input; the message is meant for the planner and user."""


class BackendError(AtelierError):
    """A model/library failure inside a tool backend."""


class StepTimeout(AtelierError):
    """A step ran past its time limit."""

    retryable = True


class Cancelled(AtelierError):
    """The turn or job was cancelled by the user."""


class ConfigError(AtelierError):
    """A configuration value is wrong; the message names the key and the fix."""
