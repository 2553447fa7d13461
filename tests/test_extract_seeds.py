"""Field by field on the five corpus articles modelled on the seed pages.

Each is rendered as its farm portal serves it (header line with the fetch
day, view counter, "Tin khác" list, caption file names) and every field of
its gold record is asserted on its own, so a failure names the field.
"""

from __future__ import annotations

import pytest

from crawler.extract.blocs import bloc_key
from crawler.extract.units import unit_key
from crawler.vntext import key
from tests.fixtures.extract import EXTRACT_FETCH_DAY

SEED_LIKE = {
    "000 hanam": "hanam/khoi-thi-dua-cac-co-quan-kinh-te-tong-hop-so-ket-cong-tac-thi-dua-khen-"
                 "thuong-6-thang-dau-nam-2021",
    "001 kontum-bdt": "kontum-bdt/tong-ket-phong-trao-thi-dua-nam-2022-cua-khoi-cac-co-quan-"
                      "tham-muu-qlnn-ve-van-hoa-xa-hoi",
    "002 baoquangbinh": "baoquangbinh/khoi-thi-dua-cac-co-quan-noi-chinh-so-ket-cong-tac-thi-"
                        "dua-6-thang-dau-nam",
    "003 songoaivu-ninhthuan": "songoaivu-ninhthuan/khoi-thi-dua-cac-so-nganh-tong-hop-tong-ket-"
                               "nam-2020-va-ky-ket-giao-uoc-thi-dua-nam-2021",
    "004 hagiang": "hagiang/khoi-giao-uoc-thi-dua-cac-hoi-dac-thu-so-ket-6-thang-dau-nam-2021",
}
SCALARS = ("is_bloc_news", "province", "province_current", "title", "published", "event_date",
           "event_type", "period")
UNIT_LISTS = ("members",)


def _item(extracted_corpus, seed):
    return extracted_corpus[SEED_LIKE[seed]]


@pytest.mark.parametrize("seed", SEED_LIKE)
@pytest.mark.parametrize("field", SCALARS)
def test_scalar_field(extracted_corpus, seed, field):
    item = _item(extracted_corpus, seed)
    expected = item.gold.expected.get(field, False if field == "is_bloc_news" else None)
    assert getattr(item.record, field) == expected


@pytest.mark.parametrize("seed", SEED_LIKE)
def test_bloc_as_written_and_its_key(extracted_corpus, seed):
    item = _item(extracted_corpus, seed)
    assert item.record.bloc == item.gold.expected["bloc"]
    assert item.record.bloc_key == bloc_key(item.gold.expected["bloc"])


@pytest.mark.parametrize("seed", SEED_LIKE)
def test_all_event_types(extracted_corpus, seed):
    item = _item(extracted_corpus, seed)
    assert set(item.record.event_types) == set(item.gold.expected["event_types"])
    assert item.record.event_types[0] == item.gold.expected["event_type"]


@pytest.mark.parametrize("seed", SEED_LIKE)
@pytest.mark.parametrize("role", ["leader", "deputy"])
def test_bloc_roles(extracted_corpus, seed, role):
    item = _item(extracted_corpus, seed)
    expected, province = item.gold.expected.get(f"{role}_unit"), item.gold.expected["province"]
    got = getattr(item.record, f"{role}_unit")
    if expected is None:
        assert got is None
        return
    assert unit_key(got["name"], province) == unit_key(expected, province)
    if f"{role}_year" in item.gold.expected:
        assert got["year"] == item.gold.expected[f"{role}_year"]


@pytest.mark.parametrize("seed", SEED_LIKE)
def test_handover(extracted_corpus, seed):
    item = _item(extracted_corpus, seed)
    gold, got = item.gold.expected, item.record.handover
    if "handover_from" not in gold:
        assert got is None
        return
    province = gold["province"]
    assert unit_key(got["from"]["name"], province) == unit_key(gold["handover_from"], province)
    assert unit_key(got["to"]["name"], province) == unit_key(gold["handover_to"], province)
    assert got["year"] == gold["handover_year"]


@pytest.mark.parametrize("seed", SEED_LIKE)
def test_members_awards_people_documents(extracted_corpus, seed):
    item = _item(extracted_corpus, seed)
    gold, rec, province = item.gold.expected, item.record, item.gold.expected["province"]
    assert {unit_key(m["name"], province) for m in rec.members} == {
        unit_key(m, province) for m in gold.get("members", [])}
    assert {(key(a["award"]), unit_key(a["recipient"]["name"], province), a["rank"])
            for a in rec.awards} == {
        (key(a["award"]), unit_key(a["recipient"], province), a.get("rank"))
        for a in gold.get("awards", [])}
    assert {p["name"] for p in rec.people} == {p["name"] for p in gold.get("people", [])}
    assert {d["number"]: (d["type"], d["date"]) for d in rec.documents} == {
        d["number"]: (d["type"], d.get("date")) for d in gold.get("documents", [])}


@pytest.mark.parametrize("seed", SEED_LIKE)
def test_portal_frame_stays_out_of_the_text(extracted_corpus, seed):
    item = _item(extracted_corpus, seed)
    text = item.record.text
    for noise in ("Tin khác", "Gửi Email", "Skip Ribbon", "Số lượt xem", "Cannot retrieve",
                  ".jpg", "Tổng số người truy cập"):
        assert noise not in text
    assert item.gold.data["body"].strip().split("\n")[0][:40] in text


@pytest.mark.parametrize("seed", ["001 kontum-bdt", "004 hagiang"])
def test_the_header_line_with_the_fetch_day_is_not_the_publication_date(extracted_corpus, seed):
    item = _item(extracted_corpus, seed)
    assert f"{EXTRACT_FETCH_DAY.day} tháng {EXTRACT_FETCH_DAY.month}".lower() in item.html.lower()
    assert item.record.published_source == "dateline"
    assert not item.record.published.startswith(EXTRACT_FETCH_DAY.isoformat())


def test_province_comes_from_the_site_when_the_text_never_names_it(extracted_corpus):
    item = _item(extracted_corpus, "003 songoaivu-ninhthuan")
    assert "Ninh Thuận" not in item.record.text
    assert item.record.province == "Ninh Thuận"
