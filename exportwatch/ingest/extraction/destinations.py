"""Where each event's goods go: the countries of the cue's sentence, else of the sentences around it."""

import re
from collections import Counter

from .reading import unique

# Export controls in this catalogue are almost all American; the US is a destination only of Chinese rules.
_ORIGIN_COUNTRY = "US"
_DESTINATION_OF_ORIGIN_ONLY_FOR = {"cn-mofcom"}
# "to countries in groups D1, D4 and D5. Those groups include Saudi Arabia, the UAE and Vietnam."
_GROUP_OF_COUNTRIES = re.compile(r"\b(?:countries|groups|nations|regions|destinations)\b", re.I)
_NAMES_THE_GROUP = re.compile(r"^(?:Those|These|The) (?:groups|countries|nations|regions|destinations)\b[^.]*?"
                              r"\binclude", re.I)

_REGION_DESTINATION = re.compile(r"\b(?P<preposition>to|into|in|across|for)\s+(?:the\s+)?(?P<region>Middle East|Gulf|"
                                 r"West Asia|Southeast Asia|Central Asia|Europe|Africa|Latin America)\b")
# Countries of the regions news names as destinations, so "shipments to the Middle East" can take the Gulf
# states the article names elsewhere.
_REGION_COUNTRIES = {
    "middle east": {"AE", "SA", "QA", "KW", "BH", "OM", "IL", "JO", "IQ", "IR", "LB", "SY", "YE", "EG", "TR"},
    "gulf": {"AE", "SA", "QA", "KW", "BH", "OM"},
    "west asia": {"AE", "SA", "QA", "KW", "BH", "OM", "IL", "JO", "IQ", "IR", "LB", "SY", "YE", "TR"},
    "southeast asia": {"SG", "MY", "TH", "VN", "ID", "PH", "KH", "LA", "MM", "BN", "TL"},
    "central asia": {"KZ", "KG", "TJ", "TM", "UZ"},
}


class Destinations:
    """Destination picking for the extractor; the class using it provides `gazetteer`, `readings`, `sentences`,
    `_authority_for` and `_following_in_paragraph`."""

    def _countries_for(self, index: int, company: str) -> tuple[list[str], bool]:
        authority_country = self.gazetteer.authority_by_slug.get(self._authority_for(index))
        # The exporter's home and the acting authority's country are origins, not destinations.
        home = self.gazetteer.company_by_slug.get(company)
        excluded = {home.headquarters if home else ""}
        if authority_country:
            excluded.add(authority_country.country)
        if self._authority_for(index) not in _DESTINATION_OF_ORIGIN_ONLY_FOR:
            excluded.add(_ORIGIN_COUNTRY)
        reading = self.readings[index]
        own = [code for code in [*reading.destinations, *self._countries_listed_next(index)] if code not in excluded]
        if own:
            return unique(own), False
        # "large shipments of AI accelerators to the Middle East": goods sent to a region go to the countries of
        # it the article names; buyers "in the Gulf" are no such list.
        region = _REGION_DESTINATION.search(self.sentences[index].text)
        if region:
            if region.group("preposition") not in ("to", "into"):
                return [], True
            members = _REGION_COUNTRIES.get(region.group("region").lower(), set())
            return unique(code for r in self.readings for code in r.destinations if code in members), True
        paragraph = self.sentences[index].paragraph
        neighbours = [index - 1, index + 1, index - 2, 0]
        for neighbour in neighbours:
            # A neighbour in another paragraph is often page furniture or market colour, not the same story.
            if 0 <= neighbour < len(self.readings) and neighbour != index and (
                    neighbour == 0 or self.sentences[neighbour].paragraph == paragraph):
                codes = [code for code in self.readings[neighbour].destinations if code not in excluded]
                if codes:
                    return codes, True
        counts = Counter(code for r in self.readings for code in r.destinations if code not in excluded)
        return ([counts.most_common(1)[0][0]] if counts else []), True

    def _countries_listed_next(self, index: int) -> list[str]:
        """ "... to countries in groups D1 and D5. Those groups include Saudi Arabia and Vietnam." """
        following = self._following_in_paragraph(index)
        if following is None or not _GROUP_OF_COUNTRIES.search(self.sentences[index].text):
            return []
        return following.destinations if _NAMES_THE_GROUP.match(following.sentence.text) else []
