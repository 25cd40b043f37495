"""
Swedish-like text for the synthetic scale data: names, titles and article bodies.

The words and sentence patterns are the vocabulary of the real sources (skolsegregation,
huvudman, elevsammansättning, Skolverket, SKR), so full-text search at scale meets the
same word frequencies as on the real data. Everything is drawn from the `random.Random`
passed in, so a fixed seed gives the same text every time.
"""

# fmt: off
FIRST_NAMES = [
    "Anna", "Eva", "Maria", "Karin", "Sara", "Lena", "Emma", "Kerstin", "Ingrid", "Malin",
    "Johanna", "Sofia", "Linnea", "Elin", "Helena", "Ulrika", "Annika", "Camilla", "Frida",
    "Hanna", "Erik", "Lars", "Karl", "Anders", "Johan", "Per", "Nils", "Lennart", "Mikael",
    "Jan", "Hans", "Peter", "Fredrik", "Magnus", "Stefan", "Daniel", "Jonas", "Mats", "Henrik",
    "Ahmed", "Ali", "Amina", "Fatima", "Omar", "Leila", "Mohammed", "Zeynep", "Dragan",
    "Mirela",
]
LAST_NAMES = [
    "Andersson", "Johansson", "Karlsson", "Nilsson", "Eriksson", "Larsson", "Olsson", "Persson",
    "Svensson", "Gustafsson", "Pettersson", "Jonsson", "Jansson", "Hansson", "Bengtsson",
    "Jönsson", "Lindberg", "Jakobsson", "Magnusson", "Lindström", "Olofsson", "Lindqvist",
    "Lindgren", "Berg", "Axelsson", "Bergström", "Lundberg", "Lind", "Lundgren", "Mattsson",
    "Berglund", "Fredriksson", "Sandberg", "Henriksson", "Forsberg", "Sjöberg", "Wallin",
    "Engström", "Eklund", "Danielsson", "Håkansson", "Lundin", "Björk", "Bergman", "Holm",
    "Samuelsson", "Fransson", "Wikström", "Isaksson", "Hassan", "Ali", "Yilmaz", "Hodzic",
]
# fmt: on
PERSON_TITLES = [
    "rektor",
    "biträdande rektor",
    "förvaltningschef",
    "skolchef",
    "utvecklingsledare",
    "kommunalråd",
    "ordförande i barn- och utbildningsnämnden",
    "forskare i pedagogik",
    "professor i sociologi",
    "undervisningsråd",
    "processledare",
    "lärare",
    "specialpedagog",
    "studie- och yrkesvägledare",
    "projektledare",
]
# fmt: off
PLACE_PARTS = [
    "Norr", "Sör", "Väst", "Öst", "Ek", "Björk", "Lind", "Sjö", "Berg", "Dal", "Åker", "Ängs",
    "Hag", "Strand", "Kyrk", "Tall", "Gran", "Rosen", "Sol", "Vik", "Bäck", "Kvarn", "Mölle",
    "Lunda", "Hög", "Ny", "Gamla", "Skogs", "Stens", "Hassel",
]
PLACE_ENDINGS = [
    "by", "dal", "berg", "hem", "vik", "ås", "lund", "holm", "torp", "näs", "gården", "backen",
    "fors",
]
# fmt: on
UNIVERSITIES = [
    "Göteborgs universitet",
    "Stockholms universitet",
    "Uppsala universitet",
    "Lunds universitet",
    "Umeå universitet",
    "Linköpings universitet",
    "Malmö universitet",
    "Högskolan Väst",
    "Karlstads universitet",
    "Örebro universitet",
    "Linnéuniversitetet",
    "Mittuniversitetet",
    "Högskolan Dalarna",
    "Mälardalens universitet",
    "Södertörns högskola",
]
ORGANISATION_KINDS = [
    "Stiftelsen {place}",
    "Föreningen {place}",
    "{place} folkhögskola",
    "Studieförbundet {place}",
    "{place} fritidsgård",
    "Idrottsföreningen {place}",
    "Läxhjälpen i {place}",
]
TOPICS = [
    "skolsegregation",
    "elevsammansättning",
    "likvärdighet",
    "skolval",
    "kompensatoriskt arbete",
    "resursfördelning",
    "systematiskt kvalitetsarbete",
    "kollegialt lärande",
    "språkutvecklande arbetssätt",
    "nyanlända elevers lärande",
    "elevhälsa",
    "föräldrasamverkan",
    "upptagningsområden",
    "skolskjuts",
    "lärarbehörighet",
]
VERBS = [
    "minska skolsegregationen",
    "öka likvärdigheten",
    "bryta den negativa trenden",
    "förbättra kunskapsresultaten",
    "skapa en mer blandad elevsammansättning",
    "stärka undervisningen",
    "ge alla elever samma möjligheter",
    "höja måluppfyllelsen",
    "minska skillnaderna mellan skolorna",
]
# Slots: {m} municipality, {s} school, {s2} another school, {y} year, {t} topic, {v} verb
# phrase, {p} person, {a} actor, {k} an amount in kronor, {n} a number of pupils.
SENTENCES = [
    "{m} kommun har beslutat att lägga ner {s} för att {v}.",
    "Eleverna på {s} flyttas till {s2} från och med hösten {y}.",
    "Arbetet med {t} har pågått sedan {y} och omfattar samtliga grundskolor i {m}.",
    "Enligt {p} är beslutet svårt men nödvändigt för att {v}.",
    "Skolverket erbjuder {m} stöd inom ramen för Samverkan för bästa skola.",
    "– Vi måste arbeta långsiktigt med {t} om vi ska lyckas, säger {p}.",
    "Huvudmannen har genomfört en kartläggning av {t} på {s}.",
    "Tillväxtverket beviljade {k} kronor till projektet år {y}.",
    "SKR:s nätverk mot segregation besökte {m} för att lära av arbetet med {t}.",
    "På {s} går i dag omkring {n} elever i årskurs F–9.",
    "Forskare vid {a} följer insatsen och ska utvärdera den under {y}.",
    "Andelen elever med behörighet till gymnasiet har ökat på {s} sedan {y}.",
    "Nämnden vill {v} och har därför förändrat upptagningsområdena.",
    "Föräldrarna på {s} har framfört synpunkter på flytten till {s2}.",
    "Satsningen på {t} finansieras delvis med statsbidrag.",
    "I {m} har skillnaderna i resultat mellan skolorna ökat under flera år.",
    "{a} samordnar arbetet tillsammans med förvaltningen.",
    "Beslutet fattades av barn- och utbildningsnämnden i {m} i juni {y}.",
    "Lärarna på {s} har deltagit i kollegialt lärande om {t}.",
    "Det är för tidigt att säga om insatsen har hjälpt, menar {p}.",
    "Kommunen har avsatt {k} kronor för att {v}.",
    "Skolinspektionen granskade {s} senast {y}.",
    "Målet är att {v} och att alla elever ska nå kunskapskraven.",
    "Rektorerna i {m} träffas regelbundet för att diskutera {t}.",
    "Elevhälsan på {s} har förstärkts med ytterligare personal.",
    "Skolskjuts erbjuds till de {n} elever som får längre till skolan.",
    "Enligt utvärderingen har arbetet med {t} gett tydliga resultat.",
    "Förvaltningen redovisar arbetet för nämnden varje termin.",
]
TITLE_PATTERNS = {
    "school-closure": [
        "Nedläggning av {s} i {m}",
        "Sammanslagning av {s} och {s2}",
        "{m} avvecklar {s} för att {v}",
    ],
    "samverkan-for-basta-skola": [
        "Samverkan för bästa skola på {s}",
        "{m} deltar i Samverkan för bästa skola",
    ],
    "skr-network-visit": [
        "SKR:s nätverk besöker {m}",
        "Nätverksbesök om {t} i {m}",
    ],
    "tillvaxtverket-grant": [
        "Tillväxtverket stödjer arbete mot segregation i {m}",
        "Bidrag till {t} i {m}",
    ],
    "skolverket-support-agreement": [
        "Överenskommelse med Skolverket om {t} i {m}",
        "Skolverkets stöd till {s}",
    ],
    "research-study": [
        "Studie av {t} i {m}",
        "Forskning om {t} på {s}",
    ],
    "strengthening": [
        "Förstärkt arbete med {t} på {s}",
        "{m} satsar på {t}",
    ],
    "needs-analysis": [
        "Kartläggning av {t} i {m}",
        "Behovsanalys för {s}",
    ],
}
ARTICLE_TITLES = [
    "{m} vill {v}",
    "Så arbetar {s} med {t}",
    "Nytt beslut om {s} i {m}",
    "Forskare: {t} kräver långsiktighet",
    "Kritik mot flytten från {s}",
    "{m} får stöd för att {v}",
    "Lärdomar från arbetet med {t} i {m}",
]


