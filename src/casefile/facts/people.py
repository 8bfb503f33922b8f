"""People and organisations: names, roles, and surname-only mentions resolved to full names.

Works on entity mentions from any language's recogniser (spaCy for English, natasha for Russian,
rules for Ukrainian) so that quote and claim attribution share one resolver.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

HONORIFICS = {
    "mr",
    "mrs",
    "ms",
    "miss",
    "dr",
    "sir",
    "dame",
    "lord",
    "gen",
    "general",
    "col",
    "pan",
    "pani",
    "mr.",
    "mrs.",
    "ms.",
    "dr.",
    "gen.",
    "col.",
    "пан",
    "пані",
    "господин",
    "госпожа",
}

# Well-known people named by surname alone in reports; the full name is what analysts search by.
KNOWN_PEOPLE: dict[str, str] = {
    "putin": "Vladimir Putin",
    "zelenskyy": "Volodymyr Zelenskyy",
    "zelensky": "Volodymyr Zelenskyy",
    "zelenskiy": "Volodymyr Zelenskyy",
    "peskov": "Dmitry Peskov",
    "lavrov": "Sergei Lavrov",
    "shoigu": "Sergei Shoigu",
    "kuleba": "Dmytro Kuleba",
    "biden": "Joe Biden",
    "guterres": "António Guterres",
    "stoltenberg": "Jens Stoltenberg",
    "lubinets": "Dmytro Lubinets",
    "kostin": "Andriy Kostin",
    "venediktova": "Iryna Venediktova",
    "путін": "Володимир Путін",
    "путина": "Владимир Путин",
    "путин": "Владимир Путин",
    "зеленський": "Володимир Зеленський",
    "зеленский": "Владимир Зеленский",
    "песков": "Дмитрий Песков",
    "лавров": "Сергей Лавров",
    "шойгу": "Сергей Шойгу",
}

NOT_PEOPLE = {
    "twitter",
    "telegram",
    "facebook",
    "instagram",
    "youtube",
    "x",
    "tiktok",
    "god",
    "advert",
    "kremlin",
    "moscow",
    "kyiv",
    "bbc",
    "abc",
    "cnn",
    "reuters",
    "ap",
    "afp",
    "un",
    "eu",
    "nato",
}

TITLE_WORDS = {
    "president",
    "minister",
    "secretary",
    "prosecutor",
    "general",
    "governor",
    "mayor",
    "spokesman",
    "spokeswoman",
    "spokesperson",
    "adviser",
    "advisor",
    "head",
    "chief",
    "commander",
    "ombudsman",
    "ombudsperson",
    "commissioner",
    "envoy",
    "ambassador",
    "chancellor",
    "deputy",
    "chairman",
    "chairwoman",
    "chair",
    "director",
    "official",
    "investigator",
    "judge",
    "lawyer",
    "journalist",
    "doctor",
    "priest",
    "leader",
    "senator",
    "lieutenant",
    "colonel",
    "captain",
    "sergeant",
    "officer",
    "representative",
    "coordinator",
    "rapporteur",
    "premier",
    "king",
    "queen",
    "pope",
    "correspondent",
    "reporter",
    "volunteer",
    "resident",
    "activist",
    "founder",
    "prime",
    "foreign",
    "defence",
    "defense",
    "interior",
    "attorney",
    "administrator",
    "monitor",
    "councillor",
    "councilor",
    "ceo",
    "archbishop",
    "bishop",
    "analyst",
    "researcher",
    "expert",
}


# Words that describe a person and that a recogniser may take into the name ("Villager Shwe
# Mi", "Survivor Aung Ko"): what the person is, not who.
DESCRIPTORS = {
    "villager", "farmer", "survivor", "witness", "eyewitness", "local", "resident", "teacher",
    "nurse", "medic", "paramedic", "student", "shopkeeper", "trader", "vendor", "driver",
    "worker", "fisherman", "mother", "father", "grandmother", "grandfather", "widow", "refugee",
    "soldier", "fighter", "rescuer", "pastor", "imam", "monk", "abbot", "nun", "elder",
    "displaced", "neighbour", "neighbor", "victim", "volunteer", "activist", "carpenter",
    "mechanic", "engineer", "baker", "labourer", "laborer", "tailor", "butcher",
}  # fmt: skip


def split_descriptor(name: str) -> tuple[str, str | None]:
    """A name without the descriptive or title words before it, and those words: "Villager Shwe
    Mi" -> ("Shwe Mi", "Villager"). Two words of the name always stay ("Foreign Minister
    Kuleba" stays as it is: the surname alone is no name to label a person by)."""
    words = name.split()
    k = 0
    while len(words) - k > 2 and words[k].lower() in DESCRIPTORS | TITLE_WORDS:
        k += 1
    if k == 0:
        return name, None
    return " ".join(words[k:]), " ".join(words[:k])


