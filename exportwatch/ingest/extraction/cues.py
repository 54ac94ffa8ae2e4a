"""Which licence status a sentence reports: cue phrases per status, and the hedges and negations that cancel them."""

import re
from dataclasses import dataclass

import ahocorasick

IMPOSED = "requirement_imposed"
LIFTED = "requirement_lifted"
APPLIED = "applied"
UNDER_REVIEW = "under_review"
ASSURED = "assured"
GRANTED = "granted"
DENIED = "denied"
REVOKED = "revoked"

_LICENCE = r"(?:export )?licen[cs](?:e|es|ing)"
_PERMIT = rf"(?:{_LICENCE}|permits?|permission|approvals?|clearances?|authori[sz]ations?|sign-off|waivers?|exemptions?)"
_W = r"(?:[\w'’$%.-]+\s+)"  # one word and its space
# One word that does not start a second noun phrase: "suspended licences or imposed new requirements".
_W_NOT_OR = r"(?:(?!(?:or|and|new|additional)\b)[\w'’$%.-]+\s+)"
# One word of a list of names: "required Synopsys, Cadence and Siemens EDA to obtain licences".
_W_LISTED = r"(?:[\w'’$%.&-]+,?\s+)"
_SHIP = r"(?:ship|sell|export|supply|deliver|send|bring|keep|continue|resume|operate)\w*"
# A word that is not a modal: "licences would be approved" is a promise, not a grant.
_NOT_MODAL = r"(?!(?:will|would|could|may|might|should|to|be)\b)"


@dataclass(frozen=True)
class Cue:
    status: str
    keywords: tuple[str, ...]  # lower-case substrings, one of which every match contains: a cheap prefilter
    pattern: re.Pattern
    needs_licence_word: bool = False  # the sentence must speak of licences, permits or applications
    needs_authority: bool = False  # a government must be the one acting ("will allow")
    weak: bool = False  # dropped when a stronger cue of another status is in the same sentence
    needs_neighbour: bool = False  # counts only next to a sentence with a cue of the same status
    refers_back: bool = False  # "covered by this rule": the rule the sentence before reports decides the status
    # Must match the text just before the cue; keeps the cue's own span short so a cue of another status
    # on the same noun ("lifted the requirement it had imposed in May") is still found.
    context_before: re.Pattern | None = None


_CONTEXT_BEFORE_CHARS = 90


def _cue(status, keywords, pattern, context_before="", **flags):
    context = re.compile(context_before, re.IGNORECASE) if context_before else None
    return Cue(status, keywords, re.compile(pattern, re.IGNORECASE), context_before=context, **flags)


# A rule noun before a cue that has no noun of its own: "the restrictions, imposed in May, no longer apply".
_RULE_NOUN_BEFORE = r"\b(?:requirements?|restrictions|curbs|controls)\b[^.;]*$"


