"""Connecting to Elasticsearch, and turning its failures into one-line ThiduaErrors.

Settings come from the environment (THIDUA_ES_URL, THIDUA_ES_API_KEY, or
THIDUA_ES_USER / THIDUA_ES_PASSWORD) or from explicit arguments (``--es URL``).
Every call to the cluster goes through ``es_errors``, so the CLI never shows a
transport traceback: it shows what went wrong and what to do about it.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from elasticsearch import (
    ApiError,
    AuthenticationException,
    AuthorizationException,
    BadRequestError,
    ConnectionError,
    ConnectionTimeout,
    Elasticsearch,
    NotFoundError,
    SSLError,
    TransportError,
    UnsupportedProductError,
)

from crawler.errors import ThiduaError, UsageError

REBUILD_HINT = "run `thidua index --backend es --rebuild`"
INDEX_HINT = "run `thidua index --backend es`"
MAPPING_ERRORS = frozenset({
    "mapper_parsing_exception", "document_parsing_exception",
    "strict_dynamic_mapping_exception",
})


class EsError(ThiduaError):
    """An Elasticsearch failure, with the cause and the fix in its one-line message."""


class EsUnavailable(EsError):
    """The cluster cannot be reached; nothing was lost, the archive keeps the articles."""


class EsAuthError(EsError):
    """The cluster refused the credentials or the privileges."""


class EsIndexMissing(EsError):
    """The alias/index does not exist yet."""


class EsMappingConflict(EsError):
    """The index was built with another mapping than this version expects."""


@dataclass(frozen=True)
class EsSettings:
    """Where and how to connect; ``from_env`` fills the gaps from THIDUA_ES_*."""

    url: str
    api_key: str | None = None
    user: str | None = None
    password: str | None = None
    request_timeout: float = 30.0
    max_retries: int = 3

    @classmethod
    def from_env(cls, url: str | None = None, env: Mapping[str, str] | None = None,
                 **overrides: Any) -> EsSettings:
        env = os.environ if env is None else env
        url = url or env.get("THIDUA_ES_URL")
        if not url:
            raise UsageError("no Elasticsearch URL: set THIDUA_ES_URL or pass --es URL")
        user = env.get("THIDUA_ES_USER")
        password = env.get("THIDUA_ES_PASSWORD")
        if bool(user) != bool(password):
            raise UsageError("THIDUA_ES_USER and THIDUA_ES_PASSWORD must be set together")
        return cls(url=url, api_key=env.get("THIDUA_ES_API_KEY") or None,
                   user=user or None, password=password or None, **overrides)

    def client_kwargs(self) -> dict[str, Any]:
        """Keyword arguments for ``Elasticsearch(...)``; the API key wins over basic auth.

        Transport-level retries cover connection errors, timeouts and 429/5xx
        answers to single requests; bulk items are retried by ``sync``.
        """
        kwargs: dict[str, Any] = {
            "hosts": [self.url],
            "request_timeout": self.request_timeout,
            "max_retries": self.max_retries,
            "retry_on_timeout": True,
            "retry_on_status": (429, 502, 503, 504),
        }
        if self.api_key:
            kwargs["api_key"] = self.api_key
        elif self.user:
            kwargs["basic_auth"] = (self.user, self.password)
        return kwargs


def connect(settings: EsSettings) -> Elasticsearch:
    """A client for the cluster, checked with one request so failures show up here."""
    client = Elasticsearch(**settings.client_kwargs())
    with es_errors(settings.url):
        client.info()
    return client


def _error_type(exc: ApiError) -> str:
    body = exc.body if isinstance(exc.body, dict) else {}
    error = body.get("error")
    return error.get("type", "") if isinstance(error, dict) else ""


def _reason(exc: BaseException) -> str:
    if isinstance(exc, ApiError):
        body = exc.body if isinstance(exc.body, dict) else {}
        error = body.get("error")
        if isinstance(error, dict):
            return str(error.get("reason") or error.get("type") or exc.message)
        return str(exc.message)
    return str(exc)


def translate(exc: BaseException, url: str, index: str | None = None) -> EsError:
    """One ThiduaError naming the cause and the fix, for a client exception."""
    where = f"Elasticsearch at {url}"
    target = f"index {index!r}" if index else "the index"
    if isinstance(exc, SSLError):
        return EsUnavailable(f"TLS handshake with {where} failed ({_reason(exc)}): "
                             "check the https URL and the cluster's CA certificate")
    if isinstance(exc, ConnectionTimeout):
        return EsUnavailable(f"{where} timed out: check the cluster's health; "
                             "unindexed articles stay in the archive for the next sync")
    if isinstance(exc, ConnectionError):
        return EsUnavailable(f"{where} is unreachable: start the cluster or fix "
                             "THIDUA_ES_URL / --es; unindexed articles stay in the archive")
    if isinstance(exc, UnsupportedProductError):
        return EsError(f"{url} is not a supported Elasticsearch server: "
                       "use Elasticsearch 8.x or 9.x")
    if isinstance(exc, AuthenticationException):
        return EsAuthError(f"{where} refused the credentials: set THIDUA_ES_API_KEY, "
                           "or THIDUA_ES_USER and THIDUA_ES_PASSWORD")
    if isinstance(exc, AuthorizationException):
        return EsAuthError(f"{where} denied access to {target} ({_reason(exc)}): grant the "
                           "user read/write/manage on thidua-articles*")
    if isinstance(exc, NotFoundError) and _error_type(exc) == "index_not_found_exception":
        return EsIndexMissing(f"{target} does not exist on {where}: {INDEX_HINT}")
    if isinstance(exc, BadRequestError):
        kind = _error_type(exc)
        if kind == "media_type_header_exception":
            return EsError(f"{where} rejected the client's version headers: "
                           "thidua supports Elasticsearch 8.x and 9.x")
        mapping_arg = kind == "illegal_argument_exception" and "mapp" in _reason(exc).lower()
        if kind in MAPPING_ERRORS or mapping_arg:
            return EsMappingConflict(f"mapping conflict in {target} ({_reason(exc)}): "
                                     f"{REBUILD_HINT}")
    if isinstance(exc, ApiError):
        return EsError(f"{where} answered {exc.meta.status} ({_reason(exc)})")
    return EsError(f"{where} failed: {_reason(exc)}")


@contextmanager
def es_errors(url: str, index: str | None = None) -> Iterator[None]:
    """Re-raise any client exception inside the block as its one-line EsError."""
    try:
        yield
    except (ApiError, TransportError) as exc:
        raise translate(exc, url, index) from exc
