"""Broad status words in the languages real pages come in, each found with the context that qualifies it.

The precise cues of `cues.py` decide on their own whether a sentence reports a status. These words do
not: they are recall-first hints ("banned", "pending", "批准", "genehmigt") that may well be background,
plans or look-alikes. Each match carries what surrounds it (a hedge, a negation, a question, a future
modal, an attribution, a licence word) as features for the learned scorer, which weighs them.
"""

import re
from dataclasses import dataclass

import ahocorasick

from . import cues

_EN = re.IGNORECASE

# status → (lower-case keywords one of which any match contains, pattern). English first, then Chinese,
# Japanese, Korean, German, Polish, Portuguese, Swedish and Arabic, the languages of the real-news corpus.
_WORDS: dict[str, tuple[tuple[str, ...], str]] = {
    cues.IMPOSED: (
        ("requir", "need", "ban", "embargo", "restrict", "curb", "limit", "blacklist", "entity list", "control",
         "prohibit", "barred", "block", "halt", "stop", "cut off", "inform", "notif", "off-limits", "off limits",
         "shut out", "sanction", "subject to", "pre-approv", "without", "licence requirement",
         "license requirement", "限制", "管制", "禁", "断供", "停止供应", "许可", "黑名单", "实体清单", "收紧",
         "規制", "輸出管理", "許可", "制限", "リスト", "규제", "통제", "금지", "제재", "허가", "제한",
         "verbot", "beschränk", "kontroll", "genehmigungspflicht", "lizenzpflicht", "untersagt", "sanktion",
         "zakaz", "ogranicz", "kontrol", "proib", "restri", "embargo", "förbud", "restriktion", "قيود", "حظر",
         "ترخيص", "منع", "وقف"),
        r"\b(?:requir\w*|needs?|needed|needing)\b[^.;]{0,40}?\b(?:licen[cs]\w*|permits?|approval|authori[sz]ation)|"
        r"\blicen[cs]e requirements?\b|\b(?:bans?|banned|banning|embargo\w*|blacklist\w*|prohibit\w*)\b|"
        r"\b(?:restrict\w*|curb\w*|limit(?:s|ed|ing)?|sanction\w*)\b|\bentity list\b|\bexport controls?\b|"
        r"\b(?:barred|blocked) from\b|\b(?:halt\w*|stop(?:s|ped|ping)?|cut(?:s|ting)? off)\b|"
        r"\b(?:informed|notified)\b|\boff[- ]limits\b|\bshut out\b|\bsubject to\b|\bpre-approv\w*|"
        r"\bwithout (?:a |an |the )?(?:\w+ )?licen[cs]\w*|"
        r"限制|管制|禁止|禁令|禁售|断供|停止供应|许可证?要求|需要?\S{0,4}许可|黑名单|实体清单|收紧|"
        r"規制|輸出管理|許可制|許可が必要|制限|エンティティー?リスト|규제|통제|금지|제재|허가를 받아야|제한|"
        r"(?:\w*verbot\w*|\w*beschränk\w*|exportkontroll\w*|genehmigungspflicht\w*|lizenzpflicht\w*|untersagt)|"
        r"(?:zakaz\w*|ogranicz\w*|kontrol\w* eksport\w*|proib\w*|restriç\w*|restri[cç]\w*|\w*förbud\w*|"
        r"restriktion\w*)|قيود|حظر|منع|وقف تصدير|قائمة الكيانات",
    ),
    cues.LIFTED: (
        ("lift", "eas", "rescind", "rescission", "scrap", "revers", "repeal", "roll", "remov", "no longer", "relax",
         "loosen", "unban", "waiv", "解禁", "取消", "解除", "放宽", "撤回", "恢复", "移出", "緩和", "撤廃", "해제",
         "완화", "철회", "aufgehoben", "aufheb", "locker", "zurückgenommen", "znies", "złagodz", "cofn", "revog",
         "flexibiliz", "levant", "hävt", "häver", "lättnad", "رفع", "إلغاء", "تخفيف"),
        r"\b(?:lift\w*|eas(?:e|ed|es|ing)|rescind\w*|rescission|scrap\w*|revers\w*|repeal\w*|roll(?:ed|s)? back|"
        r"rollback|relax\w*|loosen\w*|unban\w*|waiv\w*)\b|\bremov\w*\b[^.;]{0,40}?\b(?:restrictions?|requirements?|"
        r"curbs|controls|entity list|ban)\b|\bno longer (?:needs?|requires?|required|subject)\b|"
        r"解禁|取消|解除|放宽|撤回|移出|緩和|撤廃|解除|해제|완화|철회|"
        r"(?:aufgehoben|aufheb\w*|\w*locker\w*|zurückgenommen|znies\w*|złagodz\w*|revog\w*|flexibiliz\w*|"
        r"hävt|häver|lättnad\w*)|رفع|تخفيف",
    ),
    cues.APPLIED: (
        ("appl", "fil", "submit", "sought", "seek", "request", "asked for", "申请", "提交", "递交", "申請", "신청",
         "요청", "beantrag", "antrag", "wnios", "złoży", "solicit", "pedido", "ansök", "طلب", "تقدم"),
        r"\b(?:appl(?:y|ied|ies|ying|ications?)|fil(?:e|ed|es|ing)|submit\w*|sought|seek(?:s|ing)?|"
        r"request(?:s|ed|ing)?|asked for)\b|申请|提交|递交|申請|신청|요청|"
        r"(?:beantrag\w*|\w*antrag\w*|wnios\w*|złożył\w*|solicit\w*|pedido\w*|ansök\w*)|طلب|تقدم",
    ),
    cues.UNDER_REVIEW: (
        ("pending", "review", "await", "wait", "backlog", "stall", "delay", "limbo", "not yet", "yet to",
         "has not", "have not", "hasn't", "haven't", "unprocessed", "processing", "being considered", "slow",
         "审查", "审批", "审核", "等待", "尚未", "悬而未决", "积压", "審査", "保留", "待ち", "심사", "검토", "대기",
         "prüf", "ausstehend", "wart", "rozpatr", "oczekuj", "análise", "pendente", "aguard", "prövning", "vänta",
         "مراجعة", "انتظار"),
        r"\b(?:pending|review\w*|await\w*|waiting|wait(?:ed|s)? (?:for|on)|backlog\w*|stall\w*|delay\w*|limbo|"
        r"unprocessed|processing|slow\w*)\b|\b(?:not yet|yet to)\b|"
        r"\b(?:has|have|had)(?:n't| not)(?: yet)? (?:decided|approved|granted|issued|responded|received|acted)\b|"
        r"\bbeing (?:considered|reviewed|processed|assessed)\b|"
        r"审查|审批|审核|等待|尚未|悬而未决|积压|審査|保留|待ち|심사|검토|대기|"
        r"(?:\w*prüf\w*|ausstehend|wart\w*|rozpatr\w*|oczekuj\w*|análise|pendente\w*|aguard\w*|prövning\w*|"
        r"vänta\w*)|مراجعة|انتظار",
    ),
    cues.ASSURED: (
        ("assur", "promis", "pledg", "guarante", "will", "would", "agreed", "plans to", "green light", "go-ahead",
         "nod", "cleared the way", "set to", "signal", "承诺", "保证", "同意", "将", "绿灯", "放行", "方針", "保証",
         "방침", "약속", "보장", "zusicher", "zugesichert", "zugesagt", "werde", "zapewni", "obiec", "garant",
         "promet", "lovat", "försäkrat", "وعد", "تعهد", "سيسمح", "ستمنح"),
        r"\b(?:assur\w*|promis\w*|pledg\w*|guarante\w*)\b|"
        r"\b(?:will|would|shall)\s+(?:\w+\s+)?(?:be\s+)?(?:allow\w*|grant\w*|approv\w*|issu\w*|permit\w*|licen[cs]\w*)\b|"
        r"\b(?:agreed|plans?|planning|set|decided|intends?) to (?:allow|let|approve|grant|issue|license|permit)\b|"
        r"\b(?:green light|go-ahead|nod)\b|\bcleared the way\b|\bsignal\w* (?:approval|it would)\b|"
        r"承诺|保证|同意|将(?:会)?(?:允许|批准|发放)|绿灯|放行|方針|保証|방침|약속|보장|"
        r"(?:zusicher\w*|zugesichert|zugesagt|zapewni\w*|obiec\w*|garant\w*|promet\w*|lovat|försäkrat)|"
        r"وعد|تعهد|سيسمح|ستمنح",
    ),
    cues.GRANTED: (
        ("grant", "approv", "issu", "receiv", "obtain", "won", "secur", "allowed", "permitted", "authori",
         "green light", "go-ahead", "cleared", "waiver", "exempt", "licensed", "veu", "validated end", "resum",
         "can now", "批准", "获", "许可证", "豁免", "允许", "恢复", "許可", "承認", "認め", "승인", "허가", "허용",
         "genehmig", "erteilt", "lizenz", "zugelassen", "erlaubt", "zgod", "zezwol", "licencj", "przyzna", "aprov",
         "autoriz", "conced", "godkän", "beviljat", "tillstånd", "وافق", "موافقة", "منح", "سمح", "رخص"),
        r"\b(?:grant\w*|approv\w*|issu(?:e|ed|es|ing)|receiv\w*|obtain\w*|won|secur(?:ed|es|ing)|allowed|permitted|"
        r"authori[sz]\w*|cleared|waivers?|exempt\w*|licensed|resum\w*)\b|\b(?:green light|go-ahead)\b|\bVEU\b|"
        r"\bvalidated end[- ]users?\b|\bcan (?:now |again )?(?:sell|ship|export|supply)\b|"
        r"批准|获批|获准|获得\S{0,6}许可|许可证|豁免|允许|恢复\S{0,4}(?:销售|供货|出口)|許可を(?:得|取得)|承認|認め|"
        r"승인|허가를 받|허용|(?:genehmig\w*|erteilt|lizenz\w*|zugelassen|erlaubt|zgod\w*|zezwol\w*|licencj\w*|"
        r"przyzna\w*|aprov\w*|autoriz\w*|conced\w*|godkän\w*|beviljat|tillstånd\w*)|وافق|موافقة|منح|سمح|رخص",
    ),
    cues.DENIED: (
        ("den", "reject", "refus", "turned down", "veto", "block", "returned without action", "not be approved",
         "won't", "拒绝", "驳回", "不予", "否决", "拒否", "却下", "거부", "거절", "불허", "abgelehnt", "verweigert",
         "odmów", "odrzuc", "negad", "recus", "rejeit", "avslag", "nekat", "avslog", "رفض"),
        r"\b(?:den(?:y|ied|ies|ial)\w*|reject\w*|refus\w*|turned down|veto\w*|blocked|returned without action)\b|"
        r"\b(?:not|never) (?:be )?(?:approved|granted|allowed|licensed)\b|\bwon't (?:approve|grant|allow)\b|"
        r"拒绝|驳回|不予|否决|拒否|却下|거부|거절|불허|"
        r"(?:abgelehnt|verweigert|odmów\w*|odrzuc\w*|negad\w*|recus\w*|rejeit\w*|avslag\w*|nekat|avslog)|رفض",
    ),
    cues.REVOKED: (
        ("revok", "revocation", "suspen", "cancel", "rescind", "withdr", "pull", "strip", "end", "terminat",
         "no longer", "remov", "lost", "los", "expir", "renew", "吊销", "撤销", "取消", "暂停", "中止", "收回", "到期",
         "取り消", "撤回", "停止", "취소", "철회", "중단", "widerruf", "entzogen", "ausgesetzt", "cofn", "odwoła",
         "zawiesz", "revog", "cancel", "suspend", "återkall", "indrag", "سحب", "تعليق", "إلغاء"),
        r"\b(?:revok\w*|revocations?|suspen\w*|cancel\w*|withdr[ae]w\w*|pull(?:ed|s|ing)?|strip\w*|terminat\w*|"
        r"expir\w*)\b|\bend(?:s|ed|ing)? (?:the |its |their )?(?:\w+ )?(?:waivers?|VEU|exemptions?|authori[sz]ations?|"
        r"licen[cs]\w*|status)\b|\bno longer (?:allowed|authori[sz]ed|permitted|exempt)\b|"
        r"\bremov\w*\b[^.;]{0,30}?\b(?:VEU|validated end[- ]users?|authori[sz]ations?|waivers?)\b|"
        r"\b(?:lost|los(?:e|es|ing)|loss of)\b|\bnot (?:be )?renew\w*|"
        r"吊销|撤销|暂停|中止|收回|取り消|撤回|취소|철회|"
        r"(?:widerruf\w*|entzogen|ausgesetzt|odwoła\w*|zawiesz\w*|återkall\w*|indrag\w*)|سحب|تعليق|إلغاء",
    ),
}