# The languages real pages come in besides English and Chinese: first Japanese, Korean, German, Dutch, French and
# Spanish, the most frequent, then seven more in fewer words. They sit in the list before the English requirement
# cues, so "規制を緩和" (eased the controls) or "규제 유예" (controls deferred) takes the words a requirement would
# otherwise read.
_OTHER_LANGUAGES = [
    _cue(LIFTED, ("緩和", "解除", "撤廃", "해제", "완화", "철회", "aufgehoben", "opgeheven", "levée", "levé", "levant",
                  "levantó", "levanta"),
         r"(?:規制|制限|禁止)\S{0,4}?(?:緩和|解除|撤廃)|(?:규제|제재|금지|제한)\S{0,2}\s?(?:해제|완화|철회)|"
         r"\b(?:beperkingen?|exportverbod)\b[^.;]{0,40}?\bopgeheven\b|"
         r"\blev(?:ée|é|er|ent|a)\s+(?:\S+\s+){0,3}?(?:restrictions|interdiction|exigence)\w*|"
         r"\blevant(?:ó|a|ar|aron)\s+(?:\S+\s+){0,3}?(?:restricciones|prohibici[oó]n|requisito)\w*"),
    # "原則不許可から案件ごとの審査に変更" (from denial in principle to case-by-case review), "販売を認める方針".
    _cue(ASSURED, ("案件ごと", "個別審査", "認める方針", "認める決定", "허용하기로", "허용할", "허용키로",
                   "zugesichert"),
         r"(?:案件ごと|個別)\S{0,2}?審査|(?:販売|輸出|出荷)\S{0,4}?認める(?:方針|決定)|"
         r"(?:판매|수출)\S{0,2}\s?(?:재개\S?\s?)?(?:을|를)?\s?허용(?:하기로|할|키로)|"
         r"\bzugesichert\b[^.;]{0,80}?(?:lizenz|genehmigung)\w*[^.;]{0,30}?\bzu "
         r"(?:bewilligen|erteilen|genehmigen)\b"),
    # "Trump sagte, er werde Nvidia erlauben …", "Washington permettra …": a government's "will allow".
    _cue(ASSURED, ("erlauben", "permettra", "autorisera", "permitirá", "autorizará"),
         r"\b(?:werde|werden)\b[^.;]{0,60}?\berlauben\b|\berlauben werden\b|"
         r"\b(?:permettra|autorisera|permitirá|autorizará)\b", needs_authority=True),
    _cue(GRANTED, ("許可し", "承認し", "許可を出", "発行", "交付", "付与", "발급", "승인", "반입",
                   "반출", "유예", "genehmig", "erteil", "freigegeben", "verleend", "gekregen", "toestemming",
                   "accord", "autoris", "feu vert", "concedi", "otorg", "aprob", "autoriz"),
         r"(?:許可|承認)(?:を出|し)た|(?:許可|ライセンス|許可証)を(?:発行|交付|付与)(?!する方針)|"
         r"(?:허가|허가서|라이선스|승인)\S{0,3}\s?발급(?:하기 시작|했|받|을 시작)|"
         # "H20 칩의 중국 판매를 승인했다" (approved the chip's sales to China)
         r"(?:판매|수출)\S{0,2}\s?(?:을|를)\s?승인(?:했|함|하면서)|"
         r"(?:반입|반출)\S{0,2}\s?(?:을\s?)?(?:\S+\s){0,2}?허용(?!하지)|(?:규제|통제)\s?유예|"
         r"\b(?:Lizenz|Genehmigung|Exportlizenz|Ausfuhrgenehmigung)\w*\b[^.;]{0,80}?\b(?:genehmigt|erteilt|bewilligt)"
         # "erteilte Nvidia eine Lizenz" is the verb; "bereits erteilte Lizenzen" (licences already issued) is not.
         r"\b(?! werden)|\b(?:erteilte|erteilten|genehmigte|genehmigten)\s+(?:\S+\s+){1,4}?"
         r"(?:Lizenz|Genehmigung|Export)\w*|\bbegonnen\b[^.;]{0,80}?\b(?:Lizenz|Genehmigung)\w*[^.;]{0,80}?\bzu "
         r"(?:erteilen|vergeben)\b|"
         r"\bwieder\b[^.;]{0,60}?\bfreigegeben\b|"
         r"\b(?:vergunning|toestemming)\w*\s+(?:\S+\s+){0,3}?(?:verleend|gekregen)\b(?!\s+(?:wordt|worden|zal|zou))|"
         r"\blicences?\s+(?:\S+\s+){0,4}?(?:a|ont) été (?:accordée?s?|délivrée?s?)|"
         r"\b(?:a|ont) (?:accordé|délivré|autorisé)\s+(?:\S+\s+){0,4}?(?:licences?|exportations?|ventes?)\b|"
         r"\bdonné le feu vert\b|"
         r"\b(?:concedi[óo]|otorg[óo]|aprob[óo]|autoriz[óo])\s+(?:\S+\s+){0,4}?(?:licencias?|exportaci[oó]n|ventas?)\b"),
    _cue(APPLIED, ("申請", "신청", "beantrag", "aangevraagd", "demand", "solicit"),
         r"(?:許可|承認|ライセンス)\S{0,4}?申請(?:し|を(?:出|提出|行))|신청서\S{0,2}\s?제출|신청한\s?\S{0,12}?(?:허가|라이선스)|"
         r"\b(?:Lizenz|Genehmigung|Exportlizenz|Ausfuhrgenehmigung)\w*\s+(?:\S+\s+){0,4}?beantragt\b|"
         r"\bbeantragte\w*\s+(?:\S+\s+){0,4}?(?:Lizenz|Genehmigung)\w*|"
         # "heeft een vergunning aangevraagd" is a filing; "moet een vergunning worden aangevraagd" a duty (below).
         r"\b(?:heeft|hebben|had|hadden)\b[^.;]{0,40}?\bvergunning\w*\s+(?:\S+\s+){0,3}?aangevraagd\b|"
         r"\b(?:a|ont) demandé\s+(?:\S+\s+){0,3}?(?:licences?|autorisations?)\b|"
         r"\bsolicit[óo]\s+(?:\S+\s+){0,3}?(?:licencias?|autorizaci[oó]n|permisos?)\b"),
    _cue(REVOKED, ("取り消", "取消", "撤回", "취소", "철회", "박탈", "폐지", "제외", "widerruf", "entzog", "entzogen",
                   "ingetrokken", "révoqu", "supprimé", "annul", "revoc"),
         r"(?:許可|ライセンス|資格|認定|地位)\S{0,6}?(?:取り消|取消|撤回)|"
         r"(?:허가|라이선스|지위|자격|면허)\S{0,2}\s?(?:취소|철회|박탈|폐지)(?!하지)|VEU\S{0,2}\s?명단에서\s?(?:\S+\s?){0,4}?제외|"
         r"\b(?:Lizenz|Genehmigung|Status)\w*\b[^.;]{0,60}?\b(?:widerrufen|entzogen|zurückgezogen)\b|"
         r"\b(?:widerrief|entzog)\w*\b[^.;]{0,60}?\b(?:Lizenz|Genehmigung|Status)\w*|"
         r"\bvergunning\w*\s+(?:\S+\s+){0,3}?ingetrokken\b|"
         r"\b(?:révoqu\w*|supprimé|annul\w*)\s+(?:\S+\s+){0,3}?(?:licences?|permis|autorisations?)\b|"
         r"\b(?:licences?|permis|autorisations?)\b[^.;]{0,40}?\b(?:étaient|sont|ont été|été) révoquée?s?\b|"
         r"\brevoc(?:ó|a|aron|ado|ada)\s+(?:\S+\s+){0,3}?(?:licencias?|permisos?|autorizaci[oó]n)\b"),
    _cue(DENIED, ("却下", "拒否", "거부", "불허", "기각", "abgelehnt", "verweigert", "geweigerd", "afgewezen", "refusé",
                  "rejeté", "deneg", "rechaz"),
         r"(?:申請|許可|承認)\S{0,4}?(?:却下|拒否)|(?:신청|허가|승인)\S{0,2}\s?(?:거부|불허|기각)|"
         r"\b(?:Antrag|Anträge|Lizenz|Genehmigung)\w*\b[^.;]{0,60}?\b(?:abgelehnt|verweigert)\b|"
         r"\b(?:aanvraag|vergunning)\w*\b[^.;]{0,40}?\b(?:geweigerd|afgewezen)\b|"
         r"\b(?:a|ont) (?:refusé|rejeté)\s+(?:\S+\s+){0,3}?(?:licences?|demandes?|autorisations?)\b|"
         r"\b(?:deneg[óo]|rechaz[óo])\s+(?:\S+\s+){0,3}?(?:licencias?|solicitud\w*|permisos?)\b"),
    _cue(UNDER_REVIEW, ("審査中", "審査待ち", "承認待ち", "時間がかか", "遅れ", "長引", "지연", "prüfung", "geprüft",
                        "in behandeling", "en attente", "en cours d'examen", "pendiente"),
         r"審査(?:中|待ち)|承認待ち|(?:承認|許可|審査)\S{0,6}?(?:時間がかか|遅れ|長引)|(?:허가|승인|라이선스)\S{0,8}\s?지연|"
         r"\b(?:Antrag|Anträge|Lizenz|Genehmigung)\w*\b[^.;]{0,60}?\b(?:in Prüfung|geprüft)\b|\bin behandeling\b|"
         r"\b(?:licences?|demandes?)\b[^.;]{0,40}?\b(?:en attente|en cours d'examen)\b|"
         r"\b(?:licencias?|solicitud\w*)\b[^.;]{0,40}?\bpendientes?\b"),
    _cue(IMPOSED, ("出荷", "禁止対象", "금지", "차단", "받도록", "통제", "제한", "untersag", "verbot", "verhäng",
                   "stoppte", "plicht", "exportbeperking", "scherp", "niet meer", "aanvragen", "aangevraagd", "nodig",
                   "geëxporteerd", "interdit", "soumis", "exige", "prohib", "requier", "necesita", "blocked by"),
         r"出荷\S{0,6}?禁止|禁止対象|(?:판매|수출|공급)\S{0,2}\s?(?:을|를)?\s?(?:전면\s?)?(?:금지|차단)(?!하지)|"
         r"허가를\s?받도록|(?:판매|수출|공급)\S{0,2}\s?(?:을|를)\s?(?:통제|제한)(?:했|한다|한|하기로|키로)|"
         r"\b(?:Export|Ausfuhr|Verkauf|Lieferung)\w*\b[^.;]{0,50}?\b(?:untersagt|verboten)\b|\buntersagte\w*\b|"
         r"\b(?:Verbot|Exportverbot|Exportauflagen|Exportkontrollen|Beschränkungen)\b[^.;]{0,60}?\bverhängt\w*\b|"
         r"\bstoppte\b[^.;]{0,40}?\b(?:Verkauf|Export|Ausfuhr)\b|"
         # "Het kabinet scherpt de regels aan voor ASML" (tightens the rules), "exportregels aangescherpt"
         r"\bscherp\w*\s+(?:\S+\s+){0,3}?(?:exportregels|regels|controles?|beperkingen)\s+aan\b|"
         r"\b(?:exportregels|regels|controles?|beperkingen)\b[^.;]{0,60}?\baangescherpt\b|"
         r"\bvergunnings?plicht\w*|\bexportbeperking\w*|\bmag\b[^.;]{0,60}?\bniet meer\b[^.;]{0,40}?\b(?:exporteren|"
         r"leveren|verkopen)\b|\bvergunning\s+(?:moeten|moet)\s+aanvragen\b|"
         r"\bmoet(?:en)?\b[^.;]{0,40}?\bvergunning\w*\s+(?:\S+\s+){0,2}?(?:worden\s+)?aangevraagd\b|"
         r"\bexportvergunning\w*\s+nodig\b|\bmogen\b[^.;]{0,40}?\bniet\b[^.;]{0,30}?\bgeëxporteerd\b|"
         r"\binterdit\w*\s+(?:l'|d')?(?:exportation|export|vente)|\bsoumis\w* à (?:une )?licence|"
         r"\bexige\w*\s+(?:une\s+)?licence|"
         r"\bprohib\w*\s+(?:la\s+)?(?:exportaci[oó]n|venta)|\b(?:requier\w*|necesita\w*)\s+(?:una\s+)?licencia|"
         # "AI chips blocked by new export controls": what a rule blocks needs a licence.
         r"\bblocked by (?:\S+\s+){0,2}?(?:export )?(?:controls|rules|restrictions)\b"),
    # Italian, Polish, Portuguese, Russian and Ukrainian, Vietnamese, Turkish and Arabic, in fewer words: the verbs
    # news uses with their words for a licence. Lifting comes first, so "đảo ngược lệnh cấm" (reversed the ban) or
    # "رفع الحظر" (lifted the ban) is not read as the ban itself.
    _cue(LIFTED, ("divieto", "divieti", "restrizioni", "cấm", "hạn chế", "الحظر", "запрет", "ограничени", "заборон",
                  "yasağ"),
         r"\b(?:revocat|rimoss|tolt|sospes|abolit)\w*\s+(?:il |i |le )?(?:divieto|divieti|restrizioni)\b|"
         r"(?:đảo ngược|dỡ bỏ|gỡ bỏ)\s+(?:lệnh cấm|các hạn chế|hạn chế)|رفع\S*\s+(?:\S+\s+){0,4}?الحظر|"
         r"\b(?:снял|снята|отменил|отменен)\w*\s+(?:\S+\s+){0,2}?(?:запрет|ограничени)\w*|"
         r"\bскасува\w*\s+(?:\S+\s+){0,2}?(?:заборон|обмежен)\w*|\byasağ\w*\s+(?:\S+\s+){0,2}?kaldır\w*"),
    _cue(ASSURED, ("approverà", "garantit", "đảm bảo", "trấn an", "разрешит", "дозволить"),
         r"\bapproverà\b|\bgarantit\w* l'approvazione\b|đảm bảo[^.;]{0,40}?giấy phép|trấn an[^.;]{0,40}?cấp phép|"
         r"\b(?:разрешит|дозволить)\b"),
    _cue(GRANTED, ("concess", "rilasciat", "approvat", "autorizzat", "przyzna", "wyda", "otrzyma", "autoriz",
                   "concede", "recebe", "cấp phép", "giấy phép", "تمنح", "منح", "выда", "получил", "одобрил", "видав",
                   "надав", "надал", "lisans", "izin"),
         r"\b(?:ha|hanno|è stat[ao]|sono stat[ei])\s+(?:\S+\s+){0,2}?(?:concess|rilasciat|approvat|autorizzat)\w*"
         r"(?=[^.;]{0,60}?\b(?:licenz|permess|esportazion|vendit))|"
         r"\b(?:przyznał|przyznała|przyznali|wydał|wydała|wydali|otrzymał|otrzymała|otrzymali)\w*\s+(?:\S+\s+){0,3}?"
         r"(?:licencj|zgod|pozwoleni)\w*|"
         r"\b(?:autorizou|concedeu|aprovou)\s+(?:\S+\s+){0,4}?(?:a venda|as vendas|a exportação|licen[çc]a)\w*|"
         r"(?<!sẽ sớm được )(?<!sẽ được )(?:bắt đầu|đã)\s+cấp\s+(?:phép|giấy phép)|(?<!sẽ sớm )(?<!sẽ )được cấp phép|"
         r"(?:تمنح|منحت|يمنح|منح|بدأت منح|تبدأ منح)\s+(?:\S+\s+){0,3}?(?:ترخيص|تراخيص)|"
         r"\b(?:выдал|выдала|выдали|одобрил|одобрила|получил|получила|получили|видав|видала|надав|надала)\w*\s+"
         r"(?:\S+\s+){0,3}?(?:лиценз|ліценз|разрешени|дозвіл)\w*|"
         r"\blisans\w*\s+(?:verdi|verildi|onayla\w*)|\bizin verdi\b"),
    _cue(APPLIED, ("richiesta", "domanda", "wniosek", "wystąpi", "nộp đơn", "заявк", "بطلب"),
         r"\b(?:ha|hanno) presentato\s+(?:la |una )?(?:richiesta|domanda)\b|\bzłoży\w*\s+wniosek\b|"
         r"\bwystąpi\w* o (?:licencj|zgod|pozwoleni)\w*|nộp đơn xin|\b(?:подал|подала|подали|подав|подала)\w*\s+"
         r"(?:\S+\s+)?заявк\w*|تقدمت بطلب"),
    _cue(REVOKED, ("revoc", "cofnięt", "wycofa", "отозвал", "аннулир", "відклика", "thu hồi", "iptal", "ألغت", "سحب"),
         r"\brevocat\w*\s+(?:la |le |una )?licenz\w*|\blicenz\w*[^.;]{0,60}?\brevocat\w*|"
         # "Rząd Holandii wycofał zezwolenie na eksport" (withdrew the export permit)
         r"\bwycofa\w*\s+(?:\S+\s+){0,2}?(?:zezwoleni|licencj)\w*|"
         # "Licencja na dostawę … w 2023 r. została częściowo cofnięta": "r." (rok, year) does not end the sentence.
         r"\blicencj\w*(?:[^.;]|(?<=\br)\.){0,100}?\bcofnięt\w*|"
         r"\b(?:отозвал|аннулировал|відкликал|анулював)\w*\s+(?:\S+\s+){0,3}?(?:лиценз|ліценз|разрешени|дозвіл)\w*|"
         r"thu hồi\s+(?:\S+\s+){0,2}?giấy phép|\blisans\w*\s+(?:\S+\s+)?iptal\w*|"
         r"(?:ألغت|سحبت)\s+(?:\S+\s+){0,3}?ترخيص"),
    _cue(UNDER_REVIEW, ("ainda não", "aún no", "chưa nhận", "jeszcze nie"),
         r"\bainda não rece\w*\s+(?:a\s+)?licen[çc]a|\baún no (?:ha )?recib\w* (?:la )?licencia|"
         r"chưa nhận (?:được )?giấy phép|\bjeszcze nie otrzyma\w* licencj\w*"),
    _cue(IMPOSED, ("divieto", "vietat", "licenza", "cấm", "giấy phép", "запрет", "заборон", "лиценз", "ліценз",
                   "yasak", "lisans"),
         r"\bdivieto di (?:esportazione|vendita|export)\b|\bvietat\w* (?:l'|la |le )?(?:esportazion|vendit|export)\w*|"
         r"\blicenza (?:è )?necessaria\b|\brichied\w* (?:una )?licenza\b|\bsoggett\w* a licenza\b|"
         r"lệnh cấm|\bcấm (?:bán|xuất khẩu)|(?:cần|phải xin) giấy phép|"
         r"\bзапрет\w* на (?:экспорт|поставк|продаж)\w*|\bзаборон\w* на (?:експорт|постачання|продаж)\w*|"
         r"\bтребу\w* лиценз\w*|\bпотрібн\w* ліценз\w*|\bihracat\w* yasa\w*|\byasakla\w*|"
         r"\blisans (?:gerek|zorunlu)\w*"),
]


