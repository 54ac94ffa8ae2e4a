"""Read one sentence: which exporters, recipients, products, destinations and authority it names."""

import re
from dataclasses import dataclass, field

from .gazetteer import AUTHORITY, CHIP, COMPANY, COUNTRY, DEMONYM, Gazetteer, Mention
from .sentences import Sentence

# Plain wordings of product categories, for sentences that name no catalogue product. Each has lower-case
# keywords, one of which any match contains, so most sentences skip the regex.
# The category that tools, machines and fab authorisations fall in.
EQUIPMENT = "chipmaking equipment"
GENERIC_PRODUCTS = [
    (("equipment", "tool", "machinery", "machines", "etch", "deposition", "设备", "設備", "장비"),
     # "the Chinese telecom equipment maker" describes a buyer, not the goods.
     re.compile(r"\b(?:(?<!telecom )(?<!telecoms )(?<!telecommunications )(?<!network )equipments?|"
                r"(?<!software )tools?|toolmakers?|machinery|scanners|etch\w*|deposition|"
                r"(?:chip|chipmaking|chip-making|lithography|semiconductor)\s+machines)\b|设备|設備|장비", re.I),
     EQUIPMENT),
    (("ai", "artificial intelligence", "artificial-intelligence", "accelerator", "gpu", "graphics processor"),
     re.compile(r"\b(?:AI|artificial[- ]intelligence)(?:[- ]related)?\s+(?:\(AI\)\s+)?"
                r"(?:chips?|accelerators?|processors?|GPUs?|"
                r"semiconductors?)|\baccelerators\b|\baccelerator chips?\b|\bGPUs\b|\bgraphics processors\b|"
                r"AI芯片|AI晶片|人工智能芯片", re.I),
     "AI chips"),
    (("laptop", "notebook", "pc", "笔记本"),
     re.compile(r"\b(?:laptop|notebook|PC)s?\s+(?:(?:and|or)\s+\w+\s+|central\s+)?(?:chips?|processors?|CPUs?)\b|"
                r"\b(?:chips?|processors?|CPUs?)\b[^.;]{0,30}?\b(?:laptop|notebook)s?\b|笔记本", re.I),
     "laptop chips"),
    (("smartphone", "handset", "mobile", "phone", "4g", "5g", "kirin"),
     re.compile(r"\b(?:smartphone|handset|mobile|phone|4G|5G)s?[\s-]+(?:\w+\s+)?(?:chips?|processors?|parts|SoCs?|"
                r"modems?)\b|\bKirin\b|"
                r"\b(?:chips?|processors?)\b[^.;]{0,30}?\b(?:smartphone|handset|phone)s?\b", re.I),
     "smartphone chips"),
    (("eda", "electronic design automation", "design software", "designing software", "software", "design-software"),
     re.compile(r"\bEDA\b|electronic design automation|design(?:ing)? software|software (?:tools )?(?:used )?"
                r"(?:to|for) design(?:ing)? (?:chips|semiconductors)|\bChip-?[Dd]esign-Software\b|"
                r"\bsoftware de (?:design|projeto) de (?:chips|semicondutores)\b", re.I),
     "EDA software"),
    (("hbm", "high-bandwidth memory", "高带宽存储器"),
     re.compile(r"\bHBM\w*\b|high-bandwidth memory|高带宽存储器", re.I),
     "HBM"),
    # Validated end-user status and fab waivers cover the tools that go into a fab.
    # So does a licence "to operate their existing factories in China".
    (("validated end", "veu", "waiver", "operate", "run"),
     re.compile(r"\bvalidated end[- ]users?\b|(?<![A-Za-z])VEU(?![A-Za-z])|\bwaivers?\b|"
                r"\bto (?:operate|run|keep running) (?:[\w-]+\s+){0,2}?(?:factories|fabs|plants)\b", re.I),
     EQUIPMENT),
]
# Countries spared by a rule: an exemption, a licence exception, a simplified procedure for friendly states.
_EXEMPTION = re.compile(r"\bexempt\w*|\bexcluded\b|\bcarve[- ]outs?\b|\blicen[cs]e exceptions?\b|\bspared\b|"
                        r"\bsimplified\b|簡素化|免除|除外|豁免|면제|간소화")
