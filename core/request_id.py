"""The id of the request being served, for audit rows written far from the view."""

from contextvars import ContextVar

_request_id: ContextVar[str] = ContextVar("request_id", default="")


def current_request_id() -> str:
    return _request_id.get()


def set_request_id(value: str):
    """Sets the id for the current context; returns the token to reset it with."""
    return _request_id.set(value)


def reset_request_id(token) -> None:
    _request_id.reset(token)