CUES = [
    # "the loophole allowing them to ship tools without a licence has been closed": an exemption ended
    # (before the requirements, whose "without a licence" it contains).
    _cue(REVOKED, ("loophole", "exemption", "waiver"),
         r"\b(?:loopholes?|exemptions?|waivers?)\b[^.;]{0,160}?\b(?:has|have) been (?:closed|ended|scrapped|"
         r"withdrawn|eliminated)\b|\b(?:clos(?:e[sd]?|ing)|end(?:s|ed|ing)?|scrap(?:s|ped|ping)?) (?:the|a|this|that) "
         r"(?:[\w-]+ )?loophole\b(?! in\b)"),
    # "The licence wasn't renewed", "niet verlengd": a licence left to lapse ends (before the grants, whose
    # "renewed" it contains).
    _cue(REVOKED, ("renew", "extend", "verleng"),
         rf"\b{_PERMIT}\b(?:\s+\S+){{0,6}}?\s+(?:was|were|has|have|had|is|are)(?:n't| not)(?: been)? "
         rf"(?:renewed|extended)\b|\b(?:did not|didn't|declined to|refused to) (?:renew|extend)\s+(?:\S+\s+){{0,4}}?"
         rf"{_PERMIT}|\bniet verlengd\b"),
    # requirement_lifted before requirement_imposed: "no longer needs a licence" is a lifting.
    _cue(LIFTED, ("no longer",),
         rf"\bno longer (?:needs?|requires?|required|needed|subject to) {_W}{{0,3}}?{_PERMIT}"),
    _cue(LIFTED, ("requirement", "curbs", "restriction", "controls", "rule"),
         rf"\b(?:lift|remov|rescind|scrap|drop|eas|suspend|withdr[ae]w|relax|pause|end)\w*\s+{_W_NOT_OR}{{0,5}}?"
         rf"(?:{_LICENCE}\s+)?(?:requirements?|curbs|restrictions|controls|rule)\b"),
    # "the restrictions were lifted", "the restrictions on design software for Chinese customers have been revoked"
    _cue(LIFTED, ("lifted", "removed", "rescinded", "scrapped", "eased", "withdrawn", "dropped", "suspended", "revoked",
                  "rolled back"),
         # "the restrictions relating to China, as outlined in previous letters, have now been removed"
         r"\b(?:requirements?|curbs|restrictions|controls|rules?)\s+(?:[\w'’,-]+\s+){0,12}?"
         r"(?:was|were|(?:has|have|had)\s+(?:now\s+|also\s+)?been|is being|are being)\s+(?:\w+\s+)?"
         r"(?:lifted|removed|rescinded|scrapped|eased|withdrawn|dropped|suspended|revoked|rolled back)\b"),
    _cue(LIFTED, ("no longer",), r"\bno longer (?:appl(?:y|ies)|in (?:effect|force)|(?:be(?:ing)? )?enforced)\b",
         context_before=_RULE_NOUN_BEFORE),
    _cue(LIFTED, ("suspension", "removal", "rescission", "lifting", "scrapping"),
         r"\b(?:suspension|removal|rescission|lifting|scrapping) of\b[^.;]{0,40}?\b(?:rule|requirement|curbs|"
         r"restrictions|controls)\b"),
    _cue(LIFTED, ("removed from the entity list",), r"\bremoved from the Entity List\b"),
    # "撤销了对部分EDA工具的强制许可要求": revoking a requirement lifts it; revoking a licence is below.
    _cue(LIFTED, ("取消", "解除", "撤销", "暂停实施", "停止实施", "不再适用", "不再需要"),
         r"(?:取消|解除|暂停实施|停止实施|不再适用)\S{0,20}?(?:管制|许可要求|禁令|限制)|撤销\S{0,20}?(?:许可要求|禁令)|"
         r"不再需要\S{0,12}?许可"),
    # German, Portuguese, Polish: "hob die Beschränkungen auf", "revogou suas restrições", "zniósł ograniczenia".
    _cue(LIFTED, ("beschränkung", "restriktion", "verbot", "kontrollen", "restriç", "ogranicz"),
         r"\b(?:\w*[Bb]eschränkungen|Restriktionen|\w*[Vv]erbot(?:e|s)?|\w*[Kk]ontrollen)\b[^.;]{0,60}?\b(?:aufgehoben|"
         r"zurückgenommen|ausgesetzt|gelockert)\b|"
         r"\bh(?:ob|eben|ebt)\b[^.;]{0,40}?\b\w*[Bb]eschränkungen\b[^.;]{0,30}?\bauf\b|"
         r"\b(?:revog|suspend|revert|retir|levant)\w*\s+(?:\w+\s+){0,2}?restri[çc][õo]es\b|"
         r"\b(?:znió\w*|znies\w*|cofn\w*|uchyli\w*|zawiesi\w*)\s+(?:\w+\s+){0,2}?ogranicze\w*"),
    *_OTHER_LANGUAGES,
    _cue(IMPOSED, ("lizenz", "licen", "licenc"),
         r"\bLizenz(?:en)?\s+(?:\w+\s+){0,2}?erforderlich\b|\berforderlich\w*\s+Lizenz|\bohne\s+(?:eine\s+)?Lizenz\b|"
         r"\bLizenzanforderung\w*|\b(?:obrigad[ao]s?\s+a\s+obter|exig\w*|precis\w*\s+de)\s+(?:\w+\s+)?licen[çc]as?\b|"
         r"\bsem\s+licen[çc]a\b|\bwymaga\w*\s+(?:\w+\s+)?licencj\w*"),
    # "a letter that ensures the company can supply its plants for one year without meeting additional licensing
    # requirements": a waiver granted. Listed before the requirement cues, so this reading takes the words.
    _cue(GRANTED, ("without",),
         r"\b(?:can|may|could|able to|allowed to|permitted to|authori[sz]ed to)\s+(?:continue\s+(?:to\s+)?)?"
         r"(?:supply|ship|export|import|receive|bring|operate|run|engage)\w*\b[^.;]{0,100}?\bwithout "
         r"(?:meeting |needing |obtaining |seeking |any )?(?:additional |further |new |individual |separate )?"
         r"(?:licen[cs]\w*|permits?)"),
    _cue(IMPOSED, ("licen",),
         rf"\b(?:new |additional |extra )?(?:{_LICENCE}|licensing) (?:requirements?|controls?|regime)\b"),
    _cue(IMPOSED, ("requir", "need"),
         rf"\b(?:requires?|required|requiring|needs?|needed|needing)\b\s+{_W}{{0,3}}?{_PERMIT}"),
    # "Washington requires foreign chip makers that use US technology, including TSMC, to apply for a licence"
    _cue(IMPOSED, ("requir",),
         r"\brequir(?:e|es|ed|ing)\b[^.;]{0,120}?\bto (?:apply for|obtain|seek|get|hold) (?:a |an )?(?:special )?"
         r"(?:export )?licen[cs]e"),
    # "a licence is required", "a national export licence will be required"
    _cue(IMPOSED, ("required", "needed"),
         rf"\b{_PERMIT}\s+(?:(?:is|are|was|were|will|would|be|now|also|still|henceforth)\s+){{1,3}}(?:required|needed)\b"),
    # "the rules published on Oct. 17, which limit sales of DUV scanners to Chinese fabs"
    _cue(IMPOSED, ("limit", "restrict", "bar", "ban", "block"),
         r"\b(?:rules?|regulations?|controls|curbs|restrictions)\b(?:(?!\b(?:could|may|might|would)\b)[^;]){0,40}?"
         r"\b(?:limit|restrict|bar|ban|block)s?\s+"
         r"(?:\w+\s+){0,2}?(?:sales|exports|shipments|deliveries)\b"),
    # "now demands companies like AMD and Nvidia obtain an export license"
    _cue(IMPOSED, ("requir", "force", "demand"),
         rf"\b(?:requires?|required|requiring|forces?|forced|demands?|demanded|demanding)\s+{_W_LISTED}{{1,6}}?"
         rf"(?:to )?(?:obtain|get|seek|hold|apply for)\s+"
         rf"{_W}{{0,2}}?{_PERMIT}"),
    _cue(IMPOSED, ("subject to",), rf"\bsubject to {_W}{{0,3}}?{_LICENCE}"),
    # "models which became subject to restrictions on September 1": the change is the news.
    _cue(IMPOSED, ("subject to",),
         r"\b(?:became|become|becomes|now) subject to (?:\w+\s+){0,2}?(?:restrictions|controls|curbs)\b"),
    _cue(IMPOSED, ("licen",), rf"\b{_LICENCE}-bound\b|\bunder {_W}{{0,2}}?{_LICENCE} (?:control|requirement)s?\b"),
    # "the requirement to seek approval for the export": the duty to apply is the requirement, not a filing.
    _cue(IMPOSED, ("requirement to", "requirements to"),
         rf"\brequirements? to (?:seek|obtain|get|apply for|hold)\s+{_W}{{0,2}}?{_PERMIT}"),
    _cue(IMPOSED, ("must", "have to", "has to", "had to"),
         rf"\b(?:must|have to|has to|had to)\s+{_W}{{0,2}}?(?:obtain|get|seek|apply for|hold|receive)\s+"
         rf"{_W}{{0,2}}?{_PERMIT}"),
    # "a similar requirement now applies to its MI308", "the requirement, imposed on the three firms in May"
    # "a national permit requirement would apply to certain machines": reported, as news of a rule is.
    _cue(IMPOSED, ("appl",), r"\brequirements?\s+(?:now\s+|also\s+|will\s+|would\s+)?appl(?:y|ies)\s+to\b"),
    _cue(IMPOSED, ("imposed",), r"\bimposed\b", context_before=_RULE_NOUN_BEFORE),
    # "the October 2023 rules, under which the A800 and H800 became off limits for China"
    _cue(IMPOSED, ("off limits", "off-limits"), r"\b(?:became|become|becomes|are|is|were|was) off[- ]limits\b",
         context_before=r"\b(?:rules?|requirements?|restrictions|curbs|controls)\b[^.;]*$"),
    # "The new requirement was communicated to the company last Friday"
    _cue(IMPOSED, ("communicated", "conveyed"), r"\b(?:was|were|been) (?:communicated|conveyed)\b",
         context_before=r"\brequirements?\b[^.;]{0,30}$"),
    _cue(IMPOSED, ("barred from", "banned from"),
         r"\b(?:barred|banned) from (?:shipping|selling|exporting|supplying|sending|delivering)\b"),
    # "barred from China without a licence", "shut out of the Chinese market when a licence became necessary"
    _cue(IMPOSED, ("barred from", "banned from", "shut out of"),
         r"\b(?:barred|banned) from (?:the )?[A-Z][a-z]+|\bshut out of (?:the )?(?:[A-Z][a-z]+|market)",
         needs_licence_word=True),
    _cue(IMPOSED, ("without",),
         rf"\b(?:ship|sell|export|sent|send|suppl|deliver|sold|sales)\w*\b[^.;]{{0,80}}?\bwithout (?:a |an |the )?"
         rf"(?:US |U\.S\. |American |export |individual |separate )?{_LICENCE}", weak=True),
    _cue(IMPOSED, ("inform", "notif", "told", "tell"),
         r"\b(?:inform|notif|told|tell)\w*\s+(?:\S+\s+){0,3}?of (?:[\w.'-]+\s+){0,3}?(?:restrictions|"
         r"requirements?|controls|curbs)\b"),
    _cue(IMPOSED, ("halt", "stop", "suspend", "cease"),
         r"\b(?:told|ordered|order|orders|ordering|instructed|instructing|directed|directing|tells|telling)\b\s+"
         r"(?:\S+\s+){0,6}?to (?:halt|stop|suspend|"
         r"cease)\s+(?:\w+\s+){0,2}?(?:shipments|shipping|sales|selling|exports|exporting|supplying|deliveries)\b"),
    # "Cadence said it received a letter dated May 23": the letter states the requirement next door.
    _cue(IMPOSED, ("letter", "notice", "notification"),
         r"\breceived\s+(?:a |an |the |similar |the same |its own |such )?(?:\w+\s+)?"
         r"(?:letter|notice|notification)s?\b",
         needs_neighbour=True),
    # "The chips covered by this rule are the H200 and its equivalents": the rule the sentence before reports.
    _cue(IMPOSED, ("covered by",),
         r"\bcovered by (?:this|that|the) (?:new |final )?(?:rule|regulation|policy|measure)\b",
         weak=True, refers_back=True),
    _cue(IMPOSED, ("swept", "caught by", "covered by"), r"\b(?:swept up|swept into|caught by|covered by)\b", weak=True),
    # Background stated as fact: "Trump had banned Nvidia from exporting the H20", "restrictions preventing
    # Chinese clients from purchasing", "the DoC restricted sales of the A100", "imposed export restrictions on".
    _cue(IMPOSED, ("ban", "barr", "prohibit", "block", "prevent", "restrict", "stop", "forb"),
         r"\b(?:ban(?:ned|s)?|barr(?:ed|ing)|prohibit(?:ed|s|ing)?|block(?:ed|s|ing)?|prevent(?:ed|s|ing)?|"
         r"restrict(?:ed|s|ing)?|restrictions? (?:that )?prevent(?:ed|s|ing)?|stop(?:ped|s)?|forbid(?:s|den)?|forbade)"
         # "banned chip design software makers such as Synopsys from selling": a class and its examples between.
         r"\s+(?:\S+\s+){0,8}?from\s+(?:export|sell|ship|suppl|deliver|send|purchas|buy|access)\w*"),
    _cue(IMPOSED, ("restrict", "curb", "ban", "block", "limit", "prohibit", "cut off", "cuts off", "cutting off",
                   "barred", "barring"),
         r"\b(?:(?:restrict|curb|ban|block|limit|prohibit)(?:ed|s|ing)?|bann(?:ed|ing)|barr(?:ed|ing)|"
         r"cut(?:s|ting)? off)\s+"
         r"(?:the\s+)?(?:\w+\s+)?"
         r"(?:sales?|exports?|shipments?|deliveries|supplies|supply)\s+(?:of|to)\b"
         # "after the administration banned their export in April"
         r"|\b(?:restrict|curb|bann|block|prohibit)(?:ed)?\s+(?:their|its)\s+(?:sales?|exports?|shipments?)\b"),
    # "the 2023 restrictions that targeted another China-specific processor, the H800"
    _cue(IMPOSED, ("targeted", "targeting"),
         r"\b(?:restrictions|rules?|controls|curbs|regulations|bans?)\s+(?:that|which)\s+(?:\w+\s+)?"
         r"(?:targeted|target|targets)\b"),
    # "licensing restrictions that had halted exports of these products": background stated as fact.
    # The cue starts at "that", so "the end of restrictions" may be a lifting and the clause still a requirement.
    _cue(IMPOSED, ("halted", "blocked", "stopped", "barred", "cut off"),
         r"\b(?:that|which)\s+(?:had\s+|have\s+)?(?:halted|blocked|stopped|barred|cut off)\s+(?:\w+\s+){0,2}?"
         r"(?:sales|exports|shipments|deliveries)\b",
         context_before=r"\b(?:restrictions|rules?|controls|curbs|regulations|bans?)\s+$"),
    # "Japan's new export controls on 23 types of tools took effect on Sunday", "until January, when new Dutch
    # restrictions take effect": a rule coming into force is a requirement that applies.
    _cue(IMPOSED, ("effect", "force"),
         r"\b(?:restrictions|rules?|controls|curbs|requirements?|regulations?|measures)\b[^.;]{0,80}?"
         r"\b(?:take|takes|took|taking|come|comes|came|coming|went|go|goes|enter(?:s|ed)?)\s+(?:into\s+)?"
         r"(?:effect|force)\b"),
    # "US authorities placed the MI308 under export restrictions", "placing them under this new restriction"
    _cue(IMPOSED, ("placed", "placing", "places", "put", "brought", "brings"),
         r"\b(?:placed|placing|places|puts?|putting|brought|brings)\s+(?:\S+\s+){0,8}?under\s+(?:\S+\s+){0,3}?"
         r"(?:restrictions?|controls|curbs|licen[cs](?:e|ing) (?:requirements?|control))\b"),
    # "restricts Nvidia H800, A800 AI GPUs to China", "started blocking the China-only GPUs from China"
    _cue(IMPOSED, ("restrict", "ban", "block", "bar"),
         # Verb forms only: "lifted a ban on sending chips to China" is no requirement.
         r"\b(?:restrict(?:s|ed|ing)?|bann(?:ed|ing)|block(?:ed|ing)|barr(?:ed|ing))\s+(?:[\w.,'’-]+\s+){0,8}?"
         r"(?:chips?|GPUs?|processors?|accelerators?|semiconductors?|tools|equipment|machines|scanners)\s+"
         r"(?:to|from|for|into)(?=\s+(?:the\s+)?(?-i:[A-Z]))"),
    # "the rule will further restrict its ability to sell products to China-based customers"
    _cue(IMPOSED, ("ability to",),
         r"\b(?:restrict|limit|curb|curtail|constrain)(?:s|ed|ing)?\s+(?:\w+\s+){0,2}?(?:its|their|the company's|"
         r"\w+(?:'s|’s)) ability to (?:sell|export|ship|supply|deliver)\b"),
    _cue(IMPOSED, ("imposed", "placed", "put ", "introduced", "slapped", "expanded", "tightened", "extended",
                   "implemented", "enacted", "adopted", "unveiled", "rolled out", "announced"),
         r"\b(?:imposed|placed|put|introduced|slapped|expanded|tightened|extended|implemented|enacted|adopted|unveiled|"
         r"rolled out|announced)\s+(?:\S+\s+){0,4}?"
         r"(?:restrictions?|curbs?|controls?|(?:export )?control package|limits?|bans?|licen[cs]e requirements?|"
         r"licen[cs]ing requirements?)\s+(?:on|to|for|against)\b"),
    # "exports of the H20 were banned", "the first AI GPUs that were banned"
    _cue(IMPOSED, ("banned", "restricted", "blocked", "prohibited", "halted", "barred", "curbed", "cut off"),
         r"\b(?:sales?|exports?|shipments?|deliveries|chips|GPUs|processors|accelerators)\b[^.;]{0,80}?"
         r"\b(?:were|was|have been|has been|had been|are|is|"
         r"became|remain(?:s|ed)?)\s+(?:\w+\s+)?"
         r"(?:banned|restricted|blocked|prohibited|halted|barred|curbed|cut off)\b"),
    # "That ban meant Nvidia could not export the H200": the negation is the requirement.
    _cue(IMPOSED, ("cannot", "can't", "could not", "couldn't", "no longer", "may not"),
         r"\b(?:cannot|can't|could not|couldn't|can no longer|could no longer|may no longer|may not|"
         r"(?:is|are|was|were|will) no longer(?: be)? (?:allowed|able|permitted) to)\s+(?:be\s+)?"
         r"(?:export|sell|ship|sold|shipped|exported|suppl)\w*"),
    _cue(IMPOSED, ("ban",), r"\b(?:export|sales?|trade|shipment) bans? (?:on|against)\b|"
                            r"\bbans? on (?:the )?(?:sales?|exports?|shipments?)\b(?!\s+tax)"),
    _cue(IMPOSED, ("stopped", "stop", "ceased", "halted"),
         r"\b(?:stopped|ceased|halted) (?:granting|issuing|approving) (?:\S+\s+){0,2}?(?:licen|permits|approvals)"),
    _cue(IMPOSED, ("approv", "approval"),
         r"\bmust be (?:pre-)?approved\b|\bpre-approval\b|\brequir\w* (?:prior |pre-)?(?:approval|authori[sz]ation|"
         r"permission)\b"),
    # "某些GPU型号不再被允许出口到中国" (no longer allowed to be exported), "告知辉达不能将H20晶片销往中国"
    _cue(IMPOSED, ("不再", "不能"),
         r"不再(?:被)?(?:允许|获准)\S{0,10}?(?:出口|销售|销往)|(?:告知|通知|要求)\S{0,10}?不能\S{0,15}?(?:出口|销往|销售)"),
    _cue(IMPOSED, ("禁", "不得", "停止", "限制", "制限", "许可", "許可", "管制", "規制", "수출", "허가"),
         r"(?:禁止|不得|停止)\S{0,12}?(?:出口|销售|銷售|供货|供貨|销陆|销华)|禁售|出口禁令|实施\S{0,6}?(?:管制|限制)|"
         r"限制\S{0,10}?(?:出口|销售|銷售)|(?:需|须|需要|必須|必须)\S{0,6}?(?:许可|許可)|"
         r"(?:輸出|販売)\S{0,6}?(?:規制|禁止|制限)|許可が必要|規制対象|規制され|"
         r"수출\s?(?:규제|통제|금지|제한)|허가를 받아야|허가가 필요"),
    _cue(IMPOSED, ("verbot", "beschränk", "genehmigungspflicht", "proibi", "restri", "zakaz", "ogranicz", "förb",
                   "exportrestrik", "حظر", "وقف", "قيود"),
         r"\b(?:Export|Ausfuhr)(?:verbot|beschränkung)\w*|\bgenehmigungspflicht\w*|\bproibi\w* de (?:exportar|vender)|"
         r"\brestri[cç]\w* (?:à|a|de) exporta\w*|\bzakaz\w* (?:eksportu|sprzedaży)|\bogranicze\w* eksport\w*|"
         r"\bexportförbud\w*|\bexportrestriktion\w*|\bförbjud\w* att (?:exportera|sälja)|حظر|وقف تصدير|"
         r"قيود على (?:تصدير|صادرات)"),
    _cue(IMPOSED, ("许可", "纳入管制", "出口管制", "管控"),
         r"(?:须|需要|需|必须)(?:事先|先)?(?:申请|获得|取得)?\S{0,4}?许可|纳入管制|实施\S{0,8}?出口管制|"
         r"实施\S{0,4}?许可证?要求|实施\S{0,8}?许可证?管控"),
    _cue(APPLIED, ("licen", "permi", "approval", "clearance", "authori", "sign-off", "waiver", "exempt",
                   "application", "validated end"),
         rf"\b(?:appl(?:y|ies|ied|ying)|fil(?:e|es|ed|ing)|submit\w*|seek(?:s|ing)?|sought|request(?:s|ed|ing)?)\s+"
         rf"(?:for\s+)?{_W}{{0,3}}?(?:{_PERMIT}|applications?|validated end[- ]user status)"),
    # "has started filling out applications to sell the H20"
    _cue(APPLIED, ("fill", "complet"), r"\b(?:fill\w*|complet\w*)(?: out| in)?\s+(?:\S+\s+){0,2}?applications?\b"),
    _cue(APPLIED, ("applied for", "is applying"), r"\b(?:has|have|had) applied for\b|\bis applying\b",
         needs_licence_word=True),
    _cue(APPLIED, ("asked",), rf"\basked {_W}{{0,3}}?for (?:permission|approval|a {_LICENCE}|{_LICENCE})"),
    _cue(APPLIED, ("申请",), r"(?:提出|提交|递交)\S{0,10}?申请|申请许可|已就\S{0,30}?申请|寻求许可"),
    # Korean and Japanese: "수출 허가를 신청했다" (applied for an export licence), "輸出許可を申請した".
    # "라이선스를 신청하지 않아도" (without applying for a licence) is no filing.
    _cue(APPLIED, ("신청", "요청", "申請"),
         # "1000건의 수출 허가 신청이 발생할" counts applications to come; "신청이" is a noun, not a filing.
         r"(?:허가|승인|라이선스|면허)(?:를|을)?\s?(?:신청|요청)(?!하지\s?않|할\s?필요|이|은|\s?건)|許可を申請"),
    # "Relaxes export licence review for H200 chips", "a final rule revising the license review policy for exports of
    # certain chips": the review policy eased, a decision to let sales through.
    _cue(ASSURED, ("review",),
         r"\b(?:relax|eas|loosen)(?:e|es|ed|ing|s)?\s+(?:[\w-]+\s+){0,2}?licen[cs]\w*\s+review\b|"
         r"\b(?:revis|updat)(?:e|es|ed|ing)\s+(?:[\w'’-]+\s+){0,2}?(?:licen[cs]\w*\s+)?review polic(?:y|ies)\b"),
    _cue(UNDER_REVIEW, ("under review", "interagency review", "awaiting"),
         r"\bunder review\b|\binteragency review\b|"
         r"\bawaiting (?:an? |the )?(?:\w+\s+){0,2}?(?:decision|approval|licen)\w*"),
    # "its export application is under U.S. Commerce Department review" (not "under a case-by-case review policy")
    _cue(UNDER_REVIEW, ("under",),
         r"\bunder (?:(?!case[- ]by[- ]case\b)[\w.'’-]+\s+){1,4}?review\b(?!\s+polic)", needs_licence_word=True),
    # "conducts a national security review before granting licences", "would resume reviewing MI308 licences";
    # a "case-by-case review" and a "licence review policy" are the rules of review, not a review under way.
    _cue(UNDER_REVIEW, ("review",),
         r"\b(?:conduct\w*|carr(?:y|ies|ied|ying) out|launch\w*|beg[ia]n|begun|start\w*|resum\w*|continu\w*|"
         r"open\w*)\s+(?:(?:an?|the|its)\s+)?(?:(?!case[- ]by[- ]case\b)[\w-]+\s+){0,3}?review(?:s|ing)?\b|"
         r"\blicen[cs]\w* reviews?\b(?!\s+polic)",
         needs_licence_word=True),
    _cue(UNDER_REVIEW, ("not yet know", "working"),
         r"\bnot yet know (?:when|whether|if)\b|\bworking (?:\w+\s+)?on (?:\w+\s+){0,2}?(?:licen\w*|applications?)",
         needs_licence_word=True),
    # "have been affected by these delays": the delays the sentence before reports.
    _cue(UNDER_REVIEW, ("delays",), r"\b(?:affected|hit|hampered|held up) by (?:these|the|those|such) delays\b",
         needs_neighbour=True),
    _cue(UNDER_REVIEW, ("pending", "delayed", "limbo", "delays", "unanswered", "stalled", "stuck", "backlog",
                        "unprocessed", "processed", "taking longer", "slow"),
         # "delayed issuing licences until last Friday": the wait is over.
         r"\bpending\b|\bdelayed\b(?![^.;]{0,40}\buntil\b)|\bin limbo\b|\bfac(?:e|es|ed|ing) delays\b|\bunanswered\b|"
         r"\bstalled\b|\bstuck\b|\bbacklog\b|\bunprocessed\b|"
         r"\bnot (?:yet )?(?:been )?processed\b|\btaking longer to approve\b|\bslow(?:s|ed|ing)?\b",
         needs_licence_word=True),
    # "an example of licences not being swiftly approved", "applications from its memory suppliers have also not been
    # approved"
    _cue(UNDER_REVIEW, ("not being", "not been"),
         r"\b(?:licen[cs]\w*|applications?)\s+not (?:being|been)\s+(?:\w+\s+)?(?:approved|granted|issued|processed)\b|"
         r"\b(?:licen[cs]e applications?|applications|requests)\b[^.;]{0,120}?\b(?:have|has)\s+(?:also\s+|still\s+)?"
         r"not (?:yet )?been (?:approved|granted|processed|decided)\b"),
    # "negotiating with the U.S. over the terms of licences", "就……授权条款进行谈判": the licence is not settled yet.
    _cue(UNDER_REVIEW, ("negotiat", "条款"),
         r"\bnegotiat\w*\s+(?:\S+\s+){0,8}?(?:over|on)\s+the\s+(?:terms|conditions)\s+of\s+(?:\S+\s+){0,2}?"
         r"licen[cs]\w*|(?:授权|许可)条款\S{0,6}?谈判"),
    # "expects to resume sales as licences are processed": the processing is under way.
    _cue(UNDER_REVIEW, ("processed",), r"\bas (?:the |its |their )?licen[cs]\w* (?:are|is) (?:being )?processed\b"),
    # "applications are still being reviewed"
    _cue(UNDER_REVIEW, ("being",), r"\b(?:is|are|was|were|remain|remains)\s+(?:still\s+)?being\s+(?:reviewed|processed|"
                                    r"considered|assessed|evaluated)\b",
         needs_licence_word=True),
    _cue(UNDER_REVIEW, ("waiting",),
         r"\b(?:still )?waiting (?:\S+\s+){0,4}?(?:on|for) (?:an? |the )?(?:renewed |new |first )?(?:export )?"
         r"(?:Commerce|Washington|"
         r"government|approval|decision|licen\w*)"),
    _cue(UNDER_REVIEW, ("not yet",),
         rf"\b(?:has|have) not yet (?:received|been granted|won|obtained|got) {_W}{{0,2}}?{_PERMIT}"),
    _cue(UNDER_REVIEW, ("review",), r"\b(?:move|moved|moving|go|went|proceed\w*|sent|forwarded)\s+(?:forward\s+)?"
                                     r"(?:for|to|into) (?:a |an )?(?:interagency |formal |further )?review\b",
         needs_licence_word=True),
    _cue(UNDER_REVIEW, ("reviewing",), r"\b(?:is|are|was|were|been|still)\s+(?:still\s+)?reviewing\s+(?:\S+\s+){0,4}?"
         r"(?:applications?|licen[cs]\w*|requests?)\b",
         needs_licence_word=True),
    _cue(UNDER_REVIEW, ("审查", "审核", "待审批", "尚未获批", "悬而未决"),
         r"跨部门审查|(?:进入|接受|正在|处于)\S{0,12}?(?:审查|审核|審查|審核)|审查(?:程序|中)|审核中|待审批|尚未获批|"
         r"悬而未决|懸而未決|尚未\S{0,6}?(?:批准|获批|獲批|核发|核發|发放|發放)"),
    # "요청에 대한 결론은 아직 나오지 않은 상태다" (no decision yet on the request), "심사 중" (under review)
    _cue(UNDER_REVIEW, ("아직", "심사", "검토"),
         r"(?:결론|결정|승인|허가)\S{0,3}\s*아직\s*(?:나오지|내려지지|나지|받지)\s*않|(?:심사|검토)\s?중"),
    # "assured it the licences will be granted", "promised the licences would be approved"
    _cue(ASSURED, ("assur", "promis", "pledg", "guarantee"),
         r"\b(?:assur|promis|pledg|guarante)\w*\W?(?:\s+\S+){0,20}?\s+(?:will|would) (?:be (?:granted|approved|issued|"
         r"allowed)|(?:get|receive|obtain|secure) (?:\S+\s+){0,2}?(?:licen|approv|permi))"),
    # "US authorities have indicated that licences to keep the plants running will be granted": a government's word.
    _cue(ASSURED, ("indicated", "signaled", "signalled", "said", "stated", "confirmed"),
         r"\b(?:indicated|signall?ed|said|stated|confirmed)\s+(?:that\s+)?(?:\S+\s+){0,10}?licen[cs]\w*\s+"
         r"(?:\S+\s+){0,8}?(?:will|would) be (?:granted|approved|issued)\b", needs_authority=True),
    # "has assured it of being granted licences", "assurances that licences would be approved"
    _cue(ASSURED, ("assur", "promis", "pledg", "guarantee"),
         r"\b(?:assur|promis|pledg|guarante)\w*\s+(?:\S+\s+){0,6}?(?:of|that)\s+(?:\S+\s+){0,6}?(?:being|be)\s+"
         r"(?:granted|approved|issued|allowed)\b"),
    _cue(ASSURED, ("allow", "permit", "grant", "approve", "issue", "license", "let"),
         r"\b(?:will|would|plans? to|planned to|intends? to|is going to|agreed to|pledged to|promised to|"
         r"decided to)\s+(?:(?!not\b|never\b)\w+\s+){0,1}?(?:allow|permit|grant|approve|issue|license|let)\b"
         r"(?!\w*\s+(?:no|not)\b)",
         needs_authority=True),
    _cue(ASSURED, ("be allowed", "filing", "cleared the way"),
         r"\b(?:would|will) be allowed\b|\bapproved (?:our|its|the|their) filing\b|\bcleared the way\b",
         needs_authority=True),
    # "BIS plans to accept licence applications to allow the companies to keep running their fabs"
    _cue(ASSURED, ("accept",),
         r"\b(?:will|would|plans? to|intends? to|is prepared to)\s+accept\s+(?:[\w-]+\s+){0,3}?applications?\b"
         r"[^.;]{0,40}?\bto (?:allow|let|permit)\b"),
    # A licence policy turned from refusal to review: "applications will now be reviewed case by case instead of
    # under a presumption of denial", "no longer subject to a blanket presumption of denial".
    # "will review applications on a case-by-case basis, easing a previous stance presuming denial"
    _cue(ASSURED, ("case-by-case", "case by case"),
         r"\bcase[- ]by[- ]case\b(?=[^.;]{0,60}?\b(?:eas(?:e|es|ed|ing)|instead of|replac\w*|rather than|"
         r"loosen\w*)\b)"),
    _cue(ASSURED, ("case-by-case", "case by case"), r"\bcase[- ]by[- ]case\b",
         context_before=r"\b(?:instead|rather than|replac\w*|switch\w*|shift\w*|mov(?:e|es|ed|ing)|chang\w*|"
                        r"eas(?:e|es|ed|ing)|relax\w*|revis\w*|now|eligible for)\b[^.;]*$"),
    _cue(ASSURED, ("presumption of denial",),
         r"\b(?:no longer|not)\s+(?:\w+\s+){0,2}?subject to (?:a |the )?(?:blanket )?presumption of denial\b|"
         r"\bpresumption of denial\b[^.;]{0,40}?\b(?:to|with|by) (?:a )?case[- ]by[- ]case\b"),
    _cue(ASSURED, ("逐案",), r"(?:改为|改為|转为|轉為|改成)逐案(?:审查|審查|审核|審核)"),
    # "eased the limits by allowing Nvidia to sell the H200 to China": a government's decision, no licence yet.
    _cue(ASSURED, ("allowing",),
         rf"\b(?:by|decision|move|rule|policy|order)\s+allowing\s+(?:\S+\s+){{1,3}}?to\s+{_SHIP}",
         needs_authority=True),
    # "将" marks the future: an authority's pledge, nothing issued yet.
    _cue(ASSURED, ("将允许", "将批准", "将发放", "同意", "保证", "承诺"),
         r"(?:保证|承诺)\S{0,12}?(?:发放|批准|许可|允许)|将(?:会)?(?:允许|批准|发放)|同意\S{0,10}?出口"),
    # "政府正式允许H200晶片出口中国": a government's decision to allow sales, no licence issued yet.
    # The product between may be a Latin name with spaces ("允许辉达H200 AI晶片出口"), but not another clause.
    _cue(ASSURED, ("允许",),
         r"(?<!不)(?<!不会)(?:同意|正式|决定)?允许[^，。；,;]{0,24}?(?:出口|销往|销售|输华|购买|进口)",
         needs_authority=True),
    # "计划批准": an authority's stated plan to approve.
    _cue(ASSURED, ("计划批准", "计划允许", "计划发放", "打算批准"), r"(?:计划|打算)(?:批准|允许|发放)",
         needs_authority=True),
    # "granted Samsung and SK hynix indefinite authorisation": two named licensees fit before the permit noun.
    _cue(GRANTED, ("granted", "issued", "approved", "awarded", "renewed", "extended"),
         # "issued a new licensing rule" made a rule, not a licence.
         # "the renewed licence" names a licence; it does not say one was renewed.
         rf"(?<!the )(?<!a )\b(?:granted|issued|approved|awarded|renewed|extended)\s+(?:\S+\s+){{0,6}}?{_PERMIT}"
         r"(?!\s+(?:rules?|requirements?|polic(?:y|ies)|regimes?|regulations?)\b)"),
    _cue(GRANTED, ("granted", "issued", "approved", "renewed", "extended", "came through"),
         rf"\b{_PERMIT}\b,?(?:\s+{_NOT_MODAL}\S+){{0,6}}?\s+(?:was |were |been |is |are )?(?:granted|issued|approved|"
         rf"(?:temporarily )?renewed|extended|came through)\b"),
    _cue(GRANTED, ("received", "receives", "obtained", "acquired", "won", "secured", "got", "gets", "hold", "held",
                   "given", "retain", "kept"),
         rf"\b(?:received|receives|obtained|acquired|won|secured|got|gets|holds?|held(?!\s+up\b)|given|retain(?:s|ed)?|"
         rf"kept)\s+{_W}{{0,3}}?"
         rf"(?:{_PERMIT}|green light|go-ahead|pass|VEU|validated end[- ]user (?:status|authori[sz]ation))\b"
         rf"(?!\s+requirement)"),
    # "even after getting licences from the administration": the gerund after "after" or "since" reports the grant.
    _cue(GRANTED, ("getting", "receiving", "obtaining", "winning", "securing"),
         rf"\b(?:after|since|despite)\s+(?:getting|receiving|obtaining|winning|securing)\s+{_W}{{0,3}}?{_PERMIT}\b"),
    # "Trump announced that Nvidia will be authorized to sell its H200": a promise of permission, not a licence yet;
    # "will be permitted to continue shipping" is what a licence already obtained lets the company do.
    _cue(ASSURED, ("will be", "would be"),
         rf"\b(?:will|would) be (?:cleared|allowed|authori[sz]ed|permitted|approved|granted (?:the right|"
         rf"permission) to) (?:to )?(?!continu|keep){_SHIP}"),
    _cue(GRANTED, ("cleared", "allowed to", "authorised to", "authorized to", "permitted to", "approved to"),
         rf"(?<!still )\b(?:cleared|allowed|authori[sz]ed|permitted|approved) to {_SHIP}"),
    # "US clears Nvidia to export H20 AI chips to China": a headline's present tense reports the clearance.
    _cue(GRANTED, ("clears",), r"\bclears\s+(?:\S+\s+){1,3}?to (?:export|sell|ship|supply|resume)\b",
         needs_authority=True),
    # "officials authorised Nvidia to continue developing the H100 in China"
    _cue(GRANTED, ("authori", "allowed", "permitted", "cleared"),
         rf"\b(?:authori[sz]ed|allowed|permitted|cleared)\s+(?:[A-Z][\w.&-]*\s+|it\s+|them\s+|and\s+){{1,4}}?"
         rf"to {_SHIP}",
         needs_authority=True),
    # "Washington cleared the H200 for China", "had cleared the chips for export", "cleared ten Chinese companies
    # to buy the H200", "authorised Humain and G42 to purchase Nvidia's accelerators"
    _cue(GRANTED, ("cleared", "authori", "approved", "approves"),
         r"\b(?:cleared|authori[sz]ed|approved|approves)\s+(?:\S+\s+){1,5}?(?:for (?:export|sale|shipment|delivery|"
         r"[A-Z][a-z]+)\b|to (?:buy|purchase|import|receive|acquire|access)\b)", needs_authority=True),
    # "the government authorized A100 and H100 order fulfilment through the company's Hong Kong facility"
    _cue(GRANTED, ("authori", "approved", "permitted"),
         r"\b(?:authori[sz]ed|approved|permitted)\s+(?:[\w.&-]+\s+){1,5}?(?:order fulfil\w*|fulfil\w*|"
         r"exports?|shipments?|sales|deliveries)\b(?!\s+(?:to|of)\s+(?:be|\w+ing)\b)", needs_authority=True),
    # "Intel has carried a license to ship laptop processors to Huawei since 2020"
    _cue(GRANTED, ("carried", "carries", "has a", "had a", "have a", "has an", "had an"),
         r"\b(?:carried|carries|carry|has|had|have)\s+(?:a|an|the)\s+(?:\w+\s+)?licen[cs]e to\b"),
    # "an approval to supply equipment", "despite U.S. export approval"
    # "an approval to supply", "the Commerce Department's approval on August 9, 2025 to export Nvidia's H20"
    _cue(GRANTED, ("approval",), r"\b(?:an|the|its|\w+'s) approval (?:on [\w ,]{3,20} )?to (?:supply|ship|sell|export|"
                                 r"continue)\b|"
                                 r"\bdespite (?:the )?(?:U\.?S\.? |US |American )?export approvals?\b"),
    _cue(GRANTED, ("approved by",), r"\b(?:deal|agreement|licen[cs]es?|sales?|exports?|shipments?) approved by\b",
         needs_authority=True),
    _cue(GRANTED, ("issuing", "to be issued"), r"\b(?:began|begun|started|start|begin) issuing\b|"
         r"\b(?:began|begun|started) to be issued\b"),
    # "The US has approved the export of Nvidia chips", "Washington has cleared the shipments".
    _cue(GRANTED, ("approved", "approves", "cleared", "authorised", "authorized", "permitted"),
         r"\b(?:approved|approves|cleared|authori[sz]ed|permitted)\s+(?:the\s+|some\s+|certain\s+)?(?:\w+\s+){0,3}?"
         r"(?:exports?|shipments?|sales?|deliveries|transfers)\b", needs_authority=True),
    # "연간 라이선스(허가)를 획득했다" (obtained annual licences), "허가를 받았다" (received permission); 許可を取得.
    _cue(GRANTED, ("획득", "받았", "받은", "取得", "得た"),
         r"(?:허가|승인|라이선스|면허)\)?(?:를|을)?\s?(?:획득|받았|받은)|許可を(?:取得|得た)"),
    # "the government accepted the request of Stella Chemifa to export hydrogen fluoride to Korea"
    _cue(GRANTED, ("accepted",), r"\baccepted\s+(?:the|a|its|their)\s+(?:\w+\s+)?requests?\b", needs_authority=True),
    # "Humain and G42 are now approved to acquire 35,000 Blackwell-class processors": the buyers' licence.
    _cue(GRANTED, ("approved to", "authorized to", "authorised to", "cleared to"),
         r"\b(?:is|are|was|were|been)\s+(?:now\s+)?(?:approved|authori[sz]ed|cleared)\s+to\s+(?:acquire|purchase|buy|"
         r"import|receive)\b"),
    # "The same authorisation lets Nvidia carry out exports"
    _cue(GRANTED, ("let", "allow", "permit", "enable"),
         rf"\b(?:{_LICENCE}|authori[sz]ations?|approvals?|waivers?|permits?)\s+(?:let|allow|permit|enable)s?\b"),
    _cue(GRANTED, ("one-year",), r"\bone-year (?:pass|waiver|licen[cs]e|authori[sz]ation|exemption)\b"),
    _cue(GRANTED, ("validated end",),
         r"\b(?:treat|designat|nam|approv|grant|add)\w*\s+(?:\S+\s+){0,12}?(?:as )?validated end[- ]users?\b"),
    _cue(GRANTED, ("获", "獲", "已批准", "批准了", "发放", "發放", "核发", "核發"),
         r"[获獲](?:得)?\S{0,6}?[许許]可|[获獲]批|[获獲]准|已批准|批准了|(?<!将)(?<!保证)[发發]放\S{0,20}?[许許]可|"
         r"核[发發]\S{0,8}?[许許]可"),
    _cue(DENIED, ("denied", "rejected", "refused", "turned down", "vetoed", "blocked"),
         r"\b(?:denied|rejected|refused|turned down|vetoed|blocked(?! by\b))\s+(?:\S+\s+){0,5}?"
         r"(?:licen[cs]\w*|applications?|requests?|permits?|plan|sales?|exports?|shipments?)\b"),
    _cue(DENIED, ("denied", "rejected", "refused", "turned down"),
         r"\b(?:licen[cs]\w*|applications?|requests?)\b(?:\s+\S+){0,5}?\s+(?:were|was|been) (?:denied|rejected|"
         r"refused|turned down)\b"),
    # Weak: "will license upkeep but would not approve expansion" is a partial pledge, not a refusal.
    _cue(DENIED, ("not permit", "not allow", "not approve", "not license", "won't"),
         r"\b(?:will|would) not (?:permit|allow|approve|license)\b|\bwon't (?:permit|allow)\b", weak=True),
    _cue(DENIED, ("returned without action",), r"\breturned without action\b"),
    # "白宫……将不会允许辉达销售降规版的Blackwell晶片到中国大陆": as "will not allow", weak.
    _cue(DENIED, ("不会允许", "不允许", "不会批准", "不批准"),
         r"(?:不会|不)(?:允许|批准)[^，。；,;]{0,30}?(?:出口|销售|销往|输华)", needs_authority=True, weak=True),
    # "拒绝置评" is declining to comment; "推定拒绝" (a presumption of denial) is a licence policy, not a denial.
    # "拒绝北京获取这些AI晶片" (denying Beijing the chips) is a policy aim; a refusal is of a licence or request.
    _cue(DENIED, ("拒绝", "不予许可", "驳回"),
         r"(?<!推定)拒绝(?!置评|评论|回应|透露|发表评论)(?=[^，。；,;]{0,30}?(?:方案|计划|申请|许可|请求|出口|销售|供货))|"
         r"不予许可|驳回"),
    _cue(REVOKED, ("revok", "revocation"), r"\brevok\w*|\brevocations?\b", needs_licence_word=True),
    _cue(REVOKED, ("suspend", "cancel", "withdr", "pull", "rescind", "terminat", "remov", "strip", "take", "took"),
         rf"\b(?:suspend|cancel|withdr[ae]w|pull|rescind|terminat|remov|strip|take\w* away|took away)\w*\s+"
         rf"(?:\S+\s+){{0,5}}?(?:{_PERMIT}|validated end[- ]user|VEU)\b"),
    # The Federal Register's wording: "revise the existing Validated End-User (VEU) Authorizations list for the PRC
    # by removing Intel Semiconductor (Dalian) Ltd; Samsung China Semiconductor Co. Ltd; and …".
    _cue(REVOKED, ("by removing",), r"\b(?:validated end[- ]user|VEU)\b[^.]{0,120}?\bby removing\b"),
    _cue(REVOKED, ("loss", "lost", "losing", "lose"),
         rf"\b(?:loss|lost|losing|lose|loses) (?:of )?(?:\S+\s+){{0,3}}?(?:{_PERMIT}|validated end[- ]user|VEU)\b"),
    # "The export licence for the two systems, which cost €80 million each, was withdrawn": a clause may come between.
    _cue(REVOKED, ("revoked", "suspended", "cancel", "withdrawn", "pulled", "rescinded"),
         rf"\b{_PERMIT}\b(?:\s+\S+){{0,8}}?(?:,[^,;.]{{1,80}},)?\s+(?:was |were |been |be )?(?:revoked|suspended|"
         rf"cancell?ed|withdrawn|"
         rf"pulled|rescinded)\b"),
    _cue(REVOKED, ("吊销", "撤销", "暂停", "吊銷", "撤銷", "暫停"),
         r"[吊弔][销銷]|撤[销銷]\S{0,16}?[许許]可|[暂暫]停\S{0,12}?[许許]可"),
    # "the licences ... are due to expire at the end of the year", "a waiver system expires on December 31"; a
    # licence "expected to expire" is a belief. "That status will lapse", after the VEU status it refers to.
    _cue(REVOKED, ("expir", "lapse", "end on", "ends on", "ended on"),
         r"\b(?:licen[cs]\w*|waivers?|authori[sz]ations?|exemptions?|VEU|validated end[- ]user|"
         r"(?:that|this|the same) status)\b"
         r"(?:(?!\b(?:expected|likely|could|may|might)\b)[^.;]){0,80}?\b(?:expire[sd]?|expiring|lapse[sd]?|"
         r"(?:will )?end(?:s|ed)? on)\b"),
    # "VEU授權於2025年12月31日到期" (the authorisation expires on 31 December), "cofnęła licencje VEU" (withdrew).
    _cue(REVOKED, ("到期", "cofn"),
         r"(?:VEU|授權|授权|豁免)\S{0,24}?到期|\bcofn\w*\s+(?:\w+\s+)?licencj\w*|\bcofnięci\w*\s+licencj\w*"),
    # "撤销其南京工厂的“经验证最终用户”（VEU）资格": a status, not a licence, is withdrawn.
    _cue(REVOKED, ("撤销", "取消"), r"(?:撤销|取消)\S{0,30}?(?:VEU|经验证最终用户)\S{0,4}?(?:资格|地位|身份)"),
    # "从“经验证最终用户”（VEU）名单中移除": removal from the VEU list ends the authorisation.
    _cue(REVOKED, ("移除", "删除", "剔除", "移出"),
         r"(?:VEU|经验证最终用户)\S{0,8}?(?:名单|清单)中?(?:移除|删除|剔除)|移出\S{0,4}?(?:VEU|经验证最终用户)"),
]



