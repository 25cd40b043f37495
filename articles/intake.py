"""
Suggest which known municipalities, schools and actors an article's text mentions.

`find_mentions(text, candidates)` is pure: it takes the text and `Candidate`s and returns
`Mention`s. `known_candidates()` reads the candidates from the database. Nothing here
links anything: staff confirm each suggestion in the admin.

The rules, for Swedish text:

- Names match as whole words; a hyphen ends a word, so "SKR-nätverk" mentions SKR but
  "Borlängebor" does not mention Borlänge. Inside a name, spaces, hyphens and commas are
  interchangeable ("Barn- och bildningsnämnden", "Malung Sälen").
- Case does not matter ("Trollhättans Stad" = "Trollhättans stad"), with two exceptions:
  an acronym must be written in capitals ("SKR", never "skr"), and a municipality's name
  must start with a capital letter, as a proper noun does ("vara" the verb is not Vara).
- The last word may carry a genitive: "Trollhättans", "Borlänges", "SKR:s". The names of
  organisations and schools may also take a definite ending ("-en", "-et", "-n", "-na").
- Municipality names that are very short or are also ordinary words ("Mark", "Vara",
  "Åre", "Ale", "Bjuv", "Sala", "Boden", "Skara"...) count only in a municipal phrase
  ("Marks kommun", "Vara kommuns", "Åre stad") or after a place preposition ("i Åre",
  "från Vara"). Capitalised at the start of a sentence, they are not enough.
- An alias of a local record (a school, or an actor serving one municipality) counts only
  when the text also names that municipality: "Kronan" means Kronans skola only in a
  text that mentions Trollhättan.
"""

import re
from dataclasses import dataclass, field
from typing import NamedTuple
from urllib.parse import urlsplit

MUNICIPALITY = "municipality"
SCHOOL = "school"
ACTOR = "actor"
KINDS = (MUNICIPALITY, SCHOOL, ACTOR)

# Names of at most this many letters collide with words, first names and abbreviations
# in running text (Ale, Åre, Eda, Hjo, Kil, Mark, Vara, Sala, Bjuv, Nora, Mora, Lund...).
SHORT_NAME_LENGTH = 4
# Longer municipality names that are also Swedish words or inflected forms (checked
# against a Swedish word list), or common words and names in other languages.
COMMON_WORD_NAMES = {
    "Boden",  # boden, the shed
    "Grums",  # grums, sludge
    "Kinda",  # English "kinda"
    "Klippan",  # klippan, the rock
    "Köping",  # köping, a market town
    "Nacka",  # nacka, to neck
    "Salem",  # a biblical and American place name
    "Skara",  # en skara, a crowd
    "Trosa",  # trosa, briefs
    "Vindeln",  # vindeln, the spiral
}
PLACE_PREPOSITIONS = ("i", "från", "till", "mot", "kring", "runt", "utanför", "nära", "vid")

GENITIVE = "s"
ACRONYM_GENITIVE = r"(?::s|s)"
DEFINITE_OR_GENITIVE = r"(?:s|en|ens|et|ets|n|ns|t|ts|na|nas)"
NAME_SEPARATOR = r"(?:\s*[-,]\s*|\s+)"
WORD_SPLIT = re.compile(r"\s*[-,]\s*|\s+")
EXCERPT_CHARS = 70


@dataclass(frozen=True)
class Candidate:
    """A known record whose name the text may mention."""

    kind: str
    pk: int
    name: str
    aliases: tuple = ()
    municipality_pk: int | None = None  # where a school or local actor belongs
    is_person: bool = False


class Excerpt(NamedTuple):
    """The words before, at and after a match, each on one line."""

    before: str
    found: str
    after: str

    def __str__(self):
        return " ".join(part for part in self if part)


@dataclass
class Mention:
    """A candidate found in the text: where, in which forms, and the words around it."""

    candidate: Candidate
    found: dict = field(default_factory=dict)  # start offset → the words as written there
    excerpt: Excerpt | None = None

    @property
    def count(self):
        return len(self.found)

    @property
    def first_offset(self):
        return min(self.found)

    @property
    def forms(self):
        """Each distinct form once, in the order the text uses them."""
        return list(dict.fromkeys(self.found[offset] for offset in sorted(self.found)))


def find_mentions(text, candidates):
    """The candidates the text mentions, municipalities first, each once."""
    municipalities = [c for c in candidates if c.kind == MUNICIPALITY]
    found = _search(text, municipalities, with_aliases=True)
    named_municipalities = {mention.candidate.pk for mention in found}
    others = [c for c in candidates if c.kind != MUNICIPALITY]
    for candidate in others:
        local_alias_allowed = (
            candidate.municipality_pk is None or candidate.municipality_pk in named_municipalities
        )
        found.extend(_search(text, [candidate], with_aliases=local_alias_allowed))
    order = {kind: index for index, kind in enumerate(KINDS)}
    return sorted(found, key=lambda m: (order[m.candidate.kind], m.first_offset))