@dataclass
class Person:
    name: str
    role: str | None = None
    spans: list[tuple[int, int]] = field(default_factory=list)

    @property
    def surname(self) -> str:
        return self.name.split()[-1]


def clean_name(name: str) -> tuple[str, bool]:
    """Name without honorific, possessive or stray punctuation; whether an honorific was there."""
    name = re.sub(r"['’]s$", "", name.strip()).strip(" ,.;:\"'“”‘’«»()")
    words = name.split()
    had = False
    while words and words[0].lower() in HONORIFICS and len(words) > 1:
        words = words[1:]
        had = True
    return " ".join(words), had


class PeopleIndex:
    """Collects person mentions in text order and merges partial mentions into full names."""

    def __init__(self) -> None:
        self.people: list[Person] = []

    def add(self, raw: str, start: int, end: int, role: str | None = None) -> Person | None:
        name, _ = clean_name(raw)
        if not name or name.lower() in NOT_PEOPLE or not name[:1].isupper():
            return None
        if any(ch.isdigit() for ch in name):
            return None
        person = self.find(name)
        if person is None:
            full = KNOWN_PEOPLE.get(name.lower()) if len(name.split()) == 1 else None
            person = self.find(full) if full else None
            if person is None:
                person = Person(full or name)
                self.people.append(person)
        elif len(name.split()) > len(person.name.split()):
            # A full name after a surname-only one: the full name is the better label.
            person.name = name
        if (start, end) not in person.spans:
            person.spans.append((start, end))
            person.spans.sort()
        if role and not person.role:
            person.role = role
        return person

    def find(self, name: str) -> Person | None:
        """The person a (possibly partial) name refers to: exact, then surname, then known list."""
        name, _ = clean_name(name)
        if not name:
            return None
        low = name.lower()
        for p in self.people:
            if p.name.lower() == low:
                return p
        words = low.split()
        for p in reversed(self.people):
            pw = p.name.lower().split()
            if len(words) == 1 and (words[0] == pw[-1] or _same_surname(words[0], pw[-1])):
                return p
            if len(words) > 1 and len(pw) == 1 and words[-1] == pw[0]:
                return p
            if len(words) > 1 and words[-1] == pw[-1] and words[0][:1] == pw[0][:1]:
                return p
        full = KNOWN_PEOPLE.get(low)
        if full:
            for p in self.people:
                if p.name == full:
                    return p
        return None

    def last_before(self, pos: int, *, titled: bool = False) -> Person | None:
        """The person named last before `pos` (with `titled`, only one named with a title)."""
        best: tuple[int, Person] | None = None
        for p in self.people:
            if titled and not p.role:
                continue
            for s, _ in p.spans:
                if s < pos and (best is None or s > best[0]):
                    best = (s, p)
        return best[1] if best else None

    def in_range(self, start: int, end: int) -> Person | None:
        """The last person mentioned inside [start, end)."""
        best: tuple[int, Person] | None = None
        for p in self.people:
            for s, e in p.spans:
                if s >= start and e <= end and (best is None or s > best[0]):
                    best = (s, p)
        return best[1] if best else None

    def starting_at(self, pos: int) -> Person | None:
        """The person whose mention starts at `pos` (an appositive's name)."""
        for p in self.people:
            if any(s == pos for s, _ in p.spans):
                return p
        return None

    def add_surname_mentions(self, text: str) -> None:
        """Surname-only mentions the recogniser missed ("Zelenskyy said.")."""
        # where each person is named in full: a surname inside another's name ("Khan" in
        # "Rahmatullah Khan") is not a mention of Iqbal Khan
        named = [(s, e, p) for p in self.people for s, e in p.spans]
        found: dict[tuple[int, int], list[Person]] = {}
        for p in list(self.people):
            if len(p.name.split()) < 2:
                continue
            # "Anis Al-Asbahi … Asbahi described": an Arabic surname without its article
            bare = re.sub(r"^(?:[Aa]l|[Ee]l)-(?=[A-Z])", "", p.surname)
            for surname in dict.fromkeys((p.surname, bare)):
                for m in re.finditer(r"(?<![\w-])" + re.escape(surname) + r"\b", text):
                    if not any(s <= m.start() < e for s, e, _ in named):
                        found.setdefault(m.span(), []).append(p)
        for (s, e), who in found.items():
            if len(who) > 1:
                # two people share the surname: the one named last before it
                before = [q for q in who if any(a < s for a, _ in q.spans)]
                who = (
                    [max(before, key=lambda q: max(a for a, _ in q.spans if a < s))]
                    if before
                    else []
                )
            for p in who:
                p.spans.append((s, e))
        for p in self.people:
            p.spans.sort()


def _same_surname(a: str, b: str) -> bool:
    """Inflected surnames in uk/ru (Венедіктової ~ Венедіктова, Зеленського ~ Зеленський)."""
    if a == b:
        return True
    stem = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        stem += 1
    return stem >= max(4, min(len(a), len(b)) - 3)