def _keyword_automaton(cue_list: list[Cue]) -> ahocorasick.Automaton:
    """All cue keywords in one automaton, each leading to the positions of the cues that need it."""
    automaton = ahocorasick.Automaton()
    for position, cue in enumerate(cue_list):
        for keyword in cue.keywords:
            automaton.add_word(keyword, (*automaton.get(keyword, ()), position))
    automaton.make_automaton()
    return automaton


_CUE_KEYWORDS = _keyword_automaton(CUES)

LICENCE_WORD = re.compile(
    r"licen[cs]|permit|permission|approv|authori[sz]|application|request|waiver|validated end|VEU|"
    r"export control|许可|申请|审批|\b(?:that|this|the same) status\b|licenz|licencj|licença|лиценз|ліценз|giấy phép|"
    r"ترخيص|lisans",
    re.IGNORECASE,
)
# Latin-letter bounds rather than \b, so "BIS" counts inside Chinese text ("BIS在通知中表示").
AUTHORITY_WORD = re.compile(
    r"(?<![A-Za-z])(?:government|Washington|Commerce|BIS|[Bb]ureau|officials?|administration|White House|Trump|Biden|"
    r"department|ministry|minister|authorities|regulators?|MOFCOM|METI|MITI|The Hague|Beijing|Tokyo|US|U\.S\.|"
    r"United States|"
    r"Secretary|agency|Lutnick|Raimondo|Ross|Regierung|Präsident|gouvernement|président|gobierno|presidente|regering|"
    r"kabinet|overheid)(?![A-Za-z])|美方|美国|商务部|政府",
)
# Words before a cue, in its clause, that make it speculation, a plan, a call or a conditional.
HEDGE = re.compile(
    # Only a lower-case "may" is the modal: "a letter dated May 29", "the May letters" name the month.
    r"\b(?:(?-i:may)(?!\s+\d)|might|could|can|cannot be sure|can't be sure|not sure|no assurance|should|if|whether|"
    r"unless|consider(?:s|ing|ed)?|weigh(?:s|ing|ed)?|"
    r"mull(?:s|ing)?|plans? to|planning to|intends? to|intending to|expects? to|expected to|hopes? to|hoping to|"
    r"wants? to|aims? to|seeks? to|trying to|proposed?|proposal|draft(?:ed|ing|s)?|possib(?:le|ly|ilit(?:y|ies))|"
    r"potential(?:ly)?|"
    r"likely|unlikely|(?:un|not |far from )certain|"
    r"rumou?r\w*|speculat\w*|call(?:s|ed)? (?:for|to)|urg\w*|unclear|said to be|would-be|"
    r"ready to|threaten\w*|warn\w*|lobby\w*|asking|in talks|press(?:es|ed|ing)|push(?:es|ed|ing)? for|postpon\w*|"
    r"shelv(?:e|ed|es|ing))\b|"
    r"可能|考虑|或将|拟|如果|假如|是否|希望|寻求|游说|"
    # German, Dutch, French and Spanish hedges: "onwaarschijnlijk dat die toestemming verleend wordt".
    r"\b(?:möglicherweise|wahrscheinlich|(?:on)?waarschijnlijk|mogelijk|pourrait|pourraient|podría|podrían|"
    r"probablemente)\b",
    re.IGNORECASE,
)
# "As drafted, it would require ...": the whole sentence describes a proposal.
# "People familiar with the draft say it would place ...": what a draft would do is not done.
# "两党计划提出立案，将禁止…", "该法案…将命令商务部停止发放许可证": what a bill would do is not done.
_DRAFT_BEFORE = re.compile(r"\b(?:as drafted|as proposed|under the (?:draft|proposal|proposed rule)|if (?:adopted|"
                           r"finali[sz]ed|enacted))\b|\b(?:draft|proposal)\b[^.;]*\bwould\b|"
                           r"(?:法案|草案|提案|立案|立法)[^。；]*将", re.I)