LICENCE_CONTEXT = re.compile(
    r"licen[cs]|permit|permission|approv|authori[sz]|waiver|exempt|validated end|VEU|export control|许可|許可|허가|"
    r"승인|審査|genehmig|lizenz|licencj|licença|licens|tillstånd|ترخيص|تراخيص",
    re.IGNORECASE,
)
TRADE_CONTEXT = re.compile(
    r"export|ship|sell|sale|supply|suppl|deliver|出口|销售|供货|輸出|販売|수출|판매|ausfuhr|eksport|exporta|"
    r"försälj|تصدير",
    re.IGNORECASE,
)
_FUTURE = re.compile(r"\b(?:will|would|shall|going to|expected to|set to|could|may|might)\b|将|或", re.IGNORECASE)
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


def _automaton() -> ahocorasick.Automaton:
    """Each keyword leads to the statuses whose words contain it."""
    automaton = ahocorasick.Automaton()
    for status, (keywords, _) in _WORDS.items():
        for keyword in keywords:
            automaton.add_word(keyword, (*automaton.get(keyword, ()), status))
    automaton.make_automaton()
    return automaton


_KEYWORDS = _automaton()
_PATTERNS = {status: re.compile(pattern, _EN) for status, (_, pattern) in _WORDS.items()}


def find_status_words(sentence: str) -> list[WordMatch]:
    """Every broad status word of the sentence with its context; one status may match several times."""
    statuses = {status for _, found in _KEYWORDS.iter(sentence.lower()) for status in found}
    matches = []
    for status in sorted(statuses):
        for match in _PATTERNS[status].finditer(sentence):
            before = cues.clause_before(sentence, match.start())
            matches.append(WordMatch(
                status=status,
                start=match.start(),
                end=match.end(),
                hedged=bool(cues.HEDGE.search(before)),
                negated=bool(cues.NEGATION.search(before)) or bool(cues.NEGATION.search(match.group(0))),
                future=bool(_FUTURE.search(before)),
                conditional=bool(_CONDITIONAL.search(sentence[:match.start()])),
            ))
    return matches
