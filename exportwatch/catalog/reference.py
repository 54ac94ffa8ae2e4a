"""The reference catalogue that ships with exportwatch: countries, companies, chips, authorities, groups, rules.

`load_reference_catalogue` creates what is missing and adds missing aliases, and never changes anything an
editor may have set: existing rows keep their values, their alias lists only gain names. Running it twice
changes nothing. It takes an app registry, so the data migration can pass its historical models and the
`load_catalogue` command the live ones.

Countries come from pycountry (the ISO 3166-1 list, its zh_CN translations, and for the places export-control news
names most, their names in the other languages that news comes in); data/countries.json only adds display-name
fixes, aliases and demonyms. Everything else is in the JSON files next to this module.
"""

import gettext
import json
from datetime import date
from decimal import Decimal
from functools import cache
from pathlib import Path

import pycountry
from django.apps import apps as live_apps

from exportwatch.catalog.models import FIGURE_FIELDS

DATA_DIR = Path(__file__).resolve().parent / "data"



def read_data(name: str):
    with open(DATA_DIR / name, encoding="utf-8") as file:
        return json.load(file)


def load_reference_catalogue(apps_registry=live_apps) -> dict[str, int]:
    """Create missing reference rows and add missing aliases; returns how many rows and aliases were added."""
    added = {}
    added["countries"], added["country aliases"] = _load_countries(apps_registry)
    added["country groups"], added["memberships"] = _load_country_groups(apps_registry)
    added["companies"], added["company aliases"] = _load_companies(apps_registry)
    added["chips"], added["chip aliases"] = _load_chips(apps_registry)
    added["company products"] = _load_company_products(apps_registry)
    added["authorities"], added["authority aliases"] = _load_authorities(apps_registry)
    added["regulations"] = _load_regulations(apps_registry)
    added["liftings"] = link_liftings(apps_registry)
    added["rule country groups"] = link_country_groups(apps_registry)
    return added


# Countries


# The places export-control news names most as destinations or as the country that acts, and the languages the
# news comes in besides English and Chinese. Other countries keep English and Chinese names: a translated name of
# every country would bring in words such as Vietnamese "Anh" (Britain, also "you").
NEWS_PLACES = ("CN", "HK", "MO", "TW", "US", "JP", "KR", "NL", "RU", "AE", "SA", "QA", "MY", "SG", "IN", "VN", "IL",
               "GB", "TR", "ID", "TH", "BY", "IR", "KP")
NEWS_LANGUAGES = ("fr", "it", "es", "pt", "de", "nl", "pl", "tr", "vi", "id", "ru", "uk", "ja", "ko", "ar", "sv")


@cache
def _translations(language: str) -> gettext.NullTranslations:
    return gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[language], fallback=True)


def _names_in_news_languages(country) -> list[str]:
    """ "Chine", "Cina", "Trung Quốc", "Çin": list forms ("Corée, République de") and short words ("Mỹ", "Nga")
    that other text uses too are left out."""
    names = (_translations(language).gettext(country.name) for language in NEWS_LANGUAGES)
    return [name for name in names
            if ", " not in name and (len(name) >= 4 or (len(name) == 3 and not name.isascii()))]


def iso_countries() -> list[dict]:
    """Every ISO 3166-1 country as catalogue fields, with the common English name news uses."""
    extras = read_data("countries.json")
    rows = []
    for country in pycountry.countries:
        extra = extras.get(country.alpha_2, {})
        name = extra.get("name") or getattr(country, "common_name", None) or country.name
        official_name = getattr(country, "official_name", "")
        # pycountry's list names ("Viet Nam", "Russian Federation") are how some sources still write them.
        iso_names = [n for n in (country.name, official_name) if n and n != name and ", " not in n]
        rows.append(
            {
                "code": country.alpha_2,
                "name": name,
                "official_name": official_name,
                "name_zh": _translations("zh_CN").gettext(country.name),
                "aliases": _unique(extra.get("aliases", []) + iso_names + (
                    _names_in_news_languages(country) if country.alpha_2 in NEWS_PLACES else [])),
                "demonyms": extra.get("demonyms", []),
            }
        )
    return rows