def _search(text, candidates, with_aliases):
    folded = text.casefold()
    mentions = []
    for candidate in candidates:
        names = [candidate.name, *(candidate.aliases if with_aliases else ())]
        mention = Mention(candidate)
        for name in names:
            # A cheap substring test first: most names are not in the text at all.
            if WORD_SPLIT.split(name.strip())[0].casefold() not in folded:
                continue
            for match in _matches(text, name, candidate):
                _record(mention, text, match)
        if mention.found:
            mentions.append(mention)
    return mentions


def _record(mention, text, match):
    start, end = match.span("name")
    form = " ".join(match.group().split())
    # Two names can match at one place ("Kronans skola" and its alias "Kronan"): keep the longer.
    if len(form) > len(mention.found.get(start, "")):
        mention.found[start] = form
    if start == mention.first_offset:
        mention.excerpt = excerpt(text, start, end)


def _matches(text, name, candidate):
    words = [word for word in WORD_SPLIT.split(name.strip()) if word]
    if not words:
        return []
    if is_acronym(name):
        pattern = re.compile(rf"(?<!\w)(?P<name>{re.escape(name)}){ACRONYM_GENITIVE}?(?!\w)")
        return list(pattern.finditer(text))
    body = NAME_SEPARATOR.join(re.escape(word) for word in words)
    if candidate.kind == MUNICIPALITY:
        return [m for m in _municipality_matches(text, name, body) if m.group("name")[0].isupper()]
    ending = GENITIVE if candidate.is_person else DEFINITE_OR_GENITIVE
    pattern = re.compile(rf"(?<!\w)(?P<name>{body}){ending}?(?!\w)", re.IGNORECASE)
    return list(pattern.finditer(text))


def _municipality_matches(text, name, body):
    if not needs_context(name):
        pattern = rf"(?<!\w)(?P<name>{body}){GENITIVE}?(?!\w)"
        return re.finditer(pattern, text, re.IGNORECASE)
    prepositions = "|".join(PLACE_PREPOSITIONS)
    in_phrase = rf"(?<!\w)(?P<name>{body}){GENITIVE}?\s+(?:kommun|stad)(?:en|ens|s)?(?!\w)"
    after_preposition = rf"(?<!\w)(?:{prepositions})\s+(?P<name>{body})(?!\w)"
    return [
        *re.finditer(in_phrase, text, re.IGNORECASE),
        *re.finditer(after_preposition, text, re.IGNORECASE),
    ]


def needs_context(municipality_name):
    """Whether the name alone is too likely to be an ordinary word to count."""
    return len(municipality_name) <= SHORT_NAME_LENGTH or municipality_name in COMMON_WORD_NAMES


def is_acronym(name):
    return " " not in name and len(name) >= 2 and name.isupper()


def excerpt(text, start, end, chars=EXCERPT_CHARS):
    """The words around text[start:end], for staff to judge a suggestion by."""
    left, right = max(0, start - chars), min(len(text), end + chars)
    before, after = text[left:start].split(), text[end:right].split()
    # Drop the words the window cut in half.
    if before and left > 0 and not text[left - 1].isspace():
        before = before[1:]
    if after and right < len(text) and not text[right].isspace():
        after = after[:-1]
    return Excerpt(
        " ".join(["…"] * (left > 0) + before),
        " ".join(text[start:end].split()),
        " ".join(after + ["…"] * (right < len(text))),
    )


def url_variants(url):
    """The spellings of one address that point to the same page.

    http/https, a leading "www." and a trailing slash do not make a different article.
    """
    parts = urlsplit(url.strip())
    if not parts.netloc:
        return {url.strip()}
    host = parts.netloc.lower().removeprefix("www.")
    path = parts.path.rstrip("/")
    query = f"?{parts.query}" if parts.query else ""
    return {
        f"{scheme}://{www}{host}{path}{slash}{query}"
        for scheme in ("http", "https")
        for www in ("", "www.")
        for slash in ("", "/")
    }


def known_candidates():
    """Every municipality, school and actor staff can link, as `Candidate`s (3 queries)."""
    from actors.models import Actor
    from municipalities.models import Municipality, School

    candidates = [
        Candidate(MUNICIPALITY, pk, name)
        for pk, name in Municipality.objects.values_list("pk", "name")
    ]
    candidates += [
        Candidate(SCHOOL, pk, name, _aliases(aliases), municipality_pk)
        for pk, name, aliases, municipality_pk in School.objects.values_list(
            "pk", "name", "aliases", "municipality_id"
        )
    ]
    # Synthetic actors exist only to load-test the site; staff never link them.
    actors = Actor.objects.filter(is_synthetic=False).values_list(
        "pk", "name", "aliases", "municipality_id", "kind"
    )
    candidates += [
        Candidate(ACTOR, pk, name, _aliases(aliases), municipality_pk, kind == Actor.Kind.PERSON)
        for pk, name, aliases, municipality_pk, kind in actors
    ]
    return candidates


def _aliases(text):
    return tuple(line.strip() for line in text.splitlines() if line.strip())