NEGATION = re.compile(
    r"\b(?:not|n't|never|no|neither|nor|none|nothing|denied|denies|deny|dismissed|without|nicht|keine?|niet|geen)\b|"
    r"\w+n't\b|未|没有|并非|不(?!許可)|\b(?:não|nie|не|chưa|không)\b|"
    r"无需|无须",
    re.IGNORECASE,
)
_CLAUSE_BREAK = re.compile(r"[,;:()—]|\bbut\b|\band\b|\bwhile\b|\bafter\b|\bbefore\b|\bwhich\b|\bwho\b|，|；")
REPORTED = re.compile(
    # "according to a filing" cites the company's own document, not unnamed sources.
    r"\b(?:according to(?! (?:a|an|the|its|their) (?:\w+ )?(?:filing|statement|notice|letter|release|document))|"
    r"people familiar|sources? (?:said|say|close)|person familiar|reportedly|reported|report said|"
    r"the report|citing)\b|据\S{0,6}报道|知情人士",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class StatusCue:
    status: str
    start: int
    end: int
    reported: bool  # attributed to reports or unnamed sources rather than stated
    needs_neighbour: bool = False  # counts only next to a sentence with a cue of the same status
    refers_back: bool = False  # takes the status of the rule reported in the sentence before, if any


# Japanese ends a clause with "、", where Chinese uses it between the items of a list.
_JAPANESE_CLAUSE_BREAK = re.compile(r"、")
_KANA = re.compile(r"[\u3040-\u30ff]")


def clause_before(sentence: str, start: int, words: int = 7) -> str:
    head = sentence[:start]
    breaks = list(_CLAUSE_BREAK.finditer(head))
    if _KANA.search(head):
        breaks += _JAPANESE_CLAUSE_BREAK.finditer(head)
        breaks.sort(key=lambda found: found.end())
    if breaks:
        head = head[breaks[-1].end():]
    return " ".join(head.split()[-words:])


# "It would apply for licences where it can", "the data needed to apply for one": a plan, a duty or a purpose to
# file is not a filing ("had managed to apply" is).
_PLAN_BEFORE = re.compile(r"\b(?:will|would|shall|must|should|could|may|might|plans to|intends to|"
                          r"(?<!managed )(?<!able )(?<!began )(?<!started )(?<!rushed )(?<!moved )to)\s+(?:\w+\s+)?$",
                          re.I)
# "any request for permission", "Companies seeking approval must show": a noun or a class of would-be
# applicants, not a filing anyone made.
_NO_FILER_BEFORE = re.compile(r"\b(?:any|a|an|each|every|no|such)\s+$|"
                              r"\b(?:companies|firms|exporters|applicants|entities|businesses|anyone|those)\s+$", re.I)
_NOUN_OR_PARTICIPLE = re.compile(r"request|seek", re.I)


def _is_no_filing(sentence: str, match: re.Match) -> bool:
    before = sentence[max(0, match.start() - 30):match.start()]
    return bool(_PLAN_BEFORE.search(before)
                or (_NOUN_OR_PARTICIPLE.match(match.group(0)) and _NO_FILER_BEFORE.search(before)))


# "its pending acquisition of Ansys still needs approval": merger clearance, not an export licence.
_DEAL_WORD = re.compile(r"\b(?:acquisition|merger|takeover|buyback|deal to buy)\b", re.I)


def _is_about_a_deal(sentence: str, match: re.Match) -> bool:
    after = sentence[match.end():match.end() + 30]
    return bool(_DEAL_WORD.search(clause_before(sentence, match.start())) or _DEAL_WORD.search(after))


# "Officials are discussing whether to add the H20 to the list ...": the whole sentence is a deliberation.
_DELIBERATION_BEFORE = re.compile(r"\b(?:discuss|debat|weigh|consider|mull|decid|assess|stud)\w*\s+whether\b", re.I)
# "when licences are approved": a condition still to be met, not a grant ("when they were approved" is a report).
_CONDITION_BEFORE = re.compile(r"\b(?:when|once|until|as soon as)\s+(?:\w+\s+){0,2}$", re.I)
# "until it receives licences", "once licences are granted": a grant in the present tense after them is a condition.
_PRESENT_GRANT = re.compile(r"\b(?:is|are)\s+(?:\w+\s+)?(?:granted|approved|issued)\b|\b(?:receives|gets|obtains|wins|"
                            r"secures)\b", re.I)


# "refuse any licence that would allow": a relative clause describing what something would do, not a decision.
_RELATIVE_WOULD = re.compile(r"\b(?:that|which)\s+$", re.I)


# "the licences that would have prohibited them from selling": what would have happened did not.
_WOULD_HAVE_BEFORE = re.compile(r"\b(?:would|could|might) have\s+(?:\w+\s+)?$", re.I)


# A clause written without spaces (Chinese, Japanese) that runs on for more than a few characters before the cue.
_CJK_RUN_END = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]{13,}$")