# Where one clause ends and a contrasting one begins: "..., but", "; ", "...が、", "但".
_CONTRAST_SPLIT = re.compile(r";|,\s*(?:but|while|whereas)\b|\s(?:but|whereas)\s|が、|但|而|；")
# "a D5 country", "Country Group D:5": the group of arms-embargoed countries China heads in export-control news.
_D5_GROUP = re.compile(r"\bD:5\b|\bD5 countr(?:y|ies)\b|\bCountry Groups? (?:[^.;]{0,20}?\b)?D5\b", re.I)
_TO_BEFORE = re.compile(r"\b(?:to|into)\s+(?:the\s+)?$", re.I)
# Words after a country that make it a government or a person rather than a destination.
_GOVERNMENT_AFTER = re.compile(
    r"^(?:'s|’s)?\s*(?:\w+\s+)?(?:ministry|government|officials?|regulators?|president|prime minister|premier|"
    r"leader|authorities|presidential|media|embassy|negotiators|counterparts|customs|commerce|trade|economy|"
    r"internet regulator|state|lawmakers|hawks)\b",
    re.I,
)
# "The US has approved exports to the UAE": a country that acts is the authority, not where goods go.
_ACTS_AFTER = re.compile(
    r"^\s+(?:has|have|had)?\s*(?:approved|granted|issued|imposed|banned|restricted|blocked|barred|licensed|"
    r"cleared|added|ordered|told|informed|revoked|rescinded|lifted|tightened|expanded)\b", re.I
)
# "Nvidia chips", "Micron's memory products": a company's own goods, named by a generic word after its name.
_OWN_GOODS_AFTER = re.compile(
    r"^(?:\s+|(?:'s|’s)\s+(?:most\s+)?(?:[\w-]+\s+){0,2}?)(?:chips|processors|semiconductors|products|GPUs|"
    r"accelerators)\b"
)
# "semiconductors" and "chips" in the scripts without spaces, where no company name runs into them as in "Nvidia chips".
_CHIPS_WORD_CJK = re.compile(r"(?:반도체|芯片|半导体|半導体|晶片)(?!\s?(?:制造|製造|生产|生產|제조|장비))")
# "TSMC, on the other hand, stands outside the latest action": a company the sentence says is spared.
_SPARED_AFTER = re.compile(r"^[^.;]{0,40}?\b(?:stands? outside|(?:is|was|are|were|remains?) (?:not affected|unaffected|"
                           r"spared|exempt(?:ed)?)|(?:is|was|are|were) not (?:hit|included|targeted|covered))\b")
# "to SK hynix's plant in Dalian": the plant's place is where goods go.
_OWN_PLANT_AFTER = re.compile(r"^(?:'s|’s)\s+(?:\w+\s+)?(?:plants?|fabs?|factory|factories|facility|facilities|"
                              r"sites?|operations)\b")
