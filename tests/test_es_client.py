"""Connection settings and the translation of client errors into one-line messages.

The exceptions are the client's own classes, built with a minimal response
meta: this tests our translation, it does not pretend to be a server.
"""

from __future__ import annotations

import pytest
from elastic_transport import ApiResponseMeta, HttpHeaders, NodeConfig
from elasticsearch import (
    ApiError,
    AuthenticationException,
    AuthorizationException,
    BadRequestError,
    ConnectionError,
    ConnectionTimeout,
    NotFoundError,
    SSLError,
    UnsupportedProductError,
)

from crawler.errors import ThiduaError, UsageError
from indexer.es.client import (
    EsAuthError,
    EsIndexMissing,
    EsMappingConflict,
    EsSettings,
    EsUnavailable,
    es_errors,
    translate,
)
from indexer.es.sync import BulkIndexFailed

URL = "http://localhost:9200"


def _meta(status: int) -> ApiResponseMeta:
    return ApiResponseMeta(status=status, http_version="1.1", headers=HttpHeaders(),
                           duration=0.0, node=NodeConfig("http", "localhost", 9200))


def _api(cls, status: int, kind: str, reason: str):
    body = {"error": {"type": kind, "reason": reason, "root_cause": []}, "status": status}
    return cls(kind, _meta(status), body)


def _one_line(err: ThiduaError) -> str:
    text = str(err)
    assert "\n" not in text
    return text


def test_unreachable_cluster_names_url_and_fix():
    err = translate(ConnectionError("refused"), URL)
    assert isinstance(err, EsUnavailable)
    text = _one_line(err)
    assert URL in text and "THIDUA_ES_URL" in text and "archive" in text


def test_timeout_and_tls_are_unavailable_too():
    assert isinstance(translate(ConnectionTimeout("slow"), URL), EsUnavailable)
    tls = translate(SSLError("bad cert"), URL)
    assert isinstance(tls, EsUnavailable) and "certificate" in str(tls)


def test_refused_credentials_name_the_env_vars():
    err = translate(_api(AuthenticationException, 401, "security_exception", "bad"), URL)
    assert isinstance(err, EsAuthError)
    assert "THIDUA_ES_API_KEY" in _one_line(err) and "THIDUA_ES_USER" in str(err)


def test_forbidden_names_the_index():
    exc = _api(AuthorizationException, 403, "security_exception", "action denied")
    err = translate(exc, URL, "thidua-articles")
    assert isinstance(err, EsAuthError) and "'thidua-articles'" in _one_line(err)


def test_missing_index_says_how_to_create_it():
    exc = _api(NotFoundError, 404, "index_not_found_exception", "no such index")
    err = translate(exc, URL, "thidua-articles")
    assert isinstance(err, EsIndexMissing)
    assert "thidua index --backend es" in _one_line(err)


def test_mapping_conflict_says_rebuild():
    exc = _api(BadRequestError, 400, "mapper_parsing_exception", "failed to parse [published]")
    err = translate(exc, URL, "thidua-articles")
    assert isinstance(err, EsMappingConflict)
    text = _one_line(err)
    assert "failed to parse [published]" in text and "--rebuild" in text


def test_illegal_argument_is_a_mapping_conflict_only_when_about_mappings():
    mapper = _api(BadRequestError, 400, "illegal_argument_exception",
                  "mapper [bloc] cannot be changed from type [keyword] to [text]")
    other = _api(BadRequestError, 400, "illegal_argument_exception",
                 "Result window is too large")
    assert isinstance(translate(mapper, URL), EsMappingConflict)
    assert not isinstance(translate(other, URL), EsMappingConflict)
    assert "Result window is too large" in str(translate(other, URL))


def test_version_header_rejection_names_supported_versions():
    exc = _api(BadRequestError, 400, "media_type_header_exception", "Invalid media-type")
    assert "8.x and 9.x" in _one_line(translate(exc, URL))


def test_not_elasticsearch():
    exc = UnsupportedProductError("not es", _meta(200), {})
    assert "not a supported Elasticsearch" in _one_line(translate(exc, URL))


def test_other_api_errors_keep_status_and_reason():
    exc = _api(ApiError, 503, "cluster_block_exception", "blocked by: [SERVICE_UNAVAILABLE]")
    text = _one_line(translate(exc, URL))
    assert "503" in text and "SERVICE_UNAVAILABLE" in text


def test_es_errors_reraises_as_thidua_error_chained():
    with pytest.raises(EsUnavailable) as info, es_errors(URL):
        raise ConnectionError("refused")
    assert isinstance(info.value.__cause__, ConnectionError)


def test_es_errors_lets_other_exceptions_through():
    with pytest.raises(KeyError), es_errors(URL):
        raise KeyError("x")


def test_settings_from_env_prefers_explicit_url_and_api_key():
    env = {"THIDUA_ES_URL": "http://env:9200", "THIDUA_ES_API_KEY": "k",
           "THIDUA_ES_USER": "u", "THIDUA_ES_PASSWORD": "p"}
    settings = EsSettings.from_env("http://flag:9200", env=env)
    kwargs = settings.client_kwargs()
    assert kwargs["hosts"] == ["http://flag:9200"]
    assert kwargs["api_key"] == "k" and "basic_auth" not in kwargs
    assert 503 in kwargs["retry_on_status"]


def test_settings_basic_auth_from_env():
    env = {"THIDUA_ES_URL": "http://env:9200", "THIDUA_ES_USER": "u",
           "THIDUA_ES_PASSWORD": "p"}
    kwargs = EsSettings.from_env(env=env).client_kwargs()
    assert kwargs["hosts"] == ["http://env:9200"] and kwargs["basic_auth"] == ("u", "p")


def test_settings_without_url_is_a_usage_error():
    with pytest.raises(UsageError, match="THIDUA_ES_URL"):
        EsSettings.from_env(env={})


def test_user_without_password_is_a_usage_error():
    with pytest.raises(UsageError, match="together"):
        EsSettings.from_env(env={"THIDUA_ES_URL": URL, "THIDUA_ES_USER": "u"})


def test_bulk_failure_carries_ids_and_one_line_message():
    err = BulkIndexFailed({"abc": "400 mapper_parsing_exception: bad date", "def": "x"}, 7)
    assert err.failed == {"abc": "400 mapper_parsing_exception: bad date", "def": "x"}
    assert err.indexed == 7
    text = _one_line(err)
    assert "2 articles not indexed" in text and "abc" in text and "--rebuild" in text


def test_contract_hook_uses_a_throwaway_alias_never_the_real_one():
    from elasticsearch import Elasticsearch

    from indexer.es.backend import EsBackend, make_es_backend

    client = Elasticsearch("http://127.0.0.1:9")
    hook = make_es_backend(None, es_url="http://127.0.0.1:9", client=client)
    real = EsBackend(None, url="http://127.0.0.1:9", client=client)
    assert hook.alias.startswith("thidua-test-") and hook.alias != real.alias
    assert real.alias == "thidua-articles" and real.url == "http://127.0.0.1:9"
