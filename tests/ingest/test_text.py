"""Text cleanup: one normal form for everything stored or matched."""

from hypothesis import given
from hypothesis import strategies as st

from exportwatch.ingest.text import html_to_text, normalise_text, strip_tags, truncate


def test_it_folds_compatibility_characters_with_nfkc():
    assert normalise_text("Ｎｖｉｄｉａ Ｈ２０") == "Nvidia H20"


def test_it_removes_nul_control_zero_width_and_bidi_characters():
    assert normalise_text("Nv\x00id\u200bia\u200d \u202eH20\u202c\u2066 \ufeffchips\x07") == "Nvidia H20 chips"


def test_it_keeps_line_and_paragraph_breaks():
    text = "First line\n  second line.\r\n\r\n\n  Second   paragraph.\u2029Third."

    assert normalise_text(text) == "First line\nsecond line.\n\nSecond paragraph.\n\nThird."


def test_it_turns_every_kind_of_space_into_one_space():
    assert normalise_text("a\u00a0b\u3000c\td\u2003e") == "a b c d e"


def test_it_trims_the_text():
    assert normalise_text("\n\n  text  \n\n") == "text"


@given(st.text())
def test_it_is_idempotent(text):
    once = normalise_text(text)

    assert normalise_text(once) == once


@given(st.text())
def test_it_never_leaves_invisible_characters_or_runs_of_spaces(text):
    cleaned = normalise_text(text)

    assert "\x00" not in cleaned and "\u200b" not in cleaned and "\u202e" not in cleaned
    assert "  " not in cleaned and "\n\n\n" not in cleaned
    assert cleaned == cleaned.strip()


def test_it_extracts_the_main_text_of_a_page():
    html = (
        "<html><body><nav>Home | World</nav><article><h1>H20 licences</h1>"
        "<p>The US began issuing licences for Nvidia's H20 chips to China, officials said on Friday.</p>"
        "<p>Nvidia had filed applications in July after Washington assured it approval.</p></article>"
        "<script>var tracking = 1;</script></body></html>"
    )

    text = html_to_text(html)

    assert "The US began issuing licences for Nvidia's H20 chips to China" in text
    assert "\n\nNvidia had filed applications" in text
    assert "tracking" not in text


def test_it_reads_html_given_as_bytes():
    assert "英伟达" in html_to_text("<html><body><p>英伟达获得许可证。</p></body></html>".encode())


def test_it_falls_back_to_every_tags_text_when_there_is_no_main_text():
    assert html_to_text("<div>x</div>") == "x"


def test_it_returns_nothing_for_empty_html():
    assert html_to_text("  ") == ""


def test_it_strips_tags_with_a_break_after_each_block():
    assert normalise_text(strip_tags("<p>One</p><p>Two<br>three</p><style>p{}</style>")) == "One\n\nTwo\nthree"


def test_it_strips_tags_of_a_page_that_declares_another_charset():
    html = '<?xml version="1.0" encoding="latin-1"?><html><head><meta charset="gb2312"></head><p>英伟达</p></html>'

    assert normalise_text(strip_tags(html)) == "英伟达"


def test_it_leaves_short_text_untruncated():
    assert truncate("short", 10) == "short"


def test_it_truncates_at_a_word_boundary_with_a_marker():
    assert truncate("export licences were granted", 20) == "export licences…"


def test_it_truncates_text_without_spaces_at_the_limit():
    assert truncate("英伟达获得许可证英伟达获得许可证", 8) == "英伟达获得许可…"


def test_a_trademark_sign_is_dropped_not_turned_into_letters():
    assert normalise_text("AMD Instinct™ and Versal® parts") == "AMD Instinct and Versal parts"
