"""The article record: one flat shape for the archive, both indexes and exports.

Every field the page does not support stays None (or an empty list), never a
guess. Dates are ISO 8601 strings: ``published`` carries +07:00 when the page
gives a time and is a bare ``YYYY-MM-DD`` when it gives only a day, so the
record never invents a time of day.
"""

from __future__ import annotations

import dataclasses
import hashlib
from dataclasses import dataclass, field
from typing import Any

EVENT_TYPES = (
    "mid_year_review",   # sơ kết 6 tháng đầu năm
    "year_end_review",   # tổng kết năm
    "covenant_signing",  # ký kết giao ước thi đua
    "ranking_awards",    # bình xét, đề nghị khen thưởng, trao cờ / bằng khen
    "leader_election",   # bầu / bàn giao Trưởng khối, Phó Trưởng khối
    "sports_exchange",   # hội thao, giao lưu thể thao / văn nghệ, liên hoan of the bloc
    "cross_inspection",  # kiểm tra chéo: the bloc's members inspect each other
    "other",
)


@dataclass
class Article:
    id: str
    url: str
    site: str
    text: str
    fetched_at: str
    content_hash: str
    urls: list[str] = field(default_factory=list)
    province: str | None = None
    province_current: str | None = None
    title: str | None = None
    published: str | None = None
    published_source: str | None = None
    event_date: str | None = None
    # Where the event date's year came from: "text" (written in full), "published",
    # "url" or "period" (the period the meeting reviews).
    event_date_source: str | None = None
    bloc: str | None = None
    bloc_key: str | None = None
    event_type: str | None = None
    event_types: list[str] = field(default_factory=list)
    period: str | None = None
    leader_unit: dict[str, Any] | None = None
    deputy_unit: dict[str, Any] | None = None
    handover: dict[str, Any] | None = None
    members: list[dict[str, Any]] = field(default_factory=list)
    awards: list[dict[str, Any]] = field(default_factory=list)
    people: list[dict[str, Any]] = field(default_factory=list)
    documents: list[dict[str, Any]] = field(default_factory=list)
    is_bloc_news: bool = False
    bloc_score: float = 0.0
    # The evidence behind the score, one short "where:what" string each
    # ("title:khối thi đua", "guard:đảng ủy khối"), so a reader sees why.
    bloc_signals: list[str] = field(default_factory=list)
    warc: dict[str, Any] | None = None

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Article:
        """Build from a stored dict, ignoring keys a newer version may have added."""
        names = {f.name for f in dataclasses.fields(cls)}
        return cls(**{k: v for k, v in data.items() if k in names})


FIELDS = tuple(f.name for f in dataclasses.fields(Article))


def content_hash(text: str) -> str:
    """Hash of the extracted text: the same article under two URLs hashes the same."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]
