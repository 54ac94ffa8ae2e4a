"""Broad status words in the languages real pages come in, each found with the context that qualifies it.

The precise cues of `cues.py` decide on their own whether a sentence reports a status. These words do
not: they are recall-first hints ("banned", "pending", "批准", "genehmigt") that may well be background,
plans or look-alikes. Each match carries what surrounds it (a hedge, a negation, a modal, a condition)
as features for the learned scorer, which weighs them.

Most hints are single words, found in one Aho-Corasick pass: "restrict*" is any word starting so, "*verbot*"
may also sit inside a compound ("Exportverbot"), a bare entry is the word or phrase itself. Scripts
without spaces (Chinese, Japanese, Korean, Arabic) match anywhere. The few hints that need two separated
words ("requires ... licence") are regular expressions with keywords, as in `cues.py`.
"""

import re
from dataclasses import dataclass

import ahocorasick

from . import cues

# English first, then Chinese (simplified and traditional), Japanese, Korean, German, Polish, Portuguese,
# Swedish and Arabic: the languages of the real-news corpus.
_WORDS: dict[str, tuple[str, ...]] = {
    cues.IMPOSED: (
        "ban", "bans", "banned", "banning", "embargo*", "blacklist*", "prohibit*", "restrict*", "curb*", "limit",
        "limits", "limited", "limiting", "sanction*", "entity list", "export control*", "barred from", "blocked from",
        "halt*", "stop", "stops", "stopped", "cut off", "cuts off", "informed", "notified", "off-limits", "off limits",
        "shut out", "subject to", "pre-approv*", "licence requirement*", "license requirement*",
        "licensing requirement*", "限制", "管制", "禁止", "禁令", "禁售", "断供", "停止供应", "黑名单", "实体清单",
        "收紧", "規制", "輸出管理", "許可制", "許可が必要", "制限", "规制", "규제", "통제", "금지", "제재", "제한",
        "*verbot*", "*beschränk*", "exportkontroll*", "genehmigungspflicht*", "lizenzpflicht*", "untersagt",
        "zakaz*", "ogranicz*", "proib*", "restriç*", "*förbud*", "restriktion*", "قيود", "حظر", "منع", "وقف تصدير",
        "قائمة الكيانات",
    ),
    cues.LIFTED: (
        "lift*", "ease", "eased", "eases", "easing", "rescind*", "rescission", "scrap*", "revers*", "repeal*",
        "rolled back", "roll back", "rollback", "relax*", "loosen*", "unban*", "waive", "waived", "waives",
        "解禁", "取消", "解除", "放宽", "放寬", "撤回", "移出", "緩和", "撤廃", "해제", "완화", "철회", "aufgehoben",
        "aufheb*", "*locker*", "zurückgenommen", "znies*", "złagodz*", "revog*", "flexibiliz*", "hävt", "häver",
        "lättnad*", "رفع", "تخفيف",
    ),
    cues.APPLIED: (
        "apply", "applied", "applies", "applying", "application", "applications", "file", "filed", "files", "filing",
        "submit*", "sought", "seek", "seeks", "seeking", "request", "requests", "requested", "requesting", "asked for",
        "申请", "申請", "提交", "递交", "遞交", "신청", "요청", "beantrag*", "*antrag*", "wnios*", "złożył*",
        "solicit*", "pedido*", "ansök*", "طلب", "تقدم",
    ),
    cues.UNDER_REVIEW: (
        "pending", "review*", "await*", "waiting", "waited for", "waits for", "backlog*", "stall*", "delay*", "limbo",
        "unprocessed", "processing", "slow*", "not yet", "yet to", "being considered", "being reviewed",
        "being processed", "being assessed", "审查", "审批", "审核", "審查", "審批", "審核", "等待", "尚未", "悬而未决",
        "懸而未決", "积压", "積壓", "審査", "保留", "待ち", "심사", "검토", "대기", "*prüf*", "ausstehend", "wart*",
        "rozpatr*", "oczekuj*", "análise", "pendente*", "aguard*", "prövning*", "vänta*", "مراجعة", "انتظار",
    ),
    cues.ASSURED: (
        "assur*", "promis*", "pledg*", "guarante*", "green light", "greenlight*", "go-ahead", "nod",
        "cleared the way", "承诺", "承諾", "保证", "保證", "同意", "将允许", "将批准", "将发放", "將允許", "將批准",
        "將核發", "绿灯", "綠燈", "放行", "方針", "保証", "방침", "약속", "보장", "zusicher*", "zugesichert",
        "zugesagt", "zapewni*", "obiec*", "garant*", "promet*", "lovat", "försäkrat", "وعد", "تعهد", "سيسمح", "ستمنح",
    ),
    cues.GRANTED: (
        "grant*", "approv*", "issue", "issued", "issues", "issuing", "receiv*", "obtain*", "won", "secured",
        "secures", "securing", "allowed", "permitted", "authoris*", "authoriz*", "cleared", "waiver", "waivers",
        "exempt*", "licensed", "resum*", "veu", "validated end-user*", "validated end user*", "批准", "获批", "獲批",
        "获准", "獲准", "许可证", "許可證", "豁免", "允许", "允許", "核发", "核發", "許可を得", "許可を取得", "承認",
        "認め", "승인", "허가를 받", "허용", "genehmig*", "erteilt", "lizenz*", "zugelassen", "erlaubt", "zgod*",
        "zezwol*", "licencj*", "przyzna*", "aprov*", "autoriz*", "conced*", "godkän*", "beviljat", "tillstånd*",
        "وافق", "موافقة", "منح", "سمح", "رخص",
    ),
    cues.DENIED: (
        "deny", "denied", "denies", "denial*", "reject*", "refus*", "turned down", "veto*", "blocked",
        "returned without action", "拒绝", "拒絕", "驳回", "駁回", "不予", "否决", "否決", "拒否", "却下", "거부",
        "거절", "불허", "abgelehnt", "verweigert", "odmów*", "odrzuc*", "negad*", "recus*", "rejeit*", "avslag*",
        "nekat", "avslog", "رفض",
    ),
    cues.REVOKED: (
        "revok*", "revocation*", "suspen*", "cancel*", "withdr*", "pull", "pulled", "pulls", "pulling", "strip*",
        "terminat*", "expir*", "lost", "lose", "loses", "losing", "loss of", "吊销", "吊銷", "撤销", "撤銷", "暂停",
        "暫停", "中止", "收回", "取り消", "취소", "중단", "widerruf*", "entzogen", "ausgesetzt", "odwoła*", "zawiesz*",
        "återkall*", "indrag*", "سحب", "تعليق", "إلغاء",
    ),
}