class TextMaker:
    """Names, titles and bodies drawn from one seeded random generator."""

    def __init__(self, rng, municipality_names, people, organisations):
        self.rng = rng
        self.municipality_names = municipality_names
        self.people = people
        self.organisations = organisations

    def person_name(self):
        return f"{self.rng.choice(FIRST_NAMES)} {self.rng.choice(LAST_NAMES)}"

    def place(self):
        return self.rng.choice(PLACE_PARTS) + self.rng.choice(PLACE_ENDINGS)

    def school(self):
        return self.place().capitalize() + "skolan"

    def fill(self, pattern, municipality=None):
        rng = self.rng
        # Only the slots a pattern uses are drawn, so the text stays fast to make.
        slots = {}
        if "{m}" in pattern:
            slots["m"] = municipality or rng.choice(self.municipality_names)
        if "{s}" in pattern:
            slots["s"] = self.school()
        if "{s2}" in pattern:
            slots["s2"] = self.school()
        if "{y}" in pattern:
            slots["y"] = rng.randint(1995, 2026)
        if "{t}" in pattern:
            slots["t"] = rng.choice(TOPICS)
        if "{v}" in pattern:
            slots["v"] = rng.choice(VERBS)
        if "{p}" in pattern:
            slots["p"] = rng.choice(self.people) if self.people else self.person_name()
        if "{a}" in pattern:
            slots["a"] = rng.choice(self.organisations) if self.organisations else "SKR"
        if "{k}" in pattern:
            slots["k"] = f"{rng.randint(2, 400) * 50_000:,}".replace(",", " ")
        if "{n}" in pattern:
            slots["n"] = rng.randint(40, 900)
        return pattern.format(**slots)

    def sentences(self, count, municipality=None):
        return " ".join(self.fill(self.rng.choice(SENTENCES), municipality) for _ in range(count))

    def body(self, municipality=None):
        """A few hundred words in three to six paragraphs."""
        paragraphs = [
            self.sentences(self.rng.randint(4, 7), municipality)
            for _ in range(self.rng.randint(3, 6))
        ]
        return "\n\n".join(paragraphs)

    def initiative_title(self, type_slug, municipality):
        patterns = TITLE_PATTERNS.get(type_slug) or TITLE_PATTERNS["strengthening"]
        return self.fill(self.rng.choice(patterns), municipality)

    def article_title(self, municipality):
        return self.fill(self.rng.choice(ARTICLE_TITLES), municipality)
