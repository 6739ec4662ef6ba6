"""Typed errors, grouped by who must act on them (house rule 4).

- ``InputError``: the user sent something unusable; the CLI exits 2 with one line.
- ``PlanError``: a plan is malformed (unknown tool, cycle, bad reference); also user-facing.
- ``ToolError``: a tool could not do what was asked; goes back to the planner/reply as text.
- ``BackendError``: a model or library failed; ``retryable`` says whether trying again can help.
- ``ConfigError``: start-up stops, naming the key and the fix.

:func:`from_validation` turns a pydantic ``ValidationError`` into one of these, worded from
its first problem, so every edge words validation failures the same way.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable, Iterable, Mapping, Protocol, Sequence


class AtelierError(Exception):
    """Base of every error Atelier raises on purpose.

    ``message`` is for whoever must act (it names the setting or the fix); ``said``, when given,
    is how a player hears it, per language (``{"en": ..., "ko": ...}``): a reply never reads out
    a message with setting names, and a Korean turn hears Korean.
    """

    retryable: bool = False

    def __init__(self, message: str, *, retryable: bool | None = None, said: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.said = said
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


@dataclass(frozen=True)
class FieldProblem:
    """The first problem pydantic reported, in the pieces messages are made of.

    ``where`` is the dotted location (``"llm.base_url"``), or the caller's default at top level;
    ``cause`` is the exception a validator raised, when one did (pydantic wraps it).
    """

    where: str
    msg: str
    type: str
    loc: tuple[Any, ...] = ()
    input: Any = None
    cause: BaseException | None = None

    def fix(self, *, known: Iterable[str] = ()) -> str:
        """The fix in words: add a missing field, remove an unknown one, or fix a bad value."""
        if self.type == "missing":
            return f"add the required field {self.where!r}"
        if self.type == "extra_forbidden":
            return f"remove the unknown field {self.where!r} (known: {', '.join(known)})"
        return f"fix field {self.where!r}: {self.msg}"


class _HasErrors(Protocol):
    def errors(self) -> Sequence[Mapping[str, Any]]: ...


def first_problem(exc: _HasErrors, *, where: str = "input") -> FieldProblem:
    """The first error of a pydantic ``ValidationError`` (or FastAPI's ``RequestValidationError``)."""
    errors = exc.errors()
    if not errors:
        return FieldProblem(where=where, msg=f"invalid {where}", type="")
    first = errors[0]
    loc = tuple(first.get("loc", ()))
    return FieldProblem(where=".".join(str(part) for part in loc) or where, msg=str(first.get("msg", "")),
                        type=str(first.get("type", "")), loc=loc, input=first.get("input"),
                        cause=(first.get("ctx") or {}).get("error"))


def from_validation(exc: _HasErrors, *, error_type: type[AtelierError] = InputError,
                    message: str | Callable[[FieldProblem], str] = "{where}: {msg}",
                    where: str = "input") -> AtelierError:
    """The typed error for a validation failure, worded from its first problem.

    ``message`` is a format string over :class:`FieldProblem`'s fields (``{where}``, ``{msg}``,
    ``{type}``, ``{input}``) or a function of the problem. A validator that already raised
    ``error_type`` (e.g. ``Request``'s own ``InputError``) is returned as itself, unwrapped.
    Return value, not raise: the caller writes ``raise from_validation(exc, ...) from exc``.
    """
    problem = first_problem(exc, where=where)
    if isinstance(problem.cause, error_type):
        return problem.cause
    if callable(message):
        return error_type(message(problem))
    return error_type(message.format(where=problem.where, msg=problem.msg, type=problem.type, input=problem.input))
