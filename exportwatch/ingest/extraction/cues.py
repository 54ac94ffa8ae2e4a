"""Which licence status a sentence reports: cue phrases per status, and the hedges and negations that cancel them."""

import re
from dataclasses import dataclass

IMPOSED = "requirement_imposed"
LIFTED = "requirement_lifted"
APPLIED = "applied"
UNDER_REVIEW = "under_review"
ASSURED = "assured"
GRANTED = "granted"
DENIED = "denied"
REVOKED = "revoked"

_LICENCE = r"(?:export )?licen[cs](?:e|es|ing)"
_PERMIT = rf"(?:{_LICENCE}|permits?|permission|approvals?|authori[sz]ations?|sign-off|waivers?)"
_W = r"(?:[\w'’$%.-]+\s+)"  # one word and its space
_SHIP = r"(?:ship|sell|export|supply|deliver|send|bring|keep|continue|resume|operate)\w*"


@dataclass(frozen=True)
class Cue:
    status: str
    pattern: re.Pattern
    needs_licence_word: bool = False  # the sentence must speak of licences, permits or applications
    needs_authority: bool = False  # a government must be the one acting ("will allow")
    weak: bool = False  # dropped when a stronger cue of another status is in the same sentence


def _cue(status, pattern, **flags):
    return Cue(status, re.compile(pattern, re.IGNORECASE), **flags)


