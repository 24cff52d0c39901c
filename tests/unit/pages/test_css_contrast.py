"""Every colour static/app.css declares, against what it is drawn on (WCAG 2.1): text 4.5:1
(1.4.3), graphics and the focus ring 3:1 (1.4.11). axe-core checks the pages as rendered
(tests/browser/conformance); this checks the stylesheet's own pairs, including states axe
does not see (hover, focus)."""
from pathlib import Path

import tinycss2
from tinycss2.color3 import parse_color

CSS = Path(__file__).resolve().parents[3] / "static" / "app.css"
WHITE, BODY_TEXT, UN_BLUE = "#fff", "#212529", "#1b4f8a"  # Bootstrap's page, its text; the navbar
TEXT, GRAPHIC = 4.5, 3.0


def luminance(colour) -> float:
    rgba = parse_color(colour) if isinstance(colour, str) else colour
    assert rgba.alpha == 1, f"{colour}: a translucent colour's contrast depends on what is behind"

    def linear(c):
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4
    return 0.2126 * linear(rgba.red) + 0.7152 * linear(rgba.green) + 0.0722 * linear(rgba.blue)


def contrast(a, b) -> float:
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def rules():
    """(selector, {property: colour}) of every rule of app.css that declares a colour."""
    sheet = tinycss2.parse_stylesheet(CSS.read_text(), skip_comments=True, skip_whitespace=True)
    for rule in sheet:
        if rule.type != "qualified-rule":
            continue
        colours = {}
        for decl in tinycss2.parse_blocks_contents(rule.content, skip_comments=True,
                                                   skip_whitespace=True):
            if decl.type != "declaration":
                continue
            for token in decl.value:
                colour = parse_color(token)
                if colour is not None and not isinstance(colour, str):
                    colours[decl.lower_name] = colour
        if colours:
            yield tinycss2.serialize(rule.prelude).strip(), colours


def pairs():
    """(selector, what, foreground, background, needed) for every colour declared."""
    for selector, c in rules():
        background = c.get("background") or c.get("background-color")
        if "color" in c or "--bs-navbar-color" in c:
            fg = c.get("color") or c["--bs-navbar-color"]
            bg = background or (UN_BLUE if ".bg-un" in selector else WHITE)
            yield selector, "text", fg, bg, TEXT
        elif background is not None:  # body text on a coloured cell, chip or panel
            text = WHITE if ".bg-un" in selector else BODY_TEXT  # the navbar's text is white
            yield selector, "text on it", text, background, TEXT
        if "fill" in c:  # SVG: text is text; bars and dots are graphics, outlined in #212529
            needed = TEXT if "text" in selector or ".tick" in selector else GRAPHIC
            yield selector, "fill", c["fill"], WHITE, needed if ".bg-" not in selector else 1
        if "stroke" in c:
            yield selector, "stroke", c["stroke"], WHITE, GRAPHIC if ".grid" not in selector \
                else 1  # grid lines are decoration
        if "outline" in c:  # the focus ring: one of its two rings stands out on every background
            for bg in (WHITE, UN_BLUE):
                rings = [c["outline"], c.get("box-shadow", c["outline"])]
                best = max(contrast(ring, bg) for ring in rings)
                yield selector, f"focus ring on {bg}", None, bg, (GRAPHIC, best)


def test_every_colour_pair_in_app_css_has_enough_contrast():
    checked, failing = 0, []
    for selector, what, fg, bg, needed in pairs():
        if isinstance(needed, tuple):
            needed, ratio = needed
        else:
            ratio = contrast(fg, bg)
        checked += 1
        if ratio < needed:
            failing.append(f"{selector} ({what}): {ratio:.2f}:1, needs {needed}:1")
    print(f"\napp.css: {checked} colour pairs checked, {len(failing)} below WCAG 2.1 AA")
    assert checked > 20
    assert not failing, "\n".join(failing)


def test_the_contrast_formula_on_known_pairs():
    assert round(contrast("#000", "#fff"), 1) == 21.0
    assert round(contrast("#98b0ca", UN_BLUE), 2) == 3.71  # the old navigation links
    assert round(contrast(WHITE, UN_BLUE), 1) == 8.3
