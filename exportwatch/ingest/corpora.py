"""Labelled corpora (JSON Lines with gold `events` and `also_ok`) read as the news items the pipeline ingests.

A corpus line carries its text in `body`, or, for corpora whose texts may not be redistributed (the
real-news corpus), only labels: its text is then read from `<texts>/<id>.txt`, the page's first line
standing as its title, as the shared scorer's harness does.
"""

import json
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings

TITLE_CHARS = 300


class CorpusError(Exception):
    """A corpus file that cannot be read as labelled news (the message says which line and why)."""


@dataclass
class CorpusItem:
    id: str
    url: str
    title: str
    published: str
    body: str
    events: list[dict] = field(default_factory=list)
    also_ok: list[dict] = field(default_factory=list)
    query: str = ""  # the search that found a real page; items sharing one are about the same story

    def as_news(self) -> dict:
        """The item in the ingest contract's JSON Lines shape."""
        return {"url": self.url, "title": self.title, "published": self.published, "body": self.body}


@dataclass
class Corpus:
    path: Path
    items: list[CorpusItem]
    without_text: list[str]  # ids of labelled items whose text is not available here

    @property
    def name(self) -> str:
        return self.path.stem

    def as_json_lines(self) -> bytes:
        return "".join(json.dumps(item.as_news(), ensure_ascii=False) + "\n" for item in self.items).encode()


def default_texts_dir(path: Path) -> Path:
    """Where restored page texts of a labels-only corpus live: var/eval/<corpus name>/ (never committed)."""
    return Path(settings.BASE_DIR) / "var" / "eval" / path.stem


def read_corpus(path: Path, texts_dir: Path | None = None) -> Corpus:
    path = Path(path)
    texts_dir = texts_dir or default_texts_dir(path)
    items, without_text = [], []
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as error:
        raise CorpusError(f"{path}: cannot be read: {error}") from error
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
            item = _item(record, texts_dir)
        except (ValueError, KeyError, TypeError) as error:
            raise CorpusError(f"{path}:{number}: not a labelled news item: {error}") from error
        if item is None:
            without_text.append(record["id"])
        else:
            items.append(item)
    return Corpus(path, items, without_text)


def _item(record: dict, texts_dir: Path) -> CorpusItem | None:
    body, title = record.get("body"), record.get("title", "")
    if body is None:
        text_file = texts_dir / f"{record['id']}.txt"
        if not text_file.is_file():
            return None
        body = text_file.read_text(encoding="utf-8")
        title = next((line.strip() for line in body.splitlines() if line.strip()), "")[:TITLE_CHARS]
    return CorpusItem(
        id=str(record["id"]),
        url=record["url"],
        title=title,
        published=record.get("published") or "",
        body=body,
        events=list(record.get("events") or []),
        also_ok=list(record.get("also_ok") or []),
        query=record.get("query") or "",
    )
