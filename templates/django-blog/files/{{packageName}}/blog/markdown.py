"""Markdown to HTML that is safe to show: rendered, then sanitised with an allowlist.

Markdown allows raw HTML, so the rendered output is passed through nh3 (the
Rust ``ammonia`` sanitiser): scripts, event handlers, ``javascript:`` URLs and
anything not in the allowlist below are removed before the HTML is stored.
"""

import markdown as md
import nh3

ALLOWED_TAGS = {
    "a", "abbr", "blockquote", "br", "code", "del", "em", "h1", "h2", "h3", "h4", "h5", "h6",
    "hr", "img", "li", "ol", "p", "pre", "strong", "table", "tbody", "td", "th", "thead", "tr",
    "ul",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "abbr": {"title"},
    "img": {"src", "alt", "title"},
    "code": {"class"},
    "th": {"align"},
    "td": {"align"},
}
ALLOWED_URL_SCHEMES = {"http", "https", "mailto"}
EXTENSIONS = ["fenced_code", "tables", "sane_lists"]


def render_markdown(text: str) -> str:
    """Render Markdown to sanitised HTML."""
    html = md.markdown(text, extensions=EXTENSIONS, output_format="html")
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_URL_SCHEMES,
        link_rel="noopener noreferrer nofollow",
    )
