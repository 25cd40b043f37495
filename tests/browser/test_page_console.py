"""Every page type loads under the site's real Content-Security-Policy with a clean console."""

import pytest

from .pages import check_each_page_type


def logged(message):
    # Chromium's "Failed to load resource" names no URL; failed() reports those instead.
    return message.type == "error" and not message.text.startswith("Failed to load resource")


def failed(response):
    """A stylesheet, image or script the page asked for that did not load."""
    if response.status >= 400 and response.request.resource_type != "document":
        return f"{response.request.resource_type} {response.url} answered {response.status}"
    return None


@pytest.mark.browser
def test_no_page_type_logs_a_console_error(seeded, page, subtests):
    # A script or inline style blocked by the CSP, or a malformed SVG attribute, is logged
    # as a console error and nowhere else; the rendered page may just look wrong.
    errors = []
    page.on("console", lambda message: errors.append(message.text) if logged(message) else None)
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("response", lambda r: errors.append(failed(r)) if failed(r) else None)

    def clean_console(page, page_type):
        assert not errors, f"console on {page_type.path}:\n" + "\n".join(
            f"- {error}" for error in sorted(set(errors))
        )

    check_each_page_type(page, subtests, clean_console, before=errors.clear)
