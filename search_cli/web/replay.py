"""An archived raw page made inert for reading: nothing in it runs or reaches out.

The page is replayed from its WARC record, so a reader sees what the crawler
saw. Served as it was, it would run the portal's scripts and fetch its
images, fonts, trackers and frames from the internet: the reader's machine
would call the portal on every view. So the page is cleaned (lxml_html_clean:
scripts, event handlers, styles, frames, objects, forms, meta refreshes
removed), every remaining reference that would load something is dropped,
and links are rewritten: to the archived copy when the archive holds the
target, else disabled (the address kept in the tooltip). The response's
Content-Security-Policy (``REPLAY_CSP``) forbids any request the cleaning
might have missed.
"""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urljoin

from lxml import html as lxml_html
from lxml_html_clean import Cleaner

from crawler.extract.decode import decode_html

# Nothing may be fetched, run, framed or submitted; inline styles of the banner only.
REPLAY_CSP = ("default-src 'none'; style-src 'unsafe-inline'; img-src data:; "
              "form-action 'none'; base-uri 'none'; frame-ancestors 'self'; "
              "sandbox allow-top-navigation-by-user-activation")
# Attributes that load something when the page is shown (or a link is followed).
_LOADING = ("src", "srcset", "lowsrc", "dynsrc", "background", "poster", "action",
            "formaction", "data", "codebase", "longdesc", "usemap", "ping", "cite",
            "manifest", "xlink:href", "{http://www.w3.org/1999/xlink}href")
_CLEANER = Cleaner(scripts=True, javascript=True, comments=True, style=True,
                   inline_style=True, links=True, meta=True, page_structure=False,
                   processing_instructions=True, embedded=True, frames=True, forms=True,
                   annoying_tags=True, remove_unknown_tags=False, safe_attrs_only=True,
                   add_nofollow=False)
_BANNER_STYLE = ("font:14px sans-serif;background:#fff3c4;color:#222;padding:8px 12px;"
                 "border-bottom:2px solid #c9a400;margin:0 0 8px")


def inert_page(body: bytes, url: str, archived: Callable[[str], str | None],
               banner: str) -> str:
    """The archived page as inert HTML, with a banner naming what it is.

    Args:
        body: the response body as archived.
        url: the address it was fetched from (links are resolved against it).
        archived: the local address of the archived copy of a URL, or None.
        banner: one line of plain text shown above the page.
    """
    text = decode_html(body)
    try:
        root = lxml_html.document_fromstring(text)
    except Exception:  # lxml refuses empty or non-HTML bodies (ParserError, ValueError)
        root = lxml_html.document_fromstring("<html><body><pre></pre></body></html>")
        root.find(".//pre").text = text
    root = _CLEANER.clean_html(root)
    for base in root.iter("base"):
        base.drop_tree()
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        for name in _LOADING:
            element.attrib.pop(name, None)
        if element.tag == "img":
            element.tag = "span"
            element.text = f"[ảnh: {element.get('alt') or 'không có mô tả'}]"
        if element.tag != "a":
            element.attrib.pop("href", None)
        elif "href" in element.attrib:
            _rewrite_link(element, url, archived)
    body_element = root.find("body")
    if body_element is None:
        body_element = lxml_html.Element("body")
        root.append(body_element)
    note = lxml_html.Element("p", style=_BANNER_STYLE)
    note.text = banner
    body_element.insert(0, note)
    return "<!DOCTYPE html>\n" + lxml_html.tostring(root, encoding="unicode")


def _rewrite_link(element: lxml_html.HtmlElement, base: str,
                  archived: Callable[[str], str | None]) -> None:
    target = urljoin(base, element.attrib.pop("href"))
    local = archived(target) if target.startswith("http") else None
    if local:
        element.set("href", local)
        element.set("target", "_top")
        element.set("title", f"Bản lưu của {target}")
    else:
        element.set("title", f"Liên kết ngoài, đã tắt: {target}")
        element.set("class", "thidua-tat")
