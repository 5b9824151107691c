"""The SVG helper (mel/charts.py): accessible, escaped, and numbers never localised."""

import re
import xml.etree.ElementTree as ET

from django.utils import translation
from django.utils.formats import localize

from mel.charts import Bar, bar_chart, sparkline

SVG = "{http://www.w3.org/2000/svg}"
BARS = [
    Bar("Female", 0.55, "55% (11 of 20)"),
    Bar("Male", None, "fewer than 5", suppressed=True),
    Bar("0\u20134", 0.125, "1"),
]


def parse(markup) -> ET.Element:
    return ET.fromstring(str(markup))  # noqa: S314 (our own markup, parsed to be checked)


def numeric_attributes(root: ET.Element) -> list[str]:
    names = {"x", "y", "width", "height", "cx", "cy", "r", "viewBox"}
    return [value for element in root.iter() for name, value in element.attrib.items() if name in names]


def test_a_bar_chart_is_an_image_labelled_by_its_title_and_description():
    root = parse(bar_chart(BARS, chart_id="c1", title="By sex", description="Female 55%"))
    assert root.get("role") == "img"
    assert root.get("aria-labelledby") == "c1-title c1-desc"
    assert root.find(f"{SVG}title").text == "By sex" and root.find(f"{SVG}title").get("id") == "c1-title"
    assert root.find(f"{SVG}desc").text == "Female 55%"


def test_without_a_description_the_chart_describes_every_bar_in_words():
    desc = parse(bar_chart(BARS, chart_id="c", title="t")).find(f"{SVG}desc").text
    assert desc == "Female: 55% (11 of 20); Male: fewer than 5; 0\u20134: 1"


def test_each_bar_has_its_label_and_text_and_lengths_follow_the_values():
    root = parse(bar_chart(BARS, chart_id="c", title="t", maximum=1))
    texts = [t.text for t in root.iter(f"{SVG}text")]
    assert texts == ["Female", "Male", "0\u20134", "55% (11 of 20)", "fewer than 5", "1"]
    full, *_ = [float(r.get("width")) for r in root.iter(f"{SVG}rect") if r.get("class") == "bar-suppressed"]
    female, low = [float(r.get("width")) for r in root.iter(f"{SVG}rect") if r.get("class") is None]
    rows = [float(t.get("y")) for t in root.iter(f"{SVG}text")]
    assert rows[:3] == rows[3:]  # each label on the line of its text
    assert female == 0.55 * full and low == 0.125 * full


def test_a_suppressed_bar_is_drawn_marked_and_labelled():
    root = parse(bar_chart(BARS, chart_id="c", title="t"))
    marked = [r for r in root.iter(f"{SVG}rect") if r.get("class") == "bar-suppressed"]
    assert len(marked) == 1
    texts = [t for t in root.iter(f"{SVG}text") if t.get("class") == "suppressed"]
    assert [t.text for t in texts] == ["fewer than 5"]
    assert marked[0].get("y") == str(float(texts[0].get("y")) - 13.5).removesuffix(".0")


def test_numbers_in_attributes_keep_a_dot_in_russian():
    with translation.override("ru"):
        markup = str(bar_chart([Bar("a", 1 / 3, "x"), Bar("b", 2.5, "y")], chart_id="c", title="t"))
        markup += str(sparkline([0.5, 1 / 3, None, 0.25], chart_id="s", title="t", description="d"))
    with translation.override("ru"):
        assert "," in localize(0.5)  # the trap: Russian writes 0,5
    for value in numeric_attributes(parse(markup[: markup.index("</svg>") + 6])):
        assert re.fullmatch(r"[-\d. ]+", value), value
    assert not re.search(r'(?:x|y|width|height|cx|cy)="[^"]*,[^"]*"', markup)
    for points in re.findall(r'points="([^"]*)"', markup):
        assert all(re.fullmatch(r"-?[\d.]+,-?[\d.]+", pair) for pair in points.split())


def test_labels_are_escaped():
    markup = str(bar_chart([Bar("<script>x</script>", 1, "&")], chart_id='c"', title="<b>", description="<i>"))
    assert "<script>" not in markup and "<b>" not in markup and "<i>" not in markup
    parse(markup)


def test_a_sparkline_breaks_at_a_missing_value_and_marks_a_lone_value_with_a_dot():
    root = parse(sparkline([1, 2, None, 3, None, 4, 5], chart_id="s", title="Trend", description="words"))
    assert len(root.findall(f"{SVG}polyline")) == 2
    assert [c.get("class") for c in root.findall(f"{SVG}circle")] == ["spark-dot", "spark-last"]
    assert root.get("role") == "img" and root.find(f"{SVG}desc").text == "words"


def test_a_sparkline_with_nothing_known_draws_no_line():
    root = parse(sparkline([None, None], chart_id="s", title="t", description="d"))
    assert root.findall(f"{SVG}polyline") == [] and root.findall(f"{SVG}circle") == []


def test_a_flat_sparkline_is_drawn_across_the_middle():
    root = parse(sparkline([2, 2, 2], chart_id="s", title="t", description="d", height=32))
    assert {pair.split(",")[1] for pair in root.find(f"{SVG}polyline").get("points").split()} == {"16"}


def test_charts_use_classes_and_never_a_style_attribute():
    markup = str(bar_chart(BARS, chart_id="c", title="t")) + str(
        sparkline([1, 2], chart_id="s", title="t", description="d")
    )
    assert "style=" not in markup and "<script" not in markup