CUES = [
    # requirement_lifted before requirement_imposed: "no longer needs a licence" is a lifting.
    _cue(LIFTED, rf"\bno longer (?:needs?|requires?|required|needed|subject to) {_W}{{0,3}}?{_PERMIT}"),
    _cue(LIFTED, rf"\b(?:lift|remov|rescind|scrap|drop|eas|suspend|withdr[ae]w|relax|pause|end)\w*\s+{_W}{{0,4}}?"
                 rf"(?:{_LICENCE}\s+)?(?:requirements?|curbs|restrictions|controls|rule)\b"),
    _cue(LIFTED, r"\b(?:requirements?|restrictions|curbs|controls)\b[^.;]{0,60}?\bno longer appl(?:y|ies)\b"),
    _cue(LIFTED, r"\b(?:suspension|removal|rescission|lifting|scrapping) of\b[^.;]{0,40}?\b(?:rule|"
                 r"requirement|curbs|restrictions|controls)\b"),
    _cue(LIFTED, r"\bremoved from the Entity List\b"),
    _cue(LIFTED, r"(?:取消|解除|暂停实施|停止实施|不再适用)\S{0,12}?(?:管制|许可要求|禁令|限制)"),
    _cue(IMPOSED, rf"\b(?:new |additional |extra )?(?:{_LICENCE}|licensing) (?:requirements?|controls?|regime)\b"),
    _cue(IMPOSED, rf"\b(?:requires?|required|requiring|needs?|needed|needing)\b\s+{_W}{{0,3}}?{_PERMIT}"),
    _cue(IMPOSED, rf"\b(?:requires?|required|requiring|forces?|forced)\s+{_W}{{1,3}}?to (?:obtain|"
                  rf"get|seek|hold|apply for)\s+"
                  rf"{_W}{{0,2}}?{_PERMIT}"),
    _cue(IMPOSED, rf"\bsubject to {_W}{{0,3}}?{_LICENCE}"),
    _cue(IMPOSED, rf"\b{_LICENCE}-bound\b|\bunder {_W}{{0,2}}?{_LICENCE} (?:control|requirement)s?\b"),
    _cue(IMPOSED, rf"\b(?:must|have to|has to|had to)\s+{_W}{{0,2}}?(?:obtain|get|seek|apply for|"
                  rf"hold|receive)\s+{_W}{{0,2}}?{_PERMIT}"),
    _cue(IMPOSED, r"\bbarred from (?:shipping|selling|exporting|supplying|sending|delivering)\b"),
    _cue(IMPOSED, rf"\b(?:ship|sell|export|sent|send|suppl|deliver|sold)\w*\b[^.;]{{0,80}}?\bwithout (?:a |an |the )?"
                  rf"(?:US |U\.S\. |American |export |individual |separate )?{_LICENCE}", weak=True),
    _cue(IMPOSED, r"\b(?:inform|notif|told|tell)\w*\s+(?:\S+\s+){0,3}?of (?:new |the |a )?(?:export )?(?:restrictions|"
                  r"requirements?|controls)\b"),
    _cue(IMPOSED, r"\b(?:told|ordered|order|orders|instructed|directed|tells)\b\s+(?:\S+\s+){0,6}?to (?:halt|"
                  r"stop|suspend|cease)\s+"
                  r"(?:\w+\s+){0,2}?(?:shipments|shipping|sales|selling|exports|exporting|supplying|deliveries)\b"),
    _cue(IMPOSED, r"\b(?:swept up|swept into|caught by|covered by)\b", weak=True),
    _cue(IMPOSED, r"(?:须|需要|需|必须)(?:事先|先)?(?:申请|获得|取得)?\S{0,4}?许可|纳入管制|实施\S{0,8}?出口管制"),
    _cue(APPLIED, rf"\b(?:appl(?:y|ies|ied|ying)|fil(?:e|es|ed|ing)|submit\w*|seek(?:s|ing)?|sought|"
                  rf"request(?:s|ed|ing)?)\s+(?:for\s+)?"
                  rf"{_W}{{0,3}}?(?:{_PERMIT}|applications?|validated end[- ]user status)"),
    _cue(APPLIED, r"\b(?:has|have|had) applied for\b|\bis applying\b", needs_licence_word=True),
    _cue(APPLIED, rf"\basked {_W}{{0,3}}?for (?:permission|approval|a {_LICENCE}|{_LICENCE})"),
    _cue(APPLIED, r"提出申请|申请许可|已就\S{0,30}?申请|寻求许可"),
    _cue(UNDER_REVIEW, r"\bunder review\b|\binteragency review\b|\bawaiting (?:a )?(?:decision|approval|licen)\w*"),
    _cue(UNDER_REVIEW, r"\bpending\b|\bdelayed\b|\bunanswered\b|\bstalled\b|\bstuck\b|\bbacklog\b|\bunprocessed\b|"
                       r"\bnot (?:yet )?(?:been )?processed\b|\btaking longer to approve\b|\bslow(?:s|ed|ing)?\b",
         needs_licence_word=True),
    _cue(UNDER_REVIEW, r"\b(?:still )?waiting (?:on|for) (?:Commerce|Washington|the government|approval|"
                       r"a decision|licen\w*|a licen\w*)"),
    _cue(UNDER_REVIEW, rf"\b(?:has|have) not yet (?:received|been granted|won|obtained|got) {_W}{{0,2}}?{_PERMIT}"),
    _cue(UNDER_REVIEW, r"跨部门审查|审查中|待审批|尚未获批"),
    _cue(ASSURED, r"\bassur\w*\b(?:\s+\S+){0,8}?\s+(?:will|would) be (?:granted|approved|issued|allowed)"),
    _cue(ASSURED, r"\b(?:will|would|plans? to|planned to|intends? to|is going to|agreed to|pledged to|promised to|"
                  r"decided to)\s+(?:\w+\s+){0,1}?(?:allow|permit|grant|approve|issue|license|let)\b(?!\w*\s+(?:no|"
                  r"not)\b)",
         needs_authority=True),
    _cue(ASSURED, r"\b(?:would|will) be allowed\b|\bapproved (?:our|its|the|their) filing\b|\bcleared the way\b",
         needs_authority=True),
    _cue(ASSURED, r"将允许|将批准|同意\S{0,10}?出口"),
    _cue(GRANTED, rf"\b(?:granted|issued|approved|awarded|renewed|extended)\s+(?:\S+\s+){{0,4}}?{_PERMIT}"),
    _cue(GRANTED, rf"\b{_PERMIT}\b(?:\s+\S+){{0,6}}?\s+(?:was |were |been |is |are )?(?:granted|issued|approved|"
                  rf"(?:temporarily )?renewed|extended|came through)\b"),
    _cue(GRANTED, rf"\b(?:received|obtained|won|secured|got|gets|holds?|held|given)\s+{_W}{{0,3}}?(?:{_PERMIT}|"
                  rf"green light|go-ahead|pass)\b(?!\s+requirement)"),
    _cue(GRANTED, rf"\b(?:cleared|allowed|authori[sz]ed|permitted) to {_SHIP}"),
    _cue(GRANTED, r"\b(?:began|begun|started|start|begin) issuing\b"),
    _cue(GRANTED, r"\bone-year (?:pass|waiver|licen[cs]e|authori[sz]ation|exemption)\b"),
    _cue(GRANTED, r"\b(?:treat|designat|nam|approv|grant|add)\w*\s+(?:\S+\s+){0,8}?(?:as )?validated end[- ]users?\b"),
    _cue(GRANTED, r"获(?:得)?\S{0,6}?许可|获批|已批准|批准了|发放\S{0,4}?许可"),
    _cue(DENIED, r"\b(?:denied|rejected|refused|turned down|vetoed|blocked)\s+(?:\S+\s+){0,5}?"
                 r"(?:licen[cs]\w*|applications?|requests?|permits?|plan|sales?|exports?|shipments?)\b"),
    _cue(DENIED, r"\b(?:licen[cs]\w*|applications?|requests?)\b(?:\s+\S+){0,5}?\s+(?:were|was|been) (?:denied|"
                 r"rejected|refused|turned down)\b"),
    _cue(DENIED, r"\b(?:will|would) not (?:permit|allow|approve|license)\b|\bwon't (?:permit|allow)\b|"
                 r"\breturned without action\b"),
    _cue(DENIED, r"拒绝|不予许可|驳回"),
    _cue(REVOKED, r"\brevok\w*|\brevocation\b", needs_licence_word=True),
    _cue(REVOKED, rf"\b(?:suspend|cancel|withdr[ae]w|pull|rescind|terminat|remov|strip|take\w* away|"
                  rf"took away)\w*\s+(?:\S+\s+){{0,5}}?"
                  rf"(?:{_PERMIT}|validated end[- ]user|VEU)\b"),
    _cue(REVOKED, rf"\b(?:loss|lost|losing|lose|loses) (?:of )?(?:\S+\s+){{0,2}}?(?:{_PERMIT}|validated end[- ]user|"
                  rf"VEU)\b"),
    _cue(REVOKED, rf"\b{_PERMIT}\b(?:\s+\S+){{0,6}}?\s+(?:was |were |been |be )?(?:revoked|suspended|"
                  rf"cancell?ed|withdrawn|pulled|rescinded)\b"),
    _cue(REVOKED, r"吊销|撤销\S{0,6}?许可|暂停\S{0,6}?许可"),
]

