"""Real article texts wrapped in portal-shaped pages of our own writing.

The real development set (tests/gold/real/labels.jsonl) keeps only URLs and
labels; the texts stay outside the repository (``/work/real/extraction``,
``<id>.txt``, as the search tool returned them). To score them through the
real pipeline, each text is put into a page the way portals frame articles:
a header line with *today's* date, a menu, a breadcrumb, the title, the text,
a related-news list whose entries are bloc-news titles with dates, and a
footer. Everything around the text is ours; three frame shapes rotate (by the
page id) so that no single class name or heading decides the result.
"""

from __future__ import annotations

import hashlib
import html
import json
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

# The day the pages are "fetched": the today's-date header shows it.
FETCHED_AT = "2026-12-01T10:00:00+07:00"
FETCH_DAY = date(2026, 12, 1)
LABELS = Path(__file__).resolve().parents[1] / "tests" / "gold" / "real" / "labels.jsonl"

# Related-news entries (our writing): titles that look like bloc news, with
# dates, so that taking them as text or as the date would show.
RELATED = (
    ("Khối thi đua các cơ quan tổng hợp ký kết giao ước thi đua năm 2025", "12/03/2025"),
    ("Cụm thi đua số 4 sơ kết công tác thi đua 6 tháng đầu năm", "18/07/2024"),
    ("Trao Cờ thi đua cho các đơn vị dẫn đầu khối năm 2023", "09/01/2024"),
    ("Hội thao truyền thống khối các cơ quan tỉnh lần thứ X", "20/08/2024"),
    ("Triển khai kế hoạch phát triển kinh tế - xã hội quý IV", "02/10/2024"),
    ("Giao ban công tác dân vận các xã vùng biên", "15/05/2024"),
    ("Khối thi đua Văn hóa - Xã hội bàn giao nhiệm vụ Trưởng khối", "27/12/2023"),
    ("Kiểm tra chéo công tác thi đua giữa các huyện trong cụm", "06/11/2024"),
)
_MENU = ("Trang chủ", "Giới thiệu", "Tin tức - Sự kiện", "Thi đua - Khen thưởng",
         "Văn bản", "Thủ tục hành chính", "Liên hệ")
_WEEKDAY = ("Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ Nhật")


@dataclass(frozen=True)
class RealPage:
    """One labelled real page: its label row, its text and the page built around it."""

    label: dict[str, Any]
    text: str
    html: str
    related: tuple[str, ...]


def load_labels(path: Path = LABELS) -> list[dict[str, Any]]:
    """The label rows (one JSON object per line)."""
    with open(path, encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def _today(shape: int) -> str:
    d = FETCH_DAY
    if shape == 0:
        return f"{_WEEKDAY[d.weekday()]}, ngày {d.day} tháng {d.month} năm {d.year}"
    if shape == 1:
        return f"{_WEEKDAY[d.weekday()]}, {d:%d/%m/%Y}"
    weekday = _WEEKDAY[d.weekday()].lower().capitalize()
    return f"{weekday}, Ngày {d.day} Tháng {d.month} Năm {d.year}"


def _related(seed: int) -> list[tuple[str, str]]:
    start = seed % len(RELATED)
    return [RELATED[(start + i) % len(RELATED)] for i in range(4)]


def _esc(text: str) -> str:
    return html.escape(text, quote=False)


def _parts(text: str, title_line: int | None) -> tuple[list[str], str | None, list[str]]:
    """(lines before the title, the title, body lines) of a text."""
    lines = [line.strip() for line in text.split("\n") if line.strip()]
    if not title_line:
        return [], None, lines
    return lines[:title_line - 1], lines[title_line - 1], lines[title_line:]


def wrap(text: str, label: dict[str, Any]) -> tuple[str, tuple[str, ...]]:
    """The portal-shaped page around ``text`` and the related titles it lists."""
    seed = int(hashlib.sha1(label["id"].encode()).hexdigest()[:8], 16)
    shape = seed % 3
    before, title, body = _parts(text, label.get("title_line"))
    related = _related(seed)
    menu = "".join(f'<li><a href="/m{i}">{_esc(m)}</a></li>' for i, m in enumerate(_MENU))
    pre = "".join(f"<div>{_esc(line)}</div>" for line in before)
    paras = "".join(f"<p>{_esc(line)}</p>" for line in body)
    page_title = f"{_esc(title)} - Cổng thông tin điện tử" if title else "Cổng thông tin điện tử"
    if shape == 0:
        heading = f'<h1 class="title">{_esc(title)}</h1>' if title else ""
        rel = "".join(f'<li><a href="/r{i}">{_esc(t)}</a> ({d})</li>'
                      for i, (t, d) in enumerate(related))
        main = (f'<div class="ms-header"><span class="today">{_today(0)}</span></div>'
                f'<ul class="menu-top">{menu}</ul><div class="breadcrumb">Trang chủ » Tin tức</div>'
                f'<div class="article-content">{pre}{heading}<div class="body">{paras}</div></div>'
                f'<div class="tin-khac"><h3>Tin khác</h3><ul>{rel}</ul></div>')
    elif shape == 1:
        heading = f"<h1>{_esc(title)}</h1>" if title else ""
        rel = "".join(f'<div class="item"><a href="/r{i}">{_esc(t)}</a> <span>{d}</span></div>'
                      for i, (t, d) in enumerate(related))
        main = (f'<header><div class="date-now">{_today(1)}</div>'
                f'<nav><ul>{menu}</ul></nav></header>'
                f'<article>{pre}{heading}<div class="detail">{paras}</div></article>'
                f'<div class="box-news-other"><div class="box-title">Các tin khác</div>{rel}</div>')
    else:
        heading = f'<div class="news-title">{_esc(title)}</div>' if title else ""
        rel = "".join(f'<p><a href="/r{i}">{_esc(t)}</a> - {d}</p>'
                      for i, (t, d) in enumerate(related))
        main = (f'<div id="top"><span>{_today(2)}</span></div>'
                f'<div class="left-menu"><ul>{menu}</ul></div>'
                f'<div class="content">{pre}{heading}<div class="news-body">{paras}</div>'
                f'<div class="list-news2"><b>Bài viết liên quan</b>{rel}</div></div>')
    footer = ('<div class="footer"><p>Cơ quan chủ quản: Ủy ban nhân dân tỉnh</p>'
              '<p>Địa chỉ: số 1 đường Trung tâm, thành phố tỉnh lỵ</p>'
              '<p>Số lượt truy cập: 1.234.567</p></div>')
    page = (f'<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8">'
            f'<title>{page_title}</title>'
            f'</head><body>{main}{footer}</body></html>')
    return page, tuple(t for t, _ in related)


def load_pages(directory: Path, labels: list[dict[str, Any]]) -> tuple[list[RealPage], list[str]]:
    """Every labelled page whose text is in ``directory`` (``<id>.txt``), and the missing ids.

    The page is always built from the text by ``wrap`` (so the related titles
    it lists are known); ``<id>.html`` files beside are only a copy to look at.
    """
    pages, missing = [], []
    for label in labels:
        txt = directory / f"{label['id']}.txt"
        if not txt.exists():
            missing.append(label["id"])
            continue
        text = txt.read_text(encoding="utf-8")
        page, related = wrap(text, label)
        pages.append(RealPage(label, text, page, related))
    return pages, missing
