"""axe-core finds no accessibility violations on any type of public page."""

import pytest

from .pages import check_each_page_type

# axe's default rule set: WCAG 2.x A and AA plus its best practices (not the experimental
# rules). Only violations are fetched; passes and incomplete checks are not reported.
AXE_RUN = "() => axe.run(document, {resultTypes: ['violations']})"


def describe(violations):
    """One line per rule and up to three offending elements each, for the failure message."""
    lines = []
    for violation in violations:
        lines.append(
            f"- {violation['id']} ({violation['impact']}): {violation['help']} "
            f"[{len(violation['nodes'])} element(s)] {violation['helpUrl']}"
        )
        for node in violation["nodes"][:3]:
            lines.append(f"    {' '.join(node['target'])}: {node['html'][:200]}")
    return "\n".join(lines)


@pytest.mark.browser
def test_axe_finds_no_violations_on_any_page_type(seeded, new_context, axe_script, subtests):
    # The site's Content-Security-Policy blocks an injected script, so this context (and
    # only this one: the path tests run under the real policy) bypasses it.
    page = new_context(bypass_csp=True).new_page()

    def no_violations(page, page_type):
        page.add_script_tag(path=axe_script)
        violations = page.evaluate(AXE_RUN)["violations"]
        assert not violations, f"axe on {page_type.path}:\n{describe(violations)}"

    check_each_page_type(page, subtests, no_violations)
