"""The server-drawn timeline picture: accessible, escaped, one lane per country, marks and markers."""

from datetime import date
from xml.etree import ElementTree as ET

from exportwatch.licences.timeline.svg import Mark, Marker, timeline_svg

SVG = "{http://www.w3.org/2000/svg}"


def _draw(**overrides):
    arguments = {
        "lanes": ["China", "Malaysia"],
        "marks": [
            Mark("China", date(2025, 7, 14), "applied", "Applied, 14 Jul 2025"),
            Mark("China", date(2025, 8, 1), "granted", "Granted, Aug 2025", tentative=True),
            Mark("Malaysia", None, "denied", "Denied, date unknown", rejected=True),
        ],
        "markers": [Marker(date(2025, 4, 9), "H20 letter")],
        "title": "H20: licence steps",
        "description": "three steps",
    }
    arguments.update(overrides)
    return timeline_svg(**arguments)


def test_it_is_well_formed_svg():
    assert ET.fromstring(_draw()).tag == f"{SVG}svg"


def test_it_names_itself_for_screen_readers():
    root = ET.fromstring(_draw())
    assert root.get("role") == "img"
    assert root.get("aria-labelledby") == "timeline-title timeline-desc"
    assert root.find(f"{SVG}title").text == "H20: licence steps"
    assert root.find(f"{SVG}desc").text == "three steps"


def test_each_mark_has_a_text_alternative():
    titles = [element.text for element in ET.fromstring(_draw()).iter(f"{SVG}title")]
    assert {"Applied, 14 Jul 2025", "Granted, Aug 2025", "Denied, date unknown", "H20 letter"} <= set(titles)


def test_it_draws_one_mark_per_step_and_a_lane_label_per_lane():
    root = ET.fromstring(_draw())
    texts = [element.text for element in root.iter(f"{SVG}text")]
    assert texts.count("China") == 1 and texts.count("Malaysia") == 1
    assert len([g for g in root.iter(f"{SVG}g") if g.find(f"{SVG}circle") is not None]) == 3


def test_text_is_escaped():
    svg = _draw(title="<script>alert(1)</script>", lanes=["A & B"], marks=[Mark("A & B", None, "applied", '"><x>')])
    assert "<script>" not in svg
    assert "&lt;script&gt;" in svg
    assert "A &amp; B" in svg
    ET.fromstring(svg)


def test_it_has_no_style_attributes_or_scripts():
    svg = _draw()
    assert "style=" not in svg
    assert "<script" not in svg


def test_an_empty_timeline_still_draws_an_axis_and_legend():
    root = ET.fromstring(_draw(lanes=[], marks=[], markers=[]))
    assert "Granted" in [element.text for element in root.iter(f"{SVG}text")]