_LICENCE_WORD = re.compile(
    r"licen[cs]|permit|permission|approv|authori[sz]|application|request|waiver|validated end|VEU|"
    r"export control|许可|申请|审批",
    re.IGNORECASE,
)
_AUTHORITY_WORD = re.compile(
    r"\b(?:government|Washington|Commerce|BIS|Bureau|officials?|administration|White House|Trump|Biden|"
    r"department|ministry|minister|authorities|regulators?|MOFCOM|METI|MITI|The Hague|Beijing|Tokyo|US|U\.S\.|"
    r"Secretary|agency|Lutnick|Raimondo|Ross)\b|美方|美国|商务部|政府",
)
# Words before a cue, in its clause, that make it speculation, a plan, a call or a conditional.
_HEDGE = re.compile(
    r"\b(?:may|might|could|can|cannot be sure|can't be sure|not sure|no assurance|should|if|whether|"
    r"unless|consider(?:s|ing|ed)?|weigh(?:s|ing|ed)?|"
    r"mull(?:s|ing)?|plans? to|planning to|intends? to|intending to|expects? to|expected to|hopes? to|hoping to|"
    r"wants? to|aims? to|seeks? to|trying to|proposed?|proposal|draft|possible|possibly|potential(?:ly)?|"
    r"likely|unlikely|rumou?r\w*|speculat\w*|call(?:s|ed)? (?:for|to)|urg\w*|unclear|said to be|would-be|"
    r"ready to|threaten\w*|warn\w*|lobby\w*|asking|in talks)\b|可能|考虑|或将|拟",
    re.IGNORECASE,
)
_NEGATION = re.compile(
    r"\b(?:not|n't|never|no|neither|nor|none|nothing|denied|denies|deny|dismissed|without)\b|\w+n't\b|未|没有|并非|不",
    re.IGNORECASE,
)
_CLAUSE_BREAK = re.compile(r"[,;:()—]|\bbut\b|\band\b|\bwhile\b|\bafter\b|\bbefore\b|\bwhich\b|\bwho\b|，|；")
_REPORTED = re.compile(
    r"\b(?:according to|people familiar|sources? (?:said|say|close)|person familiar|reportedly|reported|report said|"
    r"the report|citing)\b|据\S{0,6}报道|知情人士",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class StatusCue:
    status: str
    start: int
    end: int
    reported: bool  # attributed to reports or unnamed sources rather than stated


def _clause_before(sentence: str, start: int, words: int = 7) -> str:
    head = sentence[:start]
    breaks = list(_CLAUSE_BREAK.finditer(head))
    if breaks:
        head = head[breaks[-1].end():]
    return " ".join(head.split()[-words:])


def _is_cancelled(sentence: str, match: re.Match) -> bool:
    before = _clause_before(sentence, match.start())
    if _HEDGE.search(before):
        return True
    # "cannot be shipped without a licence" states a requirement: the negation belongs to the cue.
    if _NEGATION.search(before) and not match.group(0).lower().startswith("without"):
        return True
    inside = match.group(0)
    cue_has_negation = any(word in match.re.pattern for word in ("no longer", "not ", "n't", "without"))
    return not cue_has_negation and bool(re.search(r"\b(?:not|n't|never|no)\b", inside, re.I))


# Every cue contains one of these; a sentence without any is skipped cheaply.
_TRIGGER = re.compile(
    r"licen[cs]|permi|approv|authori|waiver|sign-off|application|request|validated end|VEU|requirement|curbs|"
    r"restrictions|controls|rule|barred|halt|stop|suspen|cease|swept|caught|covered|review|pending|delay|"
    r"unanswered|stall|stuck|backlog|unprocess|slow|waiting|assur|allow|grant|issu|\blet\b|green light|"
    r"go-ahead|pass|cleared|one-year|deni|reject|refus|turned down|veto|block|will not|won't|returned without|"
    r"revok|revocation|strip|no longer|cleared the way|filing|许可|申请|审查|审批|批准|获批|管制|允许|拒绝|驳回|"
    r"吊销|撤销|取消|解除|暂停|不再|不予",
    re.IGNORECASE,
)


def find_status_cues(sentence: str) -> list[StatusCue]:
    """The statuses the sentence reports as having happened, each with the span of its cue."""
    if not _TRIGGER.search(sentence):
        return []
    has_licence_word = bool(_LICENCE_WORD.search(sentence))
    reported = bool(_REPORTED.search(sentence))
    found: list[tuple[Cue, re.Match]] = []
    taken: set[int] = set()
    for cue in CUES:
        if cue.needs_licence_word and not has_licence_word:
            continue
        for match in cue.pattern.finditer(sentence):
            span = set(range(match.start(), match.end()))
            if span & taken:
                continue
            if cue.needs_authority and not _AUTHORITY_WORD.search(sentence[: match.start()]):
                continue
            taken |= span
            if not _is_cancelled(sentence, match):
                found.append((cue, match))
    strong_statuses = {cue.status for cue, _ in found if not cue.weak}
    # The requirement that follows a revocation ("so each shipment needs its own licence") is not news of its own.
    if REVOKED in strong_statuses:
        found = [(cue, match) for cue, match in found if cue.status != IMPOSED]
    return [
        StatusCue(cue.status, match.start(), match.end(), reported)
        for cue, match in found
        if not cue.weak or not strong_statuses - {cue.status}
    ]