# "restrictions on Korean, U.S. and Taiwanese companies": every nationality of the list says whose firms.
_NATIONALITIES_THEN_COMPANIES = re.compile(r"^(?:\s*(?:,|,? and|,? or)\s+[A-Z][\w.]*)+")
# "Korean chipmakers", "Chinese rivals": a nationality of companies, not where goods go.
_COMPANIES_AFTER = re.compile(
    r"^\s+(?:\w+\s+)?(?:companies|firms|chipmakers|makers|manufacturers|suppliers|vendors|rivals|peers|"
    r"toolmakers|producers|exporters|giants|groups)\b", re.I
)
# Between a country and a company from there: "Japan's memory maker Kioxia", "日本的记忆体大厂铠侠".
_HOME_GAP = re.compile(r"(?:'s|’s)?\s+(?:\w+\s+){0,2}?|的?[\u4e00-\u9fff]{0,8}")
# "HONG KONG - The United States has revoked": the dateline names where the story was filed.
# "WASHINGTON/SINGAPOUR (Reuters) –": every place of an upper-case dateline, and the agency after it.
_DATELINE_AFTER = re.compile(r"^(?:,[^-–—]{0,40}|\s*\([^)]{1,30}\))?\s+[-–—]\s")
_DATELINE_BEFORE = re.compile(r"[A-Z][A-Z /,.-]*")
# "... except China", "... when Russia launched its invasion of Ukraine": a country no goods go to.
_NOT_DESTINATION_BEFORE = re.compile(
    r"(?:\bnot|\bexcept|\bexcluding|\bfrom|\boutside(?: of)?|\bbut not|"
    r"\b(?:aggression|invasion|war|attacks?|offensive)\s+(?:against|on|of|in))\s+(?:the\s+)?$", re.I
)
# "restrictions imposed by the US and the Netherlands on exports to China": the countries that act, not destinations.
_IMPOSED_BY_BEFORE = re.compile(
    r"\b(?:imposed|introduced|adopted|announced|enforced|issued|set|placed)\s+by\s+(?:the\s+)?"
    r"(?:(?:[\w.,]+\s+){1,6}?(?:and|or)\s+(?:the\s+)?)?$", re.I
)
# "talks held in Busan, South Korea", "在韩国釜山举行会谈": where leaders met, not where goods go.
_VENUE_BEFORE = re.compile(
    r"\b(?:summit|talks|meeting|met|conference|forum|held)\s+(?:\w+\s+){0,2}?in\s+(?:the\s+)?(?:\w+,\s+)?$", re.I
)
_VENUE_AFTER_CJK = re.compile(r"^\S{0,8}?(?:举行|会晤|会谈|会面|峰会|召开)")
_INCLUSION_GAP = re.compile(r"^[\s,(]*(?:including|incl\.?|as well as|and|plus)?\s*(?:the\s+)?$|"
                            r"^\s*(?:,|and|or)\s*(?:the\s+)?$", re.I)
# "to Huawei", "to Abu Dhabi's G42", "customers such as ByteDance", "shipments to US firms, including Oracle".
_RECIPIENT_BEFORE = re.compile(
    r"(?:\bto|\bsupplying|\bsupply|\bsupplies|\bserving|\bsell(?:ing)? to|\bcustomers?(?: such as| including)?|"
    r"\bbuyers?(?: such as| including)?|\bfor (?:its |the )?customers?|"
    r"\b(?:shipments|sales|exports|deliveries|ship|sell|supply) to\b[^.;]{0,40}?(?:including|such as)|向|对)"
    r"\s*(?:bound for|destined for|headed for)?\s*(?:China's\s+|[A-Z][\w-]*(?: [A-Z][\w-]*)?(?:'s|’s)\s+)?$",
    re.I,
)
# "licences were granted to Samsung": the company the licence is issued to holds it; it is not the buyer.
# "sent a letter to TSMC": the addressee of a letter is told of a rule, it does not buy the goods.
# "licences granted to SK hynix", "has granted annual licences to Samsung": the licence holder, not a buyer.
_LICENSEE_BEFORE = re.compile(r"\b(?:(?:granted|issued|awarded|given|extended|renewed)(?:\s+(?:\S+\s+){0,3}?"
                              r"(?:licen[cs]\w*|permits?|authori[sz]ations?|waivers?|approvals?|exemptions?))?|"
                              r"letters?|notices?|notifications?)\s+to\s*$", re.I)
_LIST_GAP = re.compile(r"^\s*(?:,|and|or|,\s*and)\s*(?:[A-Z][\w-]*(?: [A-Z][\w-]*)?(?:'s|’s)\s+)?$")
# Owners of affected plants ("fabs owned by foreign firms, including SK hynix") and sellers or former names
# of a plant ("the Dalian fab SK hynix bought from Intel") are not the exporters of the event.
_OWNER_BEFORE = re.compile(
    r"\b(?:owned|run|operated|held) by\b[^.;:]{0,60}$|\b(?:bought|acquired|purchased) from\s+$|"
    r"\b(?:listed as|known as|formerly|old name)\s+$",
    re.I,
)
# "Intel Semiconductor (Dalian), which SK hynix acquired": a plant sold to another company is not the seller's now.
_SOLD_AFTER = re.compile(r"^(?:\s+\w+)?\s*(?:\([^)]{1,40}\))?,?\s+which\s+(?:\S+\s+){1,3}?(?:acquired|bought|purchased|"
                         r"took over)\b")