# Hints of two separated words: (status, lower-case keywords one of which any match contains, pattern).
_PHRASES = [
    (cues.IMPOSED, ("requir", "need"),
     r"\b(?:requir\w*|needs?|needed|needing)\b[^.;]{0,40}?\b(?:licen[cs]\w*|permits?|approval|authori[sz]ation)"),
    (cues.IMPOSED, ("without",), r"\bwithout (?:a |an |the )?(?:\w+ )?licen[cs]\w*"),
    (cues.IMPOSED, ("需", "須", "须"), r"(?:需要?|須|须)\S{0,4}[许許]可"),
    (cues.LIFTED, ("remov",),
     r"\bremov\w*\b[^.;]{0,40}?\b(?:restrictions?|requirements?|curbs|controls|entity list|ban)\b"),
    (cues.LIFTED, ("no longer",), r"\bno longer (?:needs?|requires?|required|subject)\b"),
    (cues.UNDER_REVIEW, ("n't", "not"),
     r"\b(?:has|have|had)(?:n't| not)(?: yet)? (?:decided|approved|granted|issued|responded|received|acted)\b"),
    (cues.ASSURED, ("will", "would", "shall"),
     r"\b(?:will|would|shall)\s+(?:\w+\s+)?(?:be\s+)?(?:allow\w*|grant\w*|approv\w*|issu\w*|permit\w*|licen[cs]\w*)\b"),
    (cues.ASSURED, ("to allow", "to let", "to approve", "to grant", "to issue", "to license", "to permit"),
     r"\b(?:agreed|plans?|planning|set|decided|intends?) to (?:allow|let|approve|grant|issue|license|permit)\b"),
    (cues.ASSURED, ("将", "將"), r"[将將](?:会|會)?(?:允许|允許|批准|发放|發放|核发|核發)"),
    (cues.GRANTED, ("can",), r"\bcan (?:now |again )?(?:sell|ship|export|supply)\b"),
    (cues.DENIED, ("not", "never", "won't"),
     r"\b(?:not|never) (?:be )?(?:approved|granted|allowed|licensed)\b|\bwon't (?:approve|grant|allow)\b"),
    (cues.REVOKED, ("end",),
     r"\bend(?:s|ed|ing)? (?:the |its |their )?(?:\w+ )?(?:waivers?|VEU|exemptions?|authori[sz]ations?|"
     r"licen[cs]\w*|status)\b"),
    (cues.REVOKED, ("no longer",), r"\bno longer (?:allowed|authori[sz]ed|permitted|exempt)\b"),
    (cues.REVOKED, ("remov",),
     r"\bremov\w*\b[^.;]{0,30}?\b(?:VEU|validated end[- ]users?|authori[sz]ations?|waivers?)\b"),
    (cues.REVOKED, ("renew",), r"\bnot (?:be )?renew\w*"),
]

