"""The archived raw page is served inert: nothing in it runs or loads from outside."""

import re

from search_cli.web.replay import REPLAY_CSP, inert_page

PAGE = """<html><head><base href="http://elsewhere.vn/">
<link rel="stylesheet" href="http://cdn.vn/s.css"><style>body{background:url(http://cdn.vn/b.png)}</style>
<script src="http://cdn.vn/x.js"></script><script>document.write('x')</script>
<meta http-equiv="refresh" content="0;url=http://cdn.vn/"></head>
<body onload="go()" background="http://cdn.vn/bg.png">
<p style="background:url(http://cdn.vn/i.png)">Khối thi đua Văn hóa</p>
<img src="http://cdn.vn/a.png" srcset="http://cdn.vn/a2.png 2x" alt="Hội nghị">
<a href="/tin/1.html">tin đã lưu</a> <a href="http://ngoai.vn/" onclick="x()">tin ngoài</a>
<iframe src="http://cdn.vn/f"></iframe><object data="http://cdn.vn/o"></object>
<form action="http://cdn.vn/s"><input type="image" src="http://cdn.vn/i"></form>
<svg><image href="http://cdn.vn/s.png"/></svg>
<video poster="http://cdn.vn/p.jpg"><source src="http://cdn.vn/v.mp4"></video>
</body></html>"""


def _inert(body: bytes) -> str:
    def archived(url):
        return "/bai/abc" if url == "http://hanam.gov.vn/tin/1.html" else None

    return inert_page(body, "http://hanam.gov.vn/a/b.html", archived, "Bản lưu từ hanam")


def test_nothing_that_loads_or_runs_survives():
    html = _inert(PAGE.encode("utf-8"))
    assert "cdn.vn" not in html
    assert not re.search(r"<(script|iframe|object|embed|link|meta|base|style|form)\b", html)
    assert not re.search(r"\son\w+=", html)
    assert "Khối thi đua Văn hóa" in html and "[ảnh: Hội nghị]" in html


def test_links_go_to_archived_copies_or_are_disabled():
    html = _inert(PAGE.encode("utf-8"))
    assert '<a href="/bai/abc" target="_top"' in html
    external = re.search(r"<a [^>]*>tin ngoài</a>", html).group(0)
    assert "href" not in external and "http://ngoai.vn/" in external  # kept in the tooltip


def test_the_banner_comes_before_the_page():
    html = _inert("<html><body><p>Cụm thi đua số 3</p></body></html>".encode())
    assert html.index("Bản lưu từ hanam") < html.index("Cụm thi đua số 3")


def test_an_empty_body_still_gives_a_page():
    assert "Bản lưu từ hanam" in _inert(b"")


def test_the_policy_forbids_every_request():
    assert "default-src 'none'" in REPLAY_CSP and "form-action 'none'" in REPLAY_CSP
    assert "http" not in REPLAY_CSP
