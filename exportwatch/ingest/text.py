"""Text cleanup shared by parsing and extraction: one normal form for every text we store or match."""

import functools
import re
import sys
import unicodedata

import lxml.html
import trafilatura
from lxml import etree

# Line and paragraph separators that str.splitlines would honour, mapped to the two breaks we keep.
_BREAKS = str.maketrans({
    "\r": "\n",
    "\x0b": "\n",
    "\x85": "\n",
    "\u2028": "\n",
    "\x0c": "\n\n",
    "\u2029": "\n\n",
    "\t": " ",
})
_PARAGRAPH_BREAK = re.compile(r"\n[ ]*\n\s*")
# "Instinct™": trademark signs, which NFKC would turn into letters glued to the name ("InstinctTM").
TRADEMARK_SIGNS = re.compile("[\u2122\u00ae\u2120]")
_WORD_BACKOFF_CHARS = 30

# Elements whose text is never shown to a reader.
_INVISIBLE_TAGS = ("script", "style", "noscript", "template", "head")
# Elements that start a new paragraph when HTML is flattened to text.
_BLOCK_TAGS = (
    "p", "div", "section", "article", "header", "footer", "aside", "nav", "main", "blockquote", "pre",
    "li", "ul", "ol", "dl", "dt", "dd", "table", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "figure",
    "figcaption", "address", "hr", "title",
)


@functools.cache
def _invisible_characters() -> re.Pattern:
    """Control, format (zero-width, bidi, soft hyphen) and surrogate code points except "\\n", as one class.

    Built once from the running Python's Unicode tables (about 0.3 s): a per-character check is 30× slower.
    """
    ranges, start = [], None
    for code_point in range(sys.maxunicode + 2):
        invisible = (code_point <= sys.maxunicode and code_point != 0x0A
                     and unicodedata.category(chr(code_point)) in ("Cc", "Cf", "Cs"))
        if invisible and start is None:
            start = code_point
        elif not invisible and start is not None:
            ranges.append(f"\\U{start:08x}-\\U{code_point - 1:08x}")
            start = None
    return re.compile(f"[{''.join(ranges)}]")


def normalise_text(text: str) -> str:
    """NFKC without trademark signs, drop invisible characters, one space between words, "\\n" between lines,
    "\\n\\n" between paragraphs.

    Line breaks are kept because scraped pages put headlines, nav items and link lists on lines of
    their own; the extractor decides whether a line ends a sentence.
    """
    text = unicodedata.normalize("NFKC", TRADEMARK_SIGNS.sub("", text)).replace("\r\n", "\n").translate(_BREAKS)
    text = _invisible_characters().sub("", text)
    paragraphs = (_clean_lines(paragraph) for paragraph in _PARAGRAPH_BREAK.split(text))
    return "\n\n".join(paragraph for paragraph in paragraphs if paragraph)


def _clean_lines(paragraph: str) -> str:
    # str.split() collapses every run of whitespace in C; a regex substitution per word gap is three times slower.
    lines = (" ".join(line.split()) for line in paragraph.split("\n"))
    return "\n".join(line for line in lines if line)


def html_to_text(html: str | bytes, url: str | None = None) -> str:
    """The main text of an HTML page, normalised; every tag's text when trafilatura finds no main text.

    `url` only labels the document for trafilatura's metadata; nothing is ever fetched.
    """
    if not html or not html.strip():
        return ""
    main_text = trafilatura.extract(html, url=url, include_comments=False, include_tables=True)
    if main_text:
        # trafilatura puts one paragraph a line.
        return normalise_text(main_text.replace("\n", "\n\n"))
    return normalise_text(strip_tags(html))


def strip_tags(html: str | bytes) -> str:
    """The visible text of an HTML fragment, with a blank line after each block element."""
    parser = None
    if isinstance(html, str):
        # lxml refuses str input that carries an encoding declaration, so hand it UTF-8 and say so.
        html = html.encode("utf-8", "surrogatepass")
        parser = lxml.html.HTMLParser(encoding="utf-8")
    try:
        root = lxml.html.fromstring(html, parser=parser)
    except (etree.ParserError, ValueError):
        return ""
    etree.strip_elements(root, *_INVISIBLE_TAGS, etree.Comment, etree.ProcessingInstruction, with_tail=False)
    for element in root.iter(*_BLOCK_TAGS):
        element.text = "\n\n" + (element.text or "")
        element.tail = "\n\n" + (element.tail or "")
    for element in root.iter("br"):
        element.tail = "\n" + (element.tail or "")
    return root.text_content()


def truncate(text: str, limit: int, marker: str = "…") -> str:
    """`text` cut to at most `limit` characters, at a word boundary when one is near, with `marker` at the end."""
    if len(text) <= limit:
        return text
    cut = text[: max(limit - len(marker), 0)]
    boundary = cut.rfind(" ")
    # Only back off to a space if that loses little; CJK text has no spaces.
    if boundary > 0 and len(cut) - boundary <= _WORD_BACKOFF_CHARS:
        cut = cut[:boundary]
    return cut.rstrip() + marker
