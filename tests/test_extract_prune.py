"""Related-news boxes are pruned from the shared tree once, keeping the text around them."""

from crawler.extract.main import prune_boilerplate
from crawler.extract.page import parse_tree


def _texts(html: str) -> str:
    tree = parse_tree(html)
    prune_boilerplate(tree)
    return " ".join(part.strip() for part in tree.find("body").itertext() if part.strip())


def test_related_box_is_removed_but_the_text_after_it_stays():
    html = ("<html><body><div><p>Đoạn một.</p><ul class='box tin-khac'><li>Tin A</li></ul>"
            "Đoạn hai ngay sau.</div></body></html>")
    assert _texts(html) == "Đoạn một. Đoạn hai ngay sau."


def test_boxes_named_by_id_and_nested_boxes_are_removed():
    html = ("<html><body><div id='relatedNews'><div class='mostread'>X</div>Y</div>"
            "<p>Nội dung.</p><div class='other-news'><div class='related'>Z</div></div>"
            "</body></html>")
    assert _texts(html) == "Nội dung."


def test_a_class_that_only_resembles_a_rule_is_kept():
    html = "<html><body><div class='tin-chinh'>Nội dung chính.</div></body></html>"
    assert _texts(html) == "Nội dung chính."