def _load_countries(apps_registry) -> tuple[int, int]:
    Country = apps_registry.get_model("catalog", "Country")
    return _create_or_extend(Country, iso_countries(), key="code", list_fields=("aliases", "demonyms"))


def _load_country_groups(apps_registry) -> tuple[int, int]:
    CountryGroup = apps_registry.get_model("catalog", "CountryGroup")
    Membership = apps_registry.get_model("catalog", "CountryGroupMembership")
    Country = apps_registry.get_model("catalog", "Country")
    groups = read_data("country_groups.json")

    group_rows = [
        {"code": g["code"], "name": g["name"], "description": _join(g["description"], g.get("note", ""))}
        for g in groups
    ]
    groups_added, _ = _create_or_extend(CountryGroup, group_rows, key="code", list_fields=())

    group_ids = dict(CountryGroup.objects.values_list("code", "id"))
    country_ids = dict(Country.objects.values_list("code", "id"))
    existing = set(Membership.objects.values_list("country_id", "group_id", "valid_from"))
    new_memberships = []
    for group in groups:
        for member in group["members"]:
            valid_from = date.fromisoformat(member["valid_from"])
            key = (country_ids[member["country"]], group_ids[group["code"]], valid_from)
            if key in existing:
                continue
            existing.add(key)
            new_memberships.append(
                Membership(
                    country_id=key[0],
                    group_id=key[1],
                    valid_from=valid_from,
                    valid_to=_date_or_none(member.get("valid_to")),
                    source_url=member.get("source_url", ""),
                )
            )
    Membership.objects.bulk_create(new_memberships)
    return groups_added, len(new_memberships)


# Companies, chips, authorities


def _load_companies(apps_registry) -> tuple[int, int]:
    Company = apps_registry.get_model("catalog", "Company")
    Country = apps_registry.get_model("catalog", "Country")
    country_ids = dict(Country.objects.values_list("code", "id"))
    rows = [
        {
            "name": c["name"],
            "slug": c["slug"],
            "website": c.get("website", ""),
            "headquarters_id": country_ids.get(c.get("headquarters")),
            "aliases": _unique(c["aliases"]),
            **({"is_buyer": c.get("buyer", False)} if _has_field(Company, "is_buyer") else {}),
        }
        for c in read_data("companies.json")
    ]
    return _create_or_extend(Company, rows, key="slug", list_fields=("aliases",), also_unique=("name",))


def mark_reference_buyers(apps_registry=live_apps) -> int:
    """Set the buyer flag of the reference companies that have it; for the migration that adds the field,
    before which no editor can have set it."""
    Company = apps_registry.get_model("catalog", "Company")
    buyers = [c["slug"] for c in read_data("companies.json") if c.get("buyer")]
    return Company.objects.filter(slug__in=buyers).update(is_buyer=True)


def _has_field(model, name: str) -> bool:
    """The catalogue's first migration loads rows before later migrations add fields."""
    return any(field.name == name for field in model._meta.get_fields())


def _load_chips(apps_registry) -> tuple[int, int]:
    """Families and categories first, so the SKUs created after them can point at their family."""
    ChipSku = apps_registry.get_model("catalog", "ChipSku")
    Company = apps_registry.get_model("catalog", "Company")
    vendor_ids = dict(Company.objects.values_list("slug", "id"))
    chips = read_data("chips.json")
    added = aliases_added = 0
    for batch in ([c for c in chips if not c.get("family")], [c for c in chips if c.get("family")]):
        family_ids = dict(ChipSku.objects.filter(kind="family").values_list("slug", "id"))
        rows = [_chip_fields(chip, vendor_ids, family_ids) for chip in batch]
        batch_added, batch_aliases = _create_or_extend(ChipSku, rows, key="slug", list_fields=("aliases",))
        added += batch_added
        aliases_added += batch_aliases
    return added, aliases_added


