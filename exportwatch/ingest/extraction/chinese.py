"""Traditional Chinese read as Simplified, so one set of Chinese cues and names serves Taiwanese, Hong Kong and
mainland press alike. Offsets stay valid: the text keeps its length, or is left as it is."""

import functools
import re

import opencc

_HAN = re.compile(r"[\u4e00-\u9fff]")
# Japanese writes its own kanji forms (規制, 販売) with kana around them; those are not Traditional Chinese.
_KANA = re.compile(r"[\u3040-\u30ff]")


@functools.cache
def _converter() -> opencc.OpenCC:
    return opencc.OpenCC("t2s")


def as_simplified(text: str) -> str:
    """`text` with Traditional characters in their Simplified forms, unless it is Japanese or the conversion would
    change its length."""
    if not _HAN.search(text) or _KANA.search(text):
        return text
    converted = _converter().convert(text)
    return converted if len(converted) == len(text) else text
