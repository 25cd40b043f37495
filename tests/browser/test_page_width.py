"""No public page scrolls sideways on a small phone, a large phone or a laptop, and no
chart's text shrinks below 12 px.

Every page type in both languages, with the chart tables behind "Show the numbers as a
table" opened: wide tables scroll inside their own box, never the page.
"""

import pytest

from .pages import BOTH_LANGUAGES, check_each_page_type

WIDTHS = [320, 390, 1366]

OPEN_EVERY_DETAILS = "() => document.querySelectorAll('details').forEach(d => { d.open = true; })"
# The page's width beyond the window, and the outermost elements that stick out (ignoring
# those inside a box that scrolls on its own), to say what to fix.
OVERFLOW = """() => {
  const width = document.documentElement.clientWidth;
  const scrolls = (e) => ['auto', 'scroll'].includes(getComputedStyle(e).overflowX);
  const inScrollBox = (e) => {
    for (let p = e.parentElement; p; p = p.parentElement) if (scrolls(p)) return true;
    return false;
  };
  const out = Array.from(document.querySelectorAll('body *')).filter(
    (e) => e.getBoundingClientRect().right > width + 0.5 && !inScrollBox(e)
  );
  const outermost = out.filter((e) => !out.includes(e.parentElement));
  return {
    excess: document.documentElement.scrollWidth - width,
    culprits: outermost.slice(0, 5).map(
      (e) => `${e.tagName.toLowerCase()}${e.className ? '.' + e.className : ''}`
        + ` right edge ${Math.round(e.getBoundingClientRect().right)}px`
    ),
  };
}"""


# The size each visible chart label is drawn at, in CSS pixels: the SVG scales its text.
CHART_TEXT_PX = """() => Array.from(document.querySelectorAll('.chart svg text'))
  .filter((text) => text.getClientRects().length)
  .map((text) => [
    text.textContent,
    text.getScreenCTM().a * parseFloat(text.getAttribute('font-size')),
  ])"""


@pytest.mark.browser
@pytest.mark.parametrize("width", WIDTHS)
def test_no_page_scrolls_sideways(seeded, new_context, subtests, width):
    page = new_context(viewport={"width": width, "height": 800}).new_page()

    def fits(page, page_type):
        page.evaluate(OPEN_EVERY_DETAILS)
        overflow = page.evaluate(OVERFLOW)
        assert overflow["excess"] <= 0, (
            f"{page_type.path} is {overflow['excess']}px wider than a {width}px window: "
            + "; ".join(overflow["culprits"])
        )
        small = [(text, round(px, 1)) for text, px in page.evaluate(CHART_TEXT_PX) if px < 12]
        assert not small, f"chart text under 12px on {page_type.path} at {width}px: {small}"

    check_each_page_type(page, subtests, fits, page_types=BOTH_LANGUAGES)
