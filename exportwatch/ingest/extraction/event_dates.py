"""When each event happened: the date in the cue's sentence, or one the article gives for the same act nearby."""

import functools
import re
from datetime import date

from . import cues, dates

_NEW_CLAUSE = re.compile(r"[;]|,\s*(?:and|but|while|whereas)\b|\band (?:on|then|later)\b", re.I)
_RULE_WORD = re.compile(r"\b(?:rules?|controls|regulations?|package|Entity List|requirements?|curbs|restrictions|"
                        r"measures?|notice|framework)\b", re.I)


class EventDates:
    """Date picking for the extractor; the class using it provides `sentences`, `readings`,
    `_cues_in` and `_dates_in`."""

    def _date_for(self, index: int, cue: cues.StatusCue) -> tuple[date | None, str]:
        """The cue's own day; for a headline, the day its lead sentence gives the act; else the day of another cue of
        the same status; else the cue's own month; else one from the sentences just before; else, for rules, the day
        the article says the rule was announced."""
        # "the requirements mentioned in the May 23 letter have been lifted": a document's day is when it was
        # issued, not when a later step happened to it; such a day is the last resort.
        mentions = [m for m in self._dates_in(index) if not (m.of_document and cue.status != cues.IMPOSED)]
        if mentions:
            best = min(mentions, key=lambda mention: self._date_distance(index, cue, mention))
            # "disclosed on Wednesday that licences are required": the day it was said, unless another
            # sentence gives the day of the act itself ("The requirement was communicated last Friday").
            speech_only = best.is_speech and not best.is_action
            acted = self._date_of_same_status(index, cue.status, within=3) if speech_only else (None, dates.UNKNOWN)
            if acted[0] is not None:
                return acted
            if best.precision == dates.DAY:
                return best.value, best.precision
        found = self._date_in_lead(cue.status) if self._is_headline(index) else (None, dates.UNKNOWN)
        if found[0] is None:
            found = self._date_of_same_status(index, cue.status)
        # "In late May, Washington introduced restrictions": a sentence that dates only by months keeps its own
        # month rather than a neighbour's day.
        if found[0] is None and mentions and all(mention.precision != dates.DAY for mention in mentions):
            return best.value, best.precision
        if found[0] is None:
            found = self._date_nearby(index)
        if found[0] is None and cue.status == cues.ASSURED:
            found = self._date_of_earlier_act(index)
        if found[0] is None and cue.status in (cues.IMPOSED, cues.LIFTED, cues.ASSURED):
            found = self._announcement_date
        if found[0] is None and mentions:
            return best.value, best.precision
        return found

    def _date_distance(self, index: int, cue: cues.StatusCue, mention: dates.DateMention) -> int:
        text = self.readings[index].sentence.text
        if mention.start >= cue.end:
            gap = mention.start - cue.end
            # "informed it on April 9 that ... require a licence, and on April 14 said": a later clause, another act.
            if _NEW_CLAUSE.search(text[cue.end:mention.start]):
                gap += 80
        else:
            gap = cue.start - mention.end
        return (gap + (60 if mention.is_speech else 0) + (30 if mention.precision != dates.DAY else 0)
                + (40 if mention.is_effective else 0) - (40 if mention.is_action else 0))

    def _date_for_product(self, index: int, chip_start: int, default: tuple) -> tuple[date | None, str]:
        """ "Nvidia was told on April 9 ..., and AMD said on April 15 that its MI308 ...": with a day in each
        clause, a product takes the day of its own clause."""
        text = self.sentences[index].text
        days = [m for m in self._dates_in(index) if m.precision == dates.DAY]
        if len(days) < 2:
            return default
        bounds = [0, *(match.end() for match in _NEW_CLAUSE.finditer(text)), len(text)]
        for start, end in zip(bounds, bounds[1:], strict=False):
            if start <= chip_start < end:
                own = [m for m in days if start <= m.start < end]
                return (own[0].value, own[0].precision) if len(own) == 1 else default
        return default

    def _date_of_earlier_act(self, index: int, reach: int = 8) -> tuple[date | None, str]:
        """ "Commerce said it plans to grant licences ...": a pledge without a day is part of the notice that
        an earlier sentence dates ("on Friday revoked the authorisations")."""
        for other in range(index - 1, max(-1, index - reach - 1), -1):
            if self.sentences[other].is_title or not self._cues_in(other):
                continue
            acts = [m for m in self._dates_in(other) if m.is_action and m.precision == dates.DAY and not m.is_effective]
            if acts:
                return acts[0].value, acts[0].precision
        return None, dates.UNKNOWN

    def _is_headline(self, index: int) -> bool:
        """The title, or the page repeating it as its first line."""
        return self.sentences[index].is_title or (index == 1 and self.sentences[0].is_title
                                                  and self.sentences[1].text == self.sentences[0].text)

    def _date_in_lead(self, status: str) -> tuple[date | None, str]:
        """A headline reports what the lead sentence tells ("On January 15 the bureau published a rule revising
        ..."): the lead's first day that is neither when something was said nor when a rule takes effect, when the
        lead reports this step or a rule and no other step."""
        lead = next((index for index in range(len(self.sentences)) if not self._is_headline(index)), None)
        if lead is None or any(cue.status != status for cue in self._cues_in(lead)):
            return None, dates.UNKNOWN
        # "Shares are expected to open lower on Monday": a lead about something else.
        if not (self._cues_in(lead) or _RULE_WORD.search(self.sentences[lead].text)):
            return None, dates.UNKNOWN
        days = [m for m in self._dates_in(lead) if m.precision == dates.DAY and not (m.is_speech or m.is_effective)]
        return (days[0].value, days[0].precision) if days else (None, dates.UNKNOWN)

    def _date_of_same_status(self, index: int, status: str, within: int | None = None) -> tuple[date | None, str]:
        """Articles say what happened, then when: "The bureau rescinded the requirement on July 2"."""
        for other in sorted(range(len(self.sentences)), key=lambda candidate: abs(candidate - index)):
            if within is not None and abs(other - index) > within:
                break
            if other == index or self.sentences[other].is_title:
                continue
            for cue in self._cues_in(other):
                if cue.status != status:
                    continue
                # As in the cue's own sentence: "lifted the requirements of the May 23 letter" is not lifted on May 23.
                mentions = [m for m in self._dates_in(other) if m.precision == dates.DAY
                            and not (m.of_document and status != cues.IMPOSED)]
                if mentions:
                    best = min(mentions, key=lambda mention, cue=cue: self._date_distance(other, cue, mention))
                    return best.value, best.precision
        return None, dates.UNKNOWN

    @functools.cached_property
    def _announcement_date(self) -> tuple[date | None, str]:
        """The day of the first body sentence that reports a rule being issued ("controls, released on Monday")."""
        for index, sentence in enumerate(self.sentences):
            if sentence.is_title or not _RULE_WORD.search(sentence.text):
                continue
            for mention in self._dates_in(index):
                if mention.is_action and mention.precision == dates.DAY and not mention.is_effective:
                    return mention.value, mention.precision
        return None, dates.UNKNOWN

    def _date_nearby(self, index: int) -> tuple[date | None, str]:
        """A sentence without a date follows up the one before ("The rule was published on Friday. As a
        result, ... need a licence"): take the last date of the previous two sentences of the body."""
        for back in (1, 2):
            if index - back < 0 or self.sentences[index - back].is_title:
                break
            # An effective date ("It takes effect on 31 December") is when a rule bites, not when anything was done.
            usable = [m for m in self._dates_in(index - back) if not m.is_effective]
            mentions = [m for m in usable if not m.is_speech] or usable
            if mentions:
                return mentions[-1].value, mentions[-1].precision
        return None, dates.UNKNOWN