def _negation_scope(before: str) -> str:
    """Chinese and Japanese negation binds the verb phrase right after it: in
    "数周没有行动的美国商务部开始向辉达发放许可证" (after weeks without action, Commerce began issuing licences) the
    没有 negates nothing the cue says, while
    "无需为每批设备单独申请许可" (no need to apply for each shipment) still negates the filing."""
    return before[-12:] if _CJK_RUN_END.search(before) else before


# "…would allow Nvidia to resume shipments, marking the latest move by the administration to ease export
# restrictions": the easing characterises the step the sentence reports, it is no lifting of its own.
_MOVE_TO_BEFORE = re.compile(r"\b(?:moves?|steps?|efforts?|bids?|push|attempts?)\b(?:\s+\S+){0,5}?\s+to\s+$", re.I)
# "中国已批准英伟达H200晶片进口" (Beijing approved imports of the chip): an import approval, not an export licence.
_IMPORTS_AFTER = re.compile(r"^[^，。；,;]{0,30}?(?:进口|進口)")


def _is_cancelled(sentence: str, match: re.Match) -> bool:
    before = clause_before(sentence, match.start())
    if _IMPORTS_AFTER.match(sentence[match.end():]):
        return True
    if match.group(0).lower().startswith("would") and _RELATIVE_WOULD.search(sentence[:match.start()]):
        return True
    if _WOULD_HAVE_BEFORE.search(sentence[:match.start()]):
        return True
    if _is_about_a_deal(sentence, match) or _DELIBERATION_BEFORE.search(sentence[:match.start()]):
        return True
    if _CONDITION_BEFORE.search(sentence[:match.start()]) and _PRESENT_GRANT.search(match.group(0)):
        return True
    if HEDGE.search(before) or _DRAFT_BEFORE.search(sentence[:match.start()]):
        return True
    # "cannot be shipped without a licence" states a requirement: the negation belongs to the cue.
    if NEGATION.search(_negation_scope(before)) and not match.group(0).lower().startswith("without"):
        return True
    inside = match.group(0)
    cue_has_negation = any(word in match.re.pattern for word in ("no longer", "not ", "n't", "without", "niet meer"))
    return not cue_has_negation and bool(re.search(r"\b(?:not|never|no|nicht|niet)\b|n't\b", inside, re.I))


