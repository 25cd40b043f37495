"""
Streamed responses that cannot pass off a failure as success.

A StreamingHttpResponse sends its status line and headers before its first item is
made, so a database outage used to become a "200" with only a header row, and a
failure halfway through looked like a complete, shorter file. `primed()` therefore:

- makes the first item before the response starts, so an outage raises inside the
  view and becomes the 503 page (core/health.py) and a 503 in the request log;
- logs a failure after that as a `stream_aborted` line in the request log and raises
  it again, so the server aborts the response (a chunked body without its end) instead
  of closing it as if complete.
"""

from core.request_logging import log_stream_aborted


def primed(items, request):
    """`items` with its first item made now; see the module docstring."""
    iterator = iter(items)
    try:
        first = next(iterator)
    except StopIteration:
        return iter(())
    return _reporting_failures(first, iterator, request)


def _reporting_failures(first, rest, request):
    yield first
    sent = 1
    try:
        for item in rest:
            yield item
            sent += 1
    except Exception as error:
        # GeneratorExit (the client went away) is not an Exception and passes through.
        log_stream_aborted(request, sent, error)
        raise