_AUTHORITY_WORDS = [
    ("nl-mfa", ("dutch", "netherlands", "hague", "荷兰"),
     re.compile(r"\bDutch (?:government|ministry|authorities|officials|rules?|regulations?|licen|export|curbs|"
                r"measures|regime)|\bNetherlands(?:'s|’s)? (?:government|ministry|authorities|officials)|"
                r"\bThe Hague\b|荷兰政府|荷兰\S{0,10}?(?:公布|宣布|限制|扩大|实施|发布)")),
    ("jp-meti", ("meti", "japan", "日本", "经济产业省", "経済産業省", "経産省", "일본"),
     re.compile(r"\bMETI\b|\bJapan(?:'s|’s)? (?:government|ministry|trade ministry|authorities|officials)|"
                r"\bJapanese (?:government|ministry|authorities|officials|rules?|regulations?|export|curbs|measures)|"
                r"日本政府|经济产业省|経済産業省|経産省|일본\s?정부")),
    ("cn-mofcom", ("mofcom", "commerce ministry", "商务部"),
     re.compile(r"\bMOFCOM\b|China's commerce ministry|Chinese commerce ministry|(?<!美国)商务部")),
    ("my-miti", ("miti", "malaysia", "马来西亚", "putrajaya"),
     re.compile(r"\bMITI\b|\bMalaysia(?:'s|’s)? (?:government|ministry|trade ministry|authorities|officials)|"
                r"\bMalaysian (?:government|ministry|authorities|officials|rules?|regulations?|permit)|"
                r"\bPutrajaya\b|马来西亚政府")),
    # Chinese texts call the US government "the US side".
    ("us-bis", ("美方",), re.compile(r"美方")),
]
# "The part, a cut-down MI300 built for China": the named chip is the base design, not the exported product.
_BASE_PRODUCT_BEFORE = re.compile(r"\b(?:cut-down|pared-back|scaled-back|version of|variant of|based on|"
                                  r"derived from|successor to)\s+(?:the\s+|an?\s+|its\s+)?$", re.I)
# A fab named by its city ("the Nanjing plant", "its fab in Wuxi") is in China: the places of chip plants.
FAB_CITIES = {
    "Nanjing": "CN", "Wuxi": "CN", "Xi'an": "CN", "Xian": "CN", "Dalian": "CN", "Shanghai": "CN",
    "Shenzhen": "CN", "Tianjin": "CN", "Wuhan": "CN", "Hefei": "CN", "Chengdu": "CN", "Chongqing": "CN",
    "Suzhou": "CN", "Xiamen": "CN", "Guangzhou": "CN", "Hangzhou": "CN", "Beijing": "CN", "Jiangsu": "CN",
    "南京": "CN", "无锡": "CN", "西安": "CN", "大连": "CN",
}
_CITY = "|".join(re.escape(city) for city in FAB_CITIES)
_FAB = (r"(?:fabs?|plants?|factory|factories|facility|facilities|site|lines|operations|campus|"
        r"工厂|工廠|晶圆厂|晶圓廠|厂|廠)")
# Latin-letter bounds rather than \b: Chinese writes "其南京工厂" without spaces, and "TSMC南京廠" after a Latin name.
_CITY_START = r"(?:(?<![A-Za-z'])(?=[A-Z])|(?=[^\x00-\x7f]))"
_FAB_LOCATION = re.compile(
    rf"{_CITY_START}(?P<city>{_CITY})(?:[’']s)?\s*(?:-based\s+)?(?:[\w-]+\s+){{0,3}}?{_FAB}(?![A-Za-z])|"
    rf"\b{_FAB}\s+(?:\w+\s+){{0,2}}?in\s+(?P<city2>{_CITY})\b"
)
# "the equivalent of 60,400 A100 chips", "A100-equivalents": a chip used as a unit of measure is not the export.
_MEASURE_BEFORE = re.compile(r"\bequivalent of\s+(?:(?:about|some|roughly|up to)\s+)?(?:[\d,.]+\s+)?(?:million\s+|"
                             r"thousand\s+)?$", re.I)
