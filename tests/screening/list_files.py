"""The screening-list files of the specs, in trade.gov's shapes (JSON and CSV), and entries to build new ones from."""

import copy
import json
from pathlib import Path

FIXTURES = Path(__file__).parent.parent / "fixtures" / "screening"
CONSOLIDATED_JSON = (FIXTURES / "consolidated.json").read_bytes()
CONSOLIDATED_CSV = (FIXTURES / "consolidated.csv").read_bytes()


def results() -> list[dict]:
    """The entries of the JSON fixture, a fresh copy to change."""
    return copy.deepcopy(json.loads(CONSOLIDATED_JSON)["results"])


def by_name(entries: list[dict], name: str) -> dict:
    return next(entry for entry in entries if entry["name"] == name)


def json_file(entries: list[dict], **top) -> bytes:
    """A file in the shape of trade.gov's consolidated.json holding `entries`."""
    return json.dumps({"sources_used": [], "total": len(entries), "results": entries, **top}).encode()