def _load_company_products(apps_registry) -> int:
    """What each company sells, set only on companies that have none yet (an editor's choice stays)."""
    Company = apps_registry.get_model("catalog", "Company")
    ChipSku = apps_registry.get_model("catalog", "ChipSku")
    if not _has_field(Company, "products"):
        return 0
    chip_ids = dict(ChipSku.objects.filter(kind="category").values_list("slug", "id"))
    company_ids = dict(Company.objects.values_list("slug", "id"))
    through = Company.products.through
    having = set(through.objects.values_list("company_id", flat=True))
    links = [
        through(company_id=company_ids[c["slug"]], chipsku_id=chip_ids[product])
        for c in read_data("companies.json")
        if c["slug"] in company_ids and company_ids[c["slug"]] not in having
        for product in c.get("products", [])
    ]
    through.objects.bulk_create(links)
    return len(links)


def _chip_fields(chip: dict, vendor_ids: dict, family_ids: dict) -> dict:
    fields = {
        "kind": chip["kind"],
        "name": chip["name"],
        "slug": chip["slug"],
        "vendor_id": vendor_ids[chip["vendor"]] if chip.get("vendor") else None,
        "family_id": family_ids[chip["family"]] if chip.get("family") else None,
        "aliases": _unique(chip.get("aliases", [])),
        "description": chip.get("description", ""),
        "is_datacenter": chip.get("is_datacenter", True),
        "figures_source": chip.get("figures_source", ""),
    }
    for field in FIGURE_FIELDS:
        if chip.get(field) is not None:
            # Through str, so 989.5 is stored as 989.5 and not as its binary approximation.
            fields[field] = Decimal(str(chip[field]))
    return fields


def _load_authorities(apps_registry) -> tuple[int, int]:
    Authority = apps_registry.get_model("catalog", "Authority")
    Country = apps_registry.get_model("catalog", "Country")
    country_ids = dict(Country.objects.values_list("code", "id"))
    rows = [
        {
            "slug": a["slug"],
            "name": a["name"],
            "short_name": a["short_name"],
            "country_id": country_ids[a["country"]],
            "website": a.get("website", ""),
            "aliases": _unique(a["aliases"]),
        }
        for a in read_data("authorities.json")
    ]
    return _create_or_extend(Authority, rows, key="slug", list_fields=("aliases",), also_unique=("name", "short_name"))


def _load_regulations(apps_registry) -> int:
    """New regulations get their links; an existing one keeps whatever links an editor left it with."""
    Regulation = apps_registry.get_model("catalog", "Regulation")
    Authority = apps_registry.get_model("catalog", "Authority")
    ChipSku = apps_registry.get_model("catalog", "ChipSku")
    Country = apps_registry.get_model("catalog", "Country")
    Company = apps_registry.get_model("catalog", "Company")
    authority_ids = dict(Authority.objects.values_list("slug", "id"))
    existing = set(Regulation.objects.values_list("slug", flat=True))
    new = [r for r in read_data("regulations.json") if r["slug"] not in existing]
    if not new:
        return 0
    Regulation.objects.bulk_create(
        Regulation(
            slug=r["slug"],
            kind=r["kind"],
            title=r["title"],
            citation=r.get("citation", ""),
            authority_id=authority_ids[r["authority"]],
            published_on=date.fromisoformat(r["published_on"]),
            effective_on=_date_or_none(r.get("effective_on")),
            url=r.get("url", ""),
            summary=r.get("summary", ""),
        )
        for r in new
    )
    regulation_ids = dict(Regulation.objects.filter(slug__in=[r["slug"] for r in new]).values_list("slug", "id"))
    links = (
        ("chips", "chipsku_id", dict(ChipSku.objects.values_list("slug", "id"))),
        ("countries", "country_id", dict(Country.objects.values_list("code", "id"))),
        ("companies", "company_id", dict(Company.objects.values_list("slug", "id"))),
    )
    for field, column, target_ids in links:
        through = Regulation._meta.get_field(field).remote_field.through
        through.objects.bulk_create(
            through(regulation_id=regulation_ids[r["slug"]], **{column: target_ids[target]})
            for r in new
            for target in r.get(field, [])
        )
    return len(new)


