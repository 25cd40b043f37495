"""
One JSON line per request, for log search and dashboards.

Only what operating the site needs, and no personal data beyond it: the client
address is truncated to its network (IPv4 /24, IPv6 /48), the query string is
reduced to its parameter names (a search term may name a person), and no cookie,
header or user is written. Hostile requests cannot blow up a line: long paths and
long or many parameter names are cut short.

A streamed response (an export) is logged when it starts, with its status; should it
fail part way, a second line with `"event": "stream_aborted"` says so (core/streaming.py).
"""

import ipaddress
import json
import logging
import time
from urllib.parse import parse_qsl

logger = logging.getLogger("equity_site.requests")


def truncated_address(address):
    """The network a client address belongs to, never the address itself."""
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return None
    prefix = 24 if ip.version == 4 else 48
    return str(ipaddress.ip_network(f"{ip}/{prefix}", strict=False).network_address)


def query_param_names(query_string, limit=20, length=40):
    # Parsed here rather than through request.GET, which raises on too many fields
    # and would lose the log line of exactly the requests worth seeing.
    names = {name[:length] for name, _value in parse_qsl(query_string, keep_blank_values=True)}
    return sorted(names)[:limit]


def request_record(request, response, duration):
    match = request.resolver_match
    return {
        "event": "request",
        "method": request.method,
        "path": request.path[:300],
        "route": match.view_name if match else None,
        "query_params": query_param_names(request.META.get("QUERY_STRING", "")),
        "status": response.status_code,
        "duration_ms": round(duration * 1000, 1),
        "bytes": len(response.content) if not response.streaming else None,
        "client_network": truncated_address(request.META.get("REMOTE_ADDR", "")),
    }


def log_stream_aborted(request, items_sent, error):
    match = request.resolver_match
    record = {
        "event": "stream_aborted",
        "method": request.method,
        "path": request.path[:300],
        "route": match.view_name if match else None,
        "query_params": query_param_names(request.META.get("QUERY_STRING", "")),
        "items_sent": items_sent,
        "error": type(error).__name__,
        "client_network": truncated_address(request.META.get("REMOTE_ADDR", "")),
    }
    logger.error(json.dumps(record, ensure_ascii=False))


class RequestLogMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        started = time.perf_counter()
        response = self.get_response(request)
        record = request_record(request, response, time.perf_counter() - started)
        logger.info(json.dumps(record, ensure_ascii=False))
        return response
