"""The 193 United Nations Member States, from maintained data (pycountry and Babel's CLDR).

ISO 3166-1 lists 249 countries and territories; the UN has 193 Member States. The list below is
everything in ISO 3166-1 that is *not* a Member State: dependent territories, the two UN non-member
observer States (the Holy See and the State of Palestine), Taiwan and uninhabited areas. Kosovo has no
ISO 3166-1 code, so it is not in pycountry at all. Pure module: neither Flask nor SQLAlchemy.
"""
from dataclasses import dataclass
from functools import cache

NOT_UN_MEMBERS = frozenset({
    # non-member observer States, and Taiwan
    "VAT", "PSE", "TWN",
    # Antarctica, uninhabited and external territories
    "ATA", "ATF", "BVT", "HMD", "SGS", "UMI", "IOT", "CXR", "CCK", "NFK", "PCN",
    # associated with New Zealand (not members in their own right)
    "COK", "NIU", "TKL",
    # Åland, Faroe Islands, Greenland, Svalbard and Jan Mayen, Crown dependencies
    "ALA", "FRO", "GRL", "SJM", "GGY", "JEY", "IMN",
    # British overseas territories
    "AIA", "BMU", "CYM", "FLK", "GIB", "MSR", "SHN", "TCA", "VGB",
    # French overseas departments and collectivities
    "BLM", "GLP", "GUF", "MAF", "MTQ", "MYT", "NCL", "PYF", "REU", "SPM", "WLF",
    # Kingdom of the Netherlands: constituent countries and special municipalities
    "ABW", "BES", "CUW", "SXM",
    # United States territories
    "ASM", "GUM", "MNP", "PRI", "VIR",
    # Special administrative regions of China; Western Sahara (non-self-governing territory)
    "HKG", "MAC", "ESH",
})

UN_MEMBER_COUNT = 193


@dataclass(frozen=True)
class StateName:
    iso3: str
    iso2: str
    name_en: str
    name_fr: str


def english_name(name: str) -> str:
    """pycountry's short name in UN word order: "Korea, Republic of" -> "Republic of Korea"."""
    if ", " not in name:
        return name
    head, tail = name.split(", ", 1)
    tail = tail[4:] if tail.startswith("The ") else tail
    return f"{tail} {head}"


@cache
def un_member_states() -> tuple[StateName, ...]:
    """Every UN Member State with its ISO codes and English (pycountry) and French (CLDR) names."""
    import pycountry
    from babel import Locale

    french = Locale("fr").territories
    states = tuple(
        StateName(iso3=c.alpha_3, iso2=c.alpha_2, name_en=english_name(c.name),
                  name_fr=french[c.alpha_2])
        for c in sorted(pycountry.countries, key=lambda c: c.alpha_3)
        if c.alpha_3 not in NOT_UN_MEMBERS
    )
    if len(states) != UN_MEMBER_COUNT:
        raise RuntimeError(f"expected {UN_MEMBER_COUNT} UN Member States, built {len(states)}")
    return states


def un_member_iso3() -> frozenset[str]:
    return frozenset(s.iso3 for s in un_member_states())
