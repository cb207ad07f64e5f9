"""A small exception tree whose messages say what happened and what to do.

Server text is carried in `detail` exactly as received and folded into `str(error)` only
through `printable()`, so no terminal escape reaches a screen. No secret ever goes in.
"""

from __future__ import annotations

from .text import printable


class MaiaError(Exception):
    """Base of everything the client raises on purpose."""

    hint = ""

    def __init__(
        self,
        message: str,
        *,
        status: int | None = None,
        detail: str | None = None,
        host: str | None = None,
        hint: str | None = None,
    ) -> None:
        self.message = message
        self.status = status
        self.detail = detail
        self.host = host
        if hint is not None:
            self.hint = hint
        super().__init__(self.__str__())

    @property
    def title(self) -> str:
        """One short line, e.g. for a status bar."""
        return self.message

    def __str__(self) -> str:
        text = self.message
        if self.detail:
            text += f": {printable(self.detail)}"
        if self.hint:
            text = text.rstrip(". ") + f". {self.hint}"
        return text


class InsecureTransport(MaiaError):
    """A configuration that would send a secret over plain HTTP."""

    def __init__(self, message: str) -> None:
        super().__init__(message)


class ConfigurationError(MaiaError):
    """A setting (e.g. from the environment) that cannot be used."""

    hint = "Fix the setting and try again"


class CredentialsRefused(MaiaError):
    hint = "Check the client id and secret (a secret is shown only once, when it is created)"


class Unauthorized(MaiaError):
    hint = "The token was refused even after a fresh one was fetched; log in again"


class Forbidden(MaiaError):
    hint = (
        "The credential lacks a role for this (give it a project or environment role), "
        "or this machine's IP address is not on the account's allow list"
    )


class NotFound(MaiaError):
    hint = "If this is the projects list, the account probably lives in another region (eu1 or us1)"


class BadRequest(MaiaError):
    hint = "The request was refused as invalid"


class RateLimited(MaiaError):
    hint = "The API allows 1000 requests a minute; wait a moment and try again"

    def __init__(self, message: str, *, retry_after: float | None = None, **kwargs: object) -> None:
        self.retry_after = retry_after
        super().__init__(message, **kwargs)  # type: ignore[arg-type]


class ServerError(MaiaError):
    hint = "The service had a problem; try again shortly"


class NetworkError(MaiaError):
    hint = "Check the network, a proxy (HTTPS_PROXY) or the URL"


class TLSError(NetworkError):
    hint = (
        "The server's certificate could not be verified. If a proxy or private deployment uses "
        "its own certificate authority, configure its CA bundle (--ca-bundle or MAIA_CA_BUNDLE)"
    )


class RequestTimeout(NetworkError):
    hint = "The server did not answer in time; check the network or try again"


class InvalidResponse(MaiaError):
    hint = "The server's answer was not what the Maia API sends; a proxy or captive portal may be in the way"


class RunConflict(MaiaError):
    """409 on a run: a run with the same execution tag is already running in that environment."""

    hint = "Wait for that run to finish, or run again with another execution tag (an empty tag field gets a new one)"


class PipelineDisabled(MaiaError):
    """410 on a run."""

    hint = "The pipeline is disabled: enable it in the Designer (or publish it again), then run it"


class AlreadyFinished(MaiaError):
    """409 on a cancel: the execution is no longer running."""

    hint = "There is nothing to cancel; reload the run to see how it ended"


class OutcomeUnknown(NetworkError):
    """A write (run, cancel) was sent but no answer came back, and sending it again could do it
    twice: the server may or may not have carried it out."""

    hint = "It may have been carried out: reload and check before trying again"