_MEASURE_AFTER = re.compile(r"^[- ]equivalents?\b", re.I)
_CLASS_AFTER = re.compile(r"^[- ]class\b", re.I)
# "chips made with American equipment": the tools that make a product are not the product exported.
_MEANS_OF_MAKING_BEFORE = re.compile(r"\b(?:made|built|produced|manufactured|fabricated)\s+(?:with|using|on)\s+"
                                     r"(?:[\w.'’-]+\s+){0,2}$", re.I)
# "its NAND memory chip production in Dalian", "the plant that produces DRAM chips": what a fab makes is not what
# its licence covers; an authorisation to keep a plant making chips covers the tools that go into it.
_MADE_THERE_AFTER = re.compile(r"^\s*(?:production|manufacturing|output|fabrication|making|plants?|fabs?|"
                               r"factor(?:y|ies)|lines?)\b", re.I)
# "Intel also makes AI chips" describes a company; "plants making NAND chips" and "tools used to make memory chips"
# name what a plant, or the tools in it, make.
_PLANT_WORD = re.compile(r"\b(?:plants?|fabs?|factor(?:y|ies)|facilit(?:y|ies)|sites?|operations|tools?|equipment|"
                         r"machines)\b", re.I)
_MAKING_BEFORE = re.compile(r"\b(?:produc\w*|mak(?:e|es|ing)|manufactur\w*|fabricat\w*)\s+(?:[\w-]+\s+){0,2}$", re.I)
# "customers that package HBM with AI accelerators": what the buyers make is not what is exported.
_BUYERS_CLAUSE_BEFORE = re.compile(r"\b(?:customers?|buyers?|clients?|users?)\s+(?:that|which|who)\b[^.;,]*$", re.I)
# A clause that speaks of something else: "; the MI100 is not", "but not 5G".
_CLAUSE_SPLIT = re.compile(r";|\s[-–—]\s+(?=but\b)|,\s*(?=but\b)|(?<!-)\s(?=but not\b)", re.I)
# An elliptical denial: "but not the MI100", "the MI100 is not", "the MI100 was not covered".
_DENIED_CLAUSE = re.compile(r"^\W*but not\b|\b(?:is|are|was|were)(?: not|n't)(?: (?:covered|affected|included))?\W*$",
                            re.I)


# One search per sentence tells whether any generic product, authority word or fab city can be there at all.
_GENERIC_KEYWORD = re.compile("|".join(re.escape(k) for keywords, _, _ in GENERIC_PRODUCTS for k in keywords))
_AUTHORITY_KEYWORD = re.compile("|".join(re.escape(k) for _, keywords, _ in _AUTHORITY_WORDS for k in keywords))
_ANY_FAB_CITY = re.compile("|".join(re.escape(city) for city in FAB_CITIES))


@dataclass
class Reading:
    """What one sentence names: exporters, recipients, products, destinations, authority."""

    sentence: Sentence
    mentions: list[Mention]
    exporters: list[str] = field(default_factory=list)
    owners: list[str] = field(default_factory=list)  # named as owners, sellers or old names of affected plants
    chips: list[str] = field(default_factory=list)
    destinations: list[str] = field(default_factory=list)
    authority: str = ""


def unique(items):
    return list(dict.fromkeys(items))