def link_liftings(apps_registry=live_apps) -> int:
    """Point each rescission or suspension at the rule it lifts, where an editor has not set one already."""
    Regulation = apps_registry.get_model("catalog", "Regulation")
    if not _has_field(Regulation, "lifts"):  # an early migration, before the field existed
        return 0
    ids = dict(Regulation.objects.values_list("slug", "id"))
    linked = 0
    for regulation in read_data("regulations.json"):
        lifted = regulation.get("lifts")
        if lifted and regulation["slug"] in ids and lifted in ids:
            linked += Regulation.objects.filter(slug=regulation["slug"], lifts__isnull=True).update(
                lifts_id=ids[lifted])
    return linked


def link_country_groups(apps_registry=live_apps) -> int:
    """Give each rule the country groups it covers, where an editor has not set any already."""
    Regulation = apps_registry.get_model("catalog", "Regulation")
    CountryGroup = apps_registry.get_model("catalog", "CountryGroup")
    if not _has_field(Regulation, "country_groups"):  # an early migration, before the field existed
        return 0
    group_ids = dict(CountryGroup.objects.values_list("code", "id"))
    linked = 0
    for wanted in read_data("regulations.json"):
        regulation = Regulation.objects.filter(slug=wanted["slug"]).first()
        if regulation is None or not wanted.get("country_groups") or regulation.country_groups.exists():
            continue
        regulation.country_groups.set([group_ids[code] for code in wanted["country_groups"]])
        linked += 1
    return linked


# The create-or-extend rule shared by every table


def _create_or_extend(
    model, rows: list[dict], *, key: str, list_fields: tuple, also_unique: tuple = ()
) -> tuple[int, int]:
    """Insert rows whose key is new; on existing rows only append missing names to `list_fields`.

    A row that matches an existing one on another unique field (an editor renamed its slug, say) counts as
    existing too, so the insert never collides with it.
    """
    by_key = {getattr(obj, key): obj for obj in model.objects.all()}
    by_unique = {
        (field, getattr(obj, field).casefold()): obj for obj in by_key.values() for field in also_unique
    }
    to_create, to_update, names_added = [], [], 0
    for row in rows:
        obj = by_key.get(row[key]) or next(
            (by_unique[(f, row[f].casefold())] for f in also_unique if (f, row[f].casefold()) in by_unique), None
        )
        if obj is None:
            to_create.append(model(**row))
            continue
        changed = False
        for field in list_fields:
            merged = _merge_names(getattr(obj, field) or [], row[field])
            if len(merged) > len(getattr(obj, field) or []):
                names_added += len(merged) - len(getattr(obj, field) or [])
                setattr(obj, field, merged)
                changed = True
        if changed:
            to_update.append(obj)
    model.objects.bulk_create(to_create)
    if to_update:
        model.objects.bulk_update(to_update, list(list_fields))
    return len(to_create), names_added


def _merge_names(current: list[str], wanted: list[str]) -> list[str]:
    """Keep the current names in order and add the wanted ones not yet there (ignoring case)."""
    known = {name.casefold() for name in current}
    merged = list(current)
    for name in wanted:
        if name.casefold() not in known:
            known.add(name.casefold())
            merged.append(name)
    return merged


def _unique(names: list[str]) -> list[str]:
    return _merge_names([], names)


def _join(*parts: str) -> str:
    return " ".join(part for part in parts if part)


def _date_or_none(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None