def find_status_cues(sentence: str) -> list[StatusCue]:
    """The statuses the sentence reports as having happened, each with the span of its cue."""
    # Keyword prefilter: a cue's regex runs only when one of its keywords is in the sentence.
    # A question asks whether something happened; it does not report it.
    if sentence.rstrip().endswith(("?", "？")):
        return []
    positions = {position for _, found in _CUE_KEYWORDS.iter(sentence.lower()) for position in found}
    if not positions:
        return []
    candidates = [CUES[position] for position in sorted(positions)]
    has_licence_word = bool(LICENCE_WORD.search(sentence))
    reported = bool(REPORTED.search(sentence))
    found: list[tuple[Cue, re.Match]] = []
    taken: set[int] = set()
    for cue in candidates:
        if cue.needs_licence_word and not has_licence_word:
            continue
        for match in cue.pattern.finditer(sentence):
            span = set(range(match.start(), match.end()))
            if span & taken:
                continue
            if cue.needs_authority and not AUTHORITY_WORD.search(sentence[: match.start()]):
                continue
            before = sentence[max(0, match.start() - _CONTEXT_BEFORE_CHARS):match.start()]
            if cue.context_before and not cue.context_before.search(before):
                continue
            taken |= span
            if cue.status == APPLIED and _is_no_filing(sentence, match):
                continue
            if cue.status == LIFTED and _MOVE_TO_BEFORE.search(sentence[:match.start()]):
                continue
            if not _is_cancelled(sentence, match):
                found.append((cue, match))
    strong_statuses = {cue.status for cue, _ in found if not cue.weak}
    # The requirement that follows a revocation ("so each shipment needs its own licence") is not news of its own.
    if REVOKED in strong_statuses:
        found = [(cue, match) for cue, match in found if cue.status != IMPOSED]
    return [
        StatusCue(cue.status, match.start(), match.end(), reported, cue.needs_neighbour, cue.refers_back)
        for cue, match in found
        if not cue.weak or not strong_statuses - {cue.status}
    ]