class SentenceReader:
    def __init__(self, gazetteer: Gazetteer):
        self.gazetteer = gazetteer
        self.category_slugs = gazetteer.category_slugs([category for _, _, category in GENERIC_PRODUCTS])

    def read(self, sentence: Sentence, mentions: list[Mention]) -> Reading:
        text = sentence.text
        reading = Reading(sentence, mentions)
        chip_vendors = set()
        previous_chip = None
        for mention in mentions:
            if mention.kind != CHIP:
                continue
            # "GB300 Grace Blackwell processors": a product name right after another describes it ("Kirin smartphone
            # processors" names a category too, and in "Blackwell GB300 processors" the model follows its family).
            describes_previous = (previous_chip is not None and not text[previous_chip.end:mention.start].strip()
                                  and self.gazetteer.chip_by_slug[mention.key].kind != "category"
                                  and self.gazetteer.chip_by_slug[previous_chip.key].kind != "family")
            previous_chip = mention
            if not describes_previous and not self._is_aside(text, mention):
                reading.chips.append(mention.key)
                chip_vendors.add(self.gazetteer.chip_by_slug[mention.key].vendor)
        reading.chips = self._most_specific(unique(reading.chips))
        if all(self.gazetteer.chip_by_slug[chip].kind == "category" for chip in reading.chips):
            # "laptop central processors ... older 4G chips": a category by its name does not hide one in other words.
            generic = self.generic_chips(text)
            if generic:
                reading.chips = unique([*reading.chips, *(
                    slug for slug, start in generic_product_starts(text, generic, self.gazetteer).items()
                    if not _BUYERS_CLAUSE_BEFORE.search(text[max(0, start - 80):start]))])
        if self._only_made_there(text, mentions, reading.chips):
            reading.chips = [self.category_slugs[EQUIPMENT]] if EQUIPMENT in self.category_slugs else []
        recipients = []
        previous_company = None
        for mention in mentions:
            if mention.kind != COMPANY:
                continue
            # "to Huawei, and Intel's licence ...": a possessive name starts a new clause, it does not extend the list.
            continues_recipients = (previous_company is not None and previous_company.key in recipients
                                    and _LIST_GAP.match(text[previous_company.end:mention.start])
                                    and text[mention.end:mention.end + 2] not in ("'s", "’s"))
            if mention.key not in chip_vendors and (continues_recipients or self._is_recipient(text, mention)):
                recipients.append(mention.key)
            elif _SPARED_AFTER.match(text[mention.end:mention.end + 80]):
                pass  # "TSMC, on the other hand, stands outside the latest action": not a party to it
            else:
                reading.exporters.append(mention.key)
                if _OWNER_BEFORE.search(text[max(0, mention.start - 80):mention.start]) or _SOLD_AFTER.match(
                        text[mention.end:mention.end + 80]):
                    reading.owners.append(mention.key)
            previous_company = mention
        reading.exporters = unique(reading.exporters)
        if not reading.chips:
            reading.chips = self._own_goods(text, mentions, reading.exporters)
        reading.authority = self._authority(text, mentions)
        reading.destinations = self._destinations(text, reading, recipients)
        return reading

    def _only_made_there(self, text: str, mentions: list[Mention], chips: list[str]) -> bool:
        """Whether every product the sentence names is a category named as what a plant makes ("its NAND chip
        production"), not as an export."""
        named = [m for m in mentions if m.kind == CHIP and m.key in chips]
        return bool(named) and all(
            self.gazetteer.chip_by_slug[m.key].kind != "sku"
            and (_MADE_THERE_AFTER.match(text[m.end:m.end + 20])
                 or (_MAKING_BEFORE.search(text[max(0, m.start - 40):m.start]) and _PLANT_WORD.search(text)))
            for m in named)

    def _is_aside(self, text: str, mention: Mention) -> bool:
        """A base design in an apposition, or a product in another, negated clause ("; the MI100 is not")."""
        if _BASE_PRODUCT_BEFORE.search(text[max(0, mention.start - 25):mention.start]):
            return True
        if _BUYERS_CLAUSE_BEFORE.search(text[max(0, mention.start - 80):mention.start]):
            return True
        after = text[mention.end:mention.end + 12]
        # "the equivalent of 35,000 Blackwell-class processors" counts chips of that class: they are the export.
        if (_MEASURE_BEFORE.search(text[max(0, mention.start - 40):mention.start])
                and not _CLASS_AFTER.match(after)) or _MEASURE_AFTER.match(after):
            return True
        splits = list(_CLAUSE_SPLIT.finditer(text))
        if not splits:
            return False
        bounds = [0, *(split.start() for split in splits), len(text)]
        for start, end in zip(bounds, bounds[1:], strict=False):
            if start <= mention.start < end:
                return start > 0 and bool(_DENIED_CLAUSE.search(text[start:end]))
        return False

    def _most_specific(self, chips: list[str]) -> list[str]:
        """ "An event names the most specific product the text supports": SKUs hide chip categories and their own
        family ("the H200 outperforms the H20 but lags behind the Blackwell processor" keeps Blackwell)."""
        entries = {slug: self.gazetteer.chip_by_slug[slug] for slug in chips}
        skus = [entry for entry in entries.values() if entry.kind == "sku"]
        if not skus:
            return chips
        families = {entry.family for entry in skus}
        return [slug for slug, entry in entries.items() if entry.kind == "sku" or not self._is_chip_category(slug)
                or (entry.kind == "family" and slug not in families and all(sku.family for sku in skus))]

    def _is_chip_category(self, slug: str) -> bool:
        entry = self.gazetteer.chip_by_slug[slug]
        return entry.kind == "family" or (entry.kind == "category" and "chip" in entry.names[0].lower())

    def generic_chips(self, text: str) -> list[str]:
        lowered = text.lower()
        if not _GENERIC_KEYWORD.search(lowered):
            return []
        return unique(
            self.category_slugs[category]
            for keywords, pattern, category in GENERIC_PRODUCTS
            if category in self.category_slugs and any(k in lowered for k in keywords) and _names_product(pattern, text)
        )

    def _own_goods(self, text: str, mentions: list[Mention], exporters: list[str]) -> list[str]:
        """What an exporter that sells one kind of product sells, when the sentence calls it "its chips"; in
        Chinese, Japanese or Korean, "반도체" beside exporters that all sell the same one kind of product."""
        for mention in mentions:
            if mention.kind == COMPANY and mention.key in exporters and _OWN_GOODS_AFTER.match(text[mention.end:]):
                products = self.gazetteer.product_line(mention.key)
                if len(products) == 1:
                    return products
        lines = {tuple(self.gazetteer.product_line(company)) for company in exporters}
        if len(lines) == 1 and len(line := next(iter(lines))) == 1 and _CHIPS_WORD_CJK.search(text):
            return list(line)
        return []

    def _is_recipient(self, text: str, mention: Mention) -> bool:
        company = self.gazetteer.company_by_slug[mention.key]
        if _LICENSEE_BEFORE.search(text[max(0, mention.start - 60):mention.start]) and company.headquarters != "CN":
            return False
        if _RECIPIENT_BEFORE.search(text[max(0, mention.start - 70):mention.start]):
            return True
        # Chinese firms and the catalogue's known buyers are the customers in export-control news, not exporters.
        return company.buyer or company.headquarters == "CN"

    def _authority(self, text: str, mentions: list[Mention]) -> str:
        for mention in mentions:
            if mention.kind == AUTHORITY:
                return mention.key
        lowered = text.lower()
        if not _AUTHORITY_KEYWORD.search(lowered):
            return ""
        for slug, keywords, pattern in _AUTHORITY_WORDS:
            known = slug in self.gazetteer.authority_by_slug
            if known and any(keyword in lowered for keyword in keywords) and pattern.search(text):
                return slug
        return ""

    def _destinations(self, text: str, reading: Reading, recipients: list[str]) -> list[str]:
        places = [m for m in reading.mentions if m.kind in (COUNTRY, DEMONYM)]
        exemption = bool(places) and bool(_EXEMPTION.search(text))
        found = []
        inside_inclusion = False
        previous = None
        for mention in places:
            gap = text[previous.end:mention.start] if previous else ""
            if previous and previous.key == "CN" and re.search(r"\bincluding\b|包括", gap) and len(gap) < 40:
                inside_inclusion = True
            elif previous and not (inside_inclusion and _INCLUSION_GAP.match(gap)):
                inside_inclusion = False
            previous = mention
            if inside_inclusion or not self._is_destination(text, mention, reading.mentions, exemption):
                continue
            found.append(mention.key)
        found.extend(fab_locations(text))
        if "5" in text and _D5_GROUP.search(text):
            found.append("CN")
        for slug in recipients:
            headquarters = self.gazetteer.company_by_slug[slug].headquarters
            # "to SK hynix's plant in Dalian": the plant's place, not the owner's home, is where the goods go.
            own_plant = any(m.key == slug and _OWN_PLANT_AFTER.match(text[m.end:m.end + 40]) for m in reading.mentions)
            if headquarters and not own_plant:
                found.append(headquarters)
        return unique(found)

    def _is_destination(self, text: str, place: Mention, mentions: list[Mention], exemption: bool) -> bool:
        if exemption and _is_exempted_there(text, place):
            return False
        after = text[place.end:place.end + 40]
        if after.startswith(("《", "「")):  # "英国《金融时报》": a country naming a newspaper
            return False
        if (place.start <= 1 or _DATELINE_BEFORE.fullmatch(text[:place.start])) and _DATELINE_AFTER.match(after):
            return False
        if _GOVERNMENT_AFTER.match(after) or _ACTS_AFTER.match(after):
            return False
        if self._names_home_company(text, place, mentions):
            return False
        # "Chinese firms such as SMIC" says whose firms; "to sell the parts to Chinese firms" where goods go.
        listed = _NATIONALITIES_THEN_COMPANIES.match(after)
        if listed and place.kind == DEMONYM and _COMPANIES_AFTER.match(after[listed.end():]):
            after = after[listed.end():]
        if place.kind == DEMONYM and _COMPANIES_AFTER.match(after) and not _TO_BEFORE.search(
                text[max(0, place.start - 12):place.start]):
            return False
        if _VENUE_BEFORE.search(text[max(0, place.start - 40):place.start]) or (
                text[place.start - 1:place.start] == "在" and _VENUE_AFTER_CJK.match(after)):
            return False
        if _IMPOSED_BY_BEFORE.search(text[max(0, place.start - 70):place.start]):
            return False
        return not _NOT_DESTINATION_BEFORE.search(text[max(0, place.start - 20):place.start])

    def _names_home_company(self, text: str, place: Mention, mentions: list[Mention]) -> bool:
        """ "Taiwan's TSMC", "Japan's Kioxia": the country says where the company is from."""
        following = next((m for m in mentions if m.start > place.end), None)
        if following is None or following.kind != COMPANY:
            return False
        # "Japan's Kioxia", "Japan's memory maker Kioxia", "日本的记忆体大厂铠侠".
        if not _HOME_GAP.fullmatch(text[place.end:following.start]):
            return False
        return self.gazetteer.company_by_slug[following.key].headquarters == place.key


