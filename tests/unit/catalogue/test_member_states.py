"""The 193 UN Member States come from pycountry (English) and CLDR via Babel (French)."""
from app.catalogue.member_states import english_name, un_member_iso3, un_member_states


def test_exactly_193_members():
    assert len(un_member_states()) == 193
    assert len(un_member_iso3()) == 193


def test_observers_and_territories_are_not_members():
    members = un_member_iso3()
    for iso3 in ("VAT", "PSE", "TWN", "XKX", "HKG", "PRI", "GRL", "COK", "NIU", "ESH", "ATA"):
        assert iso3 not in members


def test_members_include_the_newest_and_the_renamed():
    members = {s.iso3: s for s in un_member_states()}
    assert members["SSD"].name_en == "South Sudan" and members["SSD"].name_fr == "Soudan du Sud"
    assert members["KOR"].name_en == "Republic of Korea"
    assert members["COD"].name_en == "Democratic Republic of the Congo"
    assert members["TZA"].name_en == "United Republic of Tanzania"
    assert members["CIV"].name_fr.startswith("Côte")
    assert members["DEU"].name_fr == "Allemagne"
    assert {"MNE", "SRB", "TLS", "CHE", "MCO", "NRU", "TUV"} <= set(members)


def test_english_name_word_order():
    assert english_name("Korea, Republic of") == "Republic of Korea"
    assert english_name("Congo, The Democratic Republic of the") == \
        "Democratic Republic of the Congo"
    assert english_name("Kenya") == "Kenya"
