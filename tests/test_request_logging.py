"""One JSON line per request, with nothing personal beyond what operating the site needs."""

import json
from unittest import TestCase

import pytest
from django.test import Client

from core.request_logging import query_param_names, truncated_address

pytestmark = pytest.mark.django_db


def logged(client, path, **extra):
    with TestCase().assertLogs("equity_site.requests", level="INFO") as captured:
        response = client.get(path, **extra)
    assert len(captured.records) == 1
    return response, json.loads(captured.records[0].getMessage())


def test_it_logs_one_json_line_per_request(client):
    response, line = logged(client, "/municipalities/")

    assert line["event"] == "request"
    assert (line["method"], line["path"], line["status"]) == ("GET", "/municipalities/", 200)
    assert line["route"] == "municipalities:list"
    assert line["duration_ms"] >= 0
    assert line["bytes"] == len(response.content)


def test_it_keeps_query_values_cookies_and_full_addresses_out(client):
    client.cookies["sessionid"] = "secret-session-value"
    _response, line = logged(
        client,
        "/search/?q=Anna+Andersson&page=2",
        REMOTE_ADDR="192.0.2.123",
        HTTP_USER_AGENT="Mozilla/5.0 (private)",
    )
    text = json.dumps(line)

    assert line["query_params"] == ["page", "q"]
    assert line["client_network"] == "192.0.2.0"
    for private in ("Anna", "Andersson", "192.0.2.123", "secret-session-value", "Mozilla"):
        assert private not in text


def test_it_logs_errors_and_not_found_pages_too(client):
    _response, line = logged(client, "/no-such-page/")
    assert line["status"] == 404
    assert line["route"] is None


def test_addresses_are_cut_to_their_network():
    assert truncated_address("203.0.113.77") == "203.0.113.0"
    assert truncated_address("2001:db8:1234:5678::1") == "2001:db8:1234::"
    assert truncated_address("not an address") is None


def test_hostile_query_strings_cannot_blow_up_a_line():
    names = query_param_names("&".join(f"{n}{'x' * 500}=1" for n in range(2000)))
    assert len(names) == 20
    assert all(len(name) == 40 for name in names)


def test_behind_nginx_it_logs_the_visitor_s_network_from_x_real_ip(settings):
    settings.TRUST_X_REAL_IP = True
    _response, line = logged(Client(), "/healthz", REMOTE_ADDR="", HTTP_X_REAL_IP="203.0.113.77")

    assert line["client_network"] == "203.0.113.0"


def test_without_the_proxy_setting_x_real_ip_is_ignored(settings):
    settings.TRUST_X_REAL_IP = False
    _response, line = logged(
        Client(), "/healthz", REMOTE_ADDR="192.0.2.5", HTTP_X_REAL_IP="203.0.113.77"
    )

    assert line["client_network"] == "192.0.2.0"