_FUTURE = re.compile(r"\b(?:will|would|shall|going to|expected to|set to|could|may|might)\b|将|將|或", re.IGNORECASE)
# "would need to apply", "if approved", "once licences are granted": a procedure or a condition, not a report.
_CONDITIONAL = re.compile(r"\b(?:if|unless|once|when|whether|would need|would have to|in order to|to be able to)\b|"
                          r"如果|若|一旦", re.IGNORECASE)


@dataclass(frozen=True)
class WordMatch:
    status: str
    start: int
    end: int
    hedged: bool  # speculation, a plan or a call in the words before it
    negated: bool
    future: bool  # a modal or future marker in its clause
    conditional: bool


@dataclass(frozen=True)
class _Entry:
    status: str
    length: int
    prefix: bool  # "restrict*": the rest of the word may follow
    inside: bool  # "*verbot*": may start inside a word


def _is_latin(char: str) -> bool:
    return char.isascii() and char.isalnum() or char in "äöüßéáíóúãõçłńśźżąęåø"


def _word_automaton() -> ahocorasick.Automaton:
    automaton = ahocorasick.Automaton()
    for status, words in _WORDS.items():
        for word in words:
            text = word.strip("*")
            entry = _Entry(status, len(text), word.endswith("*"), word.startswith("*") or not _is_latin(text[0]))
            automaton.add_word(text, (*automaton.get(text, ()), entry))
    automaton.make_automaton()
    return automaton


def _phrase_automaton() -> ahocorasick.Automaton:
    automaton = ahocorasick.Automaton()
    for position, (_, keywords, _) in enumerate(_PHRASES):
        for keyword in keywords:
            automaton.add_word(keyword, (*automaton.get(keyword, ()), position))
    automaton.make_automaton()
    return automaton


_WORD_AUTOMATON = _word_automaton()
_PHRASE_AUTOMATON = _phrase_automaton()
_PHRASE_PATTERNS = [re.compile(pattern, re.IGNORECASE) for _, _, pattern in _PHRASES]


def _word_spans(sentence: str, lowered: str):
    """(status, start, end) of every listed word, on word boundaries where its script has them."""
    for last, entries in _WORD_AUTOMATON.iter(lowered):
        for entry in entries:
            start, end = last + 1 - entry.length, last + 1
            if not entry.inside and start > 0 and _is_latin(lowered[start - 1]):
                continue
            if entry.prefix:
                while end < len(lowered) and _is_latin(lowered[end]):
                    end += 1
            elif _is_latin(lowered[last]) and end < len(lowered) and _is_latin(lowered[end]):
                continue
            yield entry.status, start, end


def _phrase_spans(sentence: str, lowered: str):
    positions = {position for _, found in _PHRASE_AUTOMATON.iter(lowered) for position in found}
    for position in sorted(positions):
        for match in _PHRASE_PATTERNS[position].finditer(sentence):
            yield _PHRASES[position][0], match.start(), match.end()


def find_status_words(sentence: str) -> list[WordMatch]:
    """Every broad status word of the sentence with its context; one status may match several times."""
    lowered = sentence.lower()
    if len(lowered) != len(sentence):  # a character that lowers to two: keep offsets aligned
        lowered = "".join(char.lower() if len(char.lower()) == 1 else char for char in sentence)
    spans = sorted(set(_word_spans(sentence, lowered)) | set(_phrase_spans(sentence, lowered)),
                   key=lambda span: (span[1], span[0]))
    matches = []
    for status, start, end in spans:
        before = cues.clause_before(sentence, start)
        matches.append(WordMatch(
            status=status,
            start=start,
            end=end,
            hedged=bool(cues.HEDGE.search(before)),
            negated=bool(cues.NEGATION.search(before)) or bool(cues.NEGATION.search(sentence[start:end])),
            future=bool(_FUTURE.search(before)),
            conditional=bool(_CONDITIONAL.search(sentence, 0, start)),
        ))
    return matches