def _is_exempted_there(text: str, place: Mention) -> bool:
    """ "Allies such as Japan are exempt, but China is not": a country in the clause of an exemption is spared."""
    bounds = [0, *(split.end() for split in _CONTRAST_SPLIT.finditer(text)), len(text)]
    start, end = max(b for b in bounds if b <= place.start), min(b for b in bounds if b > place.start)
    return bool(_EXEMPTION.search(text[start:end]))


def generic_product_starts(text: str, slugs, gazetteer: Gazetteer) -> dict[str, int]:
    """Where the sentence first names each of these categories by a generic wording ("laptop processors"), by slug."""
    wanted = {gazetteer.chip_by_slug[slug].names[0].lower(): slug for slug in slugs}
    starts = {}
    for _, pattern, category in GENERIC_PRODUCTS:
        slug = wanted.get(category.lower())
        if slug and slug not in starts and (match := pattern.search(text)):
            starts[slug] = match.start()
    return starts


def _names_product(pattern: re.Pattern, text: str) -> bool:
    """A generic wording that names what is exported, not the means of making it."""
    return any(not _MEANS_OF_MAKING_BEFORE.search(text[max(0, match.start() - 40):match.start()])
               for match in pattern.finditer(text))


def fab_locations(text: str) -> list[str]:
    """Countries of the plants the sentence names by city: "its Nanjing plant" is in China."""
    if not _ANY_FAB_CITY.search(text):
        return []
    return [FAB_CITIES[match.group("city") or match.group("city2")] for match in _FAB_LOCATION.finditer(text)]
