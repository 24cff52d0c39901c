"""Demo people: plausible names, ranks and appointments per Member State (deterministic)."""
import random
from datetime import date

NAMES = {
    "KEN": (("James", "Mary", "Peter", "Grace", "John", "Faith", "David", "Mercy", "Samuel",
             "Esther", "Joseph", "Ann"),
            ("Otieno", "Mwangi", "Kamau", "Wanjiru", "Ochieng", "Kiprono", "Njoroge", "Achieng",
             "Mutua", "Chebet", "Kiptoo", "Wambui")),
    "GHA": (("Kwame", "Ama", "Kofi", "Akosua", "Yaw", "Abena", "Kojo", "Efua"),
            ("Mensah", "Owusu", "Asante", "Boateng", "Osei", "Appiah", "Agyeman", "Darko")),
    "SRB": (("Marko", "Jelena", "Nikola", "Milica", "Stefan", "Ana", "Luka", "Ivana"),
            ("Jovanović", "Petrović", "Nikolić", "Marković", "Đorđević", "Stojanović", "Ilić",
             "Pavlović")),
    "BGD": (("Mohammad", "Fatema", "Abdul", "Nasrin", "Rahim", "Shirin", "Kamal", "Rokeya"),
            ("Rahman", "Hossain", "Islam", "Ahmed", "Chowdhury", "Khan", "Uddin", "Akter")),
    "NPL": (("Ram", "Sita", "Hari", "Gita", "Bishnu", "Sarita", "Krishna", "Kamala"),
            ("Shrestha", "Gurung", "Thapa", "Tamang", "Magar", "Rai", "Karki", "Adhikari")),
    "UGA": (("Moses", "Sarah", "Isaac", "Joan"), ("Okello", "Nakato", "Mugisha", "Namubiru")),
    "JPN": (("Takashi", "Yuki", "Hiroshi", "Aiko"), ("Sato", "Suzuki", "Takahashi", "Tanaka")),
}
FEMALE = {"Mary", "Grace", "Faith", "Mercy", "Esther", "Ann", "Ama", "Akosua", "Abena", "Efua",
          "Jelena", "Milica", "Ana", "Ivana", "Fatema", "Nasrin", "Shirin", "Rokeya", "Sita",
          "Gita", "Sarita", "Kamala", "Sarah", "Joan", "Yuki", "Aiko"}
PREFIX = {"KEN": "KA", "GHA": "GA", "SRB": "RS", "BGD": "BA", "NPL": "NA", "UGA": "UG",
          "JPN": "JS"}
MILITARY_RANKS = ("Pte", "Pte", "Pte", "LCpl", "Cpl", "Sgt", "SSgt", "WO2", "Lt", "Capt")
POLICE_RANKS = ("Constable", "Constable", "Constable", "Sergeant", "Inspector")
KEY_APPOINTMENTS = {
    "infantry_battalion": (
        ("Commanding Officer", "Lt Col"), ("Second-in-Command", "Maj"), ("Adjutant", "Capt"),
        ("Operations Officer", "Maj"), ("Logistics Officer", "Maj"),
        ("Intelligence Officer", "Capt"), ("Battalion Sergeant Major", "WO1"),
        ("A Company Commander", "Maj"), ("B Company Commander", "Maj"),
        ("C Company Commander", "Maj"), ("D Company Commander", "Maj"),
        ("Support Company Commander", "Maj"), ("HQ Company Commander", "Maj"),
        ("Medical Officer", "Capt"), ("Signals Officer", "Capt"), ("Legal Adviser", "Capt"),
        ("Gender Adviser", "Capt"), ("CIMIC Officer", "Capt"),
        ("Protection of Civilians Officer", "Capt"), ("Engagement Platoon Commander", "Lt")),
    "engineer_company": (
        ("Officer Commanding", "Maj"), ("Second-in-Command", "Capt"),
        ("Company Sergeant Major", "WO2"), ("1 Platoon Commander", "Lt"),
        ("2 Platoon Commander", "Lt"), ("Plant Troop Commander", "Capt"),
        ("Works Officer", "Capt"), ("Gender Focal Point", "Lt")),
    "formed_police_unit": (
        ("Unit Commander", "Superintendent"), ("Deputy Commander", "Chief Inspector"),
        ("Operations Officer", "Inspector"), ("Logistics Officer", "Inspector"),
        ("1 Platoon Commander", "Inspector"), ("2 Platoon Commander", "Inspector"),
        ("3 Platoon Commander", "Inspector"), ("Gender Focal Point", "Inspector")),
}


class PeopleMaker:
    """Makes Person field dicts with unique service numbers per state."""

    def __init__(self, seed: int = 2016):
        self.rng = random.Random(seed)
        self.counters: dict[str, int] = {}

    def person(self, iso3: str, category: str, rank: str | None = None,
               women_share: float = 0.12) -> dict:
        given, family = NAMES[iso3]
        female = self.rng.random() < women_share
        first = self.rng.choice([g for g in given if (g in FEMALE) == female])
        n = self.counters[iso3] = self.counters.get(iso3, 100000) + 1
        police = category == "formed_police"
        return dict(service_number=f"{PREFIX[iso3]}-{n}", given_name=first,
                    family_name=self.rng.choice(family),
                    rank=rank or self.rng.choice(POLICE_RANKS if police else MILITARY_RANKS),
                    sex="F" if first in FEMALE else "M", personnel_category=category,
                    nationality=iso3,
                    birth_on=date(self.rng.randint(1972, 2003), self.rng.randint(1, 12),
                                  self.rng.randint(1, 28)))
