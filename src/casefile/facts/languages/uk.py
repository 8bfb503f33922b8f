"""Ukrainian: lexicon for the shared Cyrillic rules, pymorphy3 lemmas, tokenize-uk sentences."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

LANG = "uk"
REPORT_VERBS = (
    r"заявило|повідомило|зазначило|встановили|встановило|з'ясували|з’ясували|"
    r"заявив|заявила|заявили|заявляє|заявляють|сказав|сказала|сказали|каже|кажуть|повідомив|"
    r"повідомила|повідомили|повідомляє|повідомляють|зазначив|зазначила|зазначили|наголосив|"
    r"наголосила|додав|додала|додали|написав|написала|написали|пише|розповів|розповіла|"
    r"розповіли|розповідає|підкреслив|підкреслила|стверджує|стверджують|стверджував|заявляв|"
    r"поскаржився|поскаржилася|пояснив|пояснила|попередив|попередила|попередили"
)
DENY_VERBS = (
    r"заперечив|заперечила|заперечили|заперечує|заперечують|відкинув|відкинула|відкинули|"
    r"спростував|спростувала|спростували|відкидає|відкидають"
)
ACCUSE_VERBS = (
    r"звинуватив|звинуватила|звинуватили|звинувачує|звинувачують|звинувачував|звинувачували"
)
CONDEMN_VERBS = r"засудив|засудила|засудили|засуджує|засуджують"
# "Про це повідомив X": the frame names the source of what came before it.
ABOUT_THIS = (
    r"[Пп]ро це\s+(?:\w+\s+)?(?:повідомив|повідомила|повідомили|повідомило|повідомляє|повідомляють|"
    r"заявив|заявила|заявили|заявило|написав|написала|пише|пишуть|розповів|розповіла|"
    r"розповіли|сказав|сказала|інформує|інформують|йдеться в|йдеться у)"
)
PRONOUN_SOURCE = r"за (?:його|її|їхніми) словами|за їхніми даними|за його даними"
# Verbs that close a sentence with its source ("…, передає агентство") besides REPORT_VERBS,
# and frames that point back at figures already given ("Такі дані наводить МОЗ").
CLOSING_VERBS = r"передає|передають|передав|передала|уточнив|уточнила|уточнили|уточнює"
SUCH_DATA = (
    r"(?:[Тт]акі|[Цц]і) (?:дані|цифри)\s+(?:\w+\s+)?(?:наводить|наводять|навів|навела|"
    r"навели|оприлюднив|оприлюднила|оприлюднили|оприлюднює|озвучив|озвучила|озвучили)"
)
# Verbs whose object carries the toll: "Синєгубов підтвердив загибель 49 людей".
OBJECT_VERBS = r"підтвердив|підтвердила|підтвердили|повідомив про|повідомила про|повідомили про"
ASSERT_ONLY = r"стверджує|стверджують|стверджував|стверджувала|стверджували"
THAT = r"що"
QUAL = {
    "щонайменше": "at least",
    "принаймні": "at least",
    "не менше ніж": "at least",
    "не менше": "at least",
    "понад": "more than",
    "більше ніж": "more than",
    "більше": "more than",
    "майже": "nearly",
    "близько": "approximately",
    "приблизно": "approximately",
    "до": "up to",
    "щонайбільше": "up to",
}
WHO = (
    r"людей|людини|осіб|особи|цивільних|мирних жителів|мешканців|жителів|дітей|дитини|жінок|"
    r"чоловіків|тіл|полонених|військовополонених|військових|бійців|медиків|журналістів|"
    r"рятувальників|пасажирів|пацієнтів|людина|особа|дитина|загиблих|поранених|зниклих|"
    r"жертв|цивільні|діти|люди"
)
CATEGORIES: tuple[tuple[str, str], ...] = (
    ("exhumed", r"ексгумув\w*|ексгумац\w*|ексгумован\w*"),
    ("buried", r"похован\w*|поховал\w*|могил\w*"),
    (
        "injured",
        r"поранен\w*|поранил\w*|травмован\w*|травм[аиуі]|травмами|постраждал\w*|постраждав\w*|"
        r"постраждало",
    ),
    ("missing", r"безвісти|зниклих|зникли|зник\b|зникла"),
    ("detained", r"затриман\w*|затримал\w*|викрал\w*|викраден\w*|утриму\w*|полон\w*"),
    ("deported", r"депорт\w*|вивез\w*|вивезен\w*|примусово переміщен\w*"),
    ("displaced", r"евакуйован\w*|евакуювал\w*|переселен\w*|біженц\w*|переміщен\w*"),
    (
        "killed",
        r"загибел\w*|загибл\w*|загинул\w*|загинуло|загинув|загинула|вбит\w*|вбил\w*|убит\w*|"
        r"розстріл\w*|розстрілял\w*|страчен\w*|померл\w*|смерт\w*|тіл\w*|жертв\w*|"
        r"забрала життя|загинули",
    ),
)
TOLL = r"(?:кількість|число)\s+(?:загиблих|жертв|вбитих)"
VAGUE_WORDS = ("десятки тисяч", "десятки", "десятків", "сотні", "сотень", "тисячі", "тисяч")
NOTES = (
    (r"за попередніми даними|попередньо|попередні дані", "preliminary"),
    (
        r"може зрости|можуть зрости|може збільшитися|ймовірно,? зросте|буде зростати|уточнюється",
        "likely to rise",
    ),
)
SOURCE = (
    r"за даними|за даним|за словами|як повідомив|як повідомила|як повідомили|як заявив|"
    r"як заявила|як заявили|"
    r"як зазначили|за інформацією|повідомляє|повідомляють"
)
TITLES = (
    r"генпрокурор\w*|генеральн\w+ прокурор\w*|президент\w*|прем'єр-міністр\w*|прем’єр-міністр\w*|"
    r"міністр\w*|голов[аиоу]|голові|очільни\w+|губернатор\w*|мер\w*|речни\w+|радни\w+|"
    r"уповноважен\w+|омбудсман\w*|командувач\w*|прокурор\w*|керівни\w+|начальни\w+|посол\w*|"
    r"прес-секретар\w*|представни\w+|заступни\w+|спікер\w*|депутат\w*|генсек\w*|"
    r"генеральн\w+ секретар\w*|"
    r"речниц\w+|секретар\w*|комісар\w*|мешкан\w+|свідок|свідк\w+|волонтер\w*|лікар\w*"
    r"|генерал\w*|полковник\w*|підполковник\w*|майор\w*|капітан\w*|лейтенант\w*|адмірал\w*|директор\w*"
)
ORGS = {
    r"ООН": "United Nations",
    r"ЄС|Євросоюз\w*|Європейськ\w+ Союз\w*": "European Union",
    r"МКС|Міжнародн\w+ кримінальн\w+ суд\w*": "International Criminal Court",
    r"Кремл\w+": "Kremlin",
    r"Міноборони|Міністерств\w+ оборони": "Ministry of Defence",
    r"ЗСУ|Збройн\w+ Сил\w* України": "Armed Forces of Ukraine",
    r"СБУ": "Security Service of Ukraine",
    r"Офіс\w* [Гг]енпрокурора|Офіс\w* [Гг]енерального прокурора": "Prosecutor General's Office",
    r"Нацполіці\w+|Національн\w+ поліці\w+": "National Police of Ukraine",
    r"ДСНС": "State Emergency Service",
    r"МЗС": "Ministry of Foreign Affairs",
    r"Червон\w+ Хрест\w*": "Red Cross",
    r"НАТО": "NATO",
    r"ОБСЄ": "OSCE",
    r"Human Rights Watch": "Human Rights Watch",
    r"Amnesty International|Амністі\w+": "Amnesty International",
    r"Укрінформ\w*": "Ukrinform",
    r"Суспільн\w+": "Suspilne",
    r"Українськ\w+ правд\w+": "Ukrainska Pravda",
    r"ОВА|обласн\w+ військов\w+ адміністраці\w+": "regional military administration",
}
ACTORS = {
    r"Росі[яїює]|Росією": "Russia",
    r"Москв\w+": "Moscow",
    r"Україн[аиіу]|Україною": "Ukraine",
    r"Кремл\w+": "Kremlin",
    r"Київ|Києва|Києві": "Kyiv",
}


@lru_cache(maxsize=1)
def _morph() -> Any:
    import pymorphy3

    return pymorphy3.MorphAnalyzer(lang="uk")


def lemma(word: str) -> str:
    return str(_morph().parse(word)[0].normal_form)


# First names the dictionary lacks or files under another reading (Володимир, the town).
_FIRST_NAMES = frozenset(
    [
        "Володимир",
        "Володимира",
        "Володимиру",
        "Володимиром",
        "Олексій",
        "Олексія",
        "Віталій",
        "Віталія",
        "Юлія",
        "Юлії",
        "Тетяна",
        "Тетяни",
        "Наталія",
        "Наталії",
        "Вячеслав",
        "В'ячеслав",
        "В’ячеслав",
        "Вячеслава",
        "В'ячеслава",
        "Ігор",
        "Ігоря",
        "Сергій",
        "Сергія",
        "Юрій",
        "Юрія",
        "Михайло",
        "Михайла",
        "Євген",
        "Євгена",
        "Валерій",
        "Валерія",
        "Геннадій",
        "Геннадія",
        "Анатолій",
        "Анатолія",
    ]
)


def is_name_part(word: str) -> bool:
    """A first name, surname or patronymic by the dictionary (Name/Surn/Patr)."""
    if word in _FIRST_NAMES:
        return True
    for p in _morph().parse(word):
        tag = str(p.tag)
        if "Name" in tag or "Surn" in tag or "Patr" in tag:
            return True
    return False


_NOMINATIVE_SURNAME = re.compile(
    r"(?:ов|ев|ёв|ин|ін|ів|їв|ський|цький|ский|цкий|енко|ко|ук|юк|чук|ич|ян|ець|ь)$", re.I
)


def nominative(word: str, gender: str | None = None) -> str:
    """The name word in the nominative, keeping gender (Венедіктової -> Венедіктова). Words with a
    masculine nominative surname ending stay as written: pymorphy reads an unknown "Труханов"
    as the genitive plural of "Трухан"."""
    if _NOMINATIVE_SURNAME.search(word):
        return word
    names = [
        p
        for p in _morph().parse(word)
        if {"Name", "Surn", "Patr"} & set(str(p.tag).replace(" ", ",").split(","))
    ]
    if gender:
        # The first name's gender decides between Венедіктова (f., nom.) and Венедіктов (m., gen.).
        names = [p for p in names if gender in str(p.tag)] or names
    names = [p for p in names if "plur" not in str(p.tag)] or names
    if not names or "nomn" in str(names[0].tag):
        return word
    form = names[0].inflect({"nomn"})
    if form is None:
        return word
    return str(form.word).capitalize() if word[:1].isupper() else str(form.word)


def sentences(text: str) -> list[tuple[int, int]]:
    """Sentence spans; tokenize-uk returns strings, so they are found back in the paragraph."""
    from tokenize_uk import tokenize_sents

    out: list[tuple[int, int]] = []
    pos = 0
    for sent in tokenize_sents(text):
        i = text.find(sent, pos)
        if i < 0:
            continue
        out.append((i, i + len(sent)))
        pos = i + len(sent)
    return out or [(0, len(text))]


def model_versions() -> dict[str, str]:
    from importlib.metadata import version

    return {name: version(name) for name in ("pymorphy3", "pymorphy3-dicts-uk", "tokenize-uk")}


def gender_of(word: str) -> str | None:
    """femn/masc of a first name, by the dictionary; a nominative reading first ("Петро" is a
    man's name in the nominative before it is a vocative of Петра)."""
    parses = _morph().parse(word)
    # A person is one: a singular reading before a plural one ("Ярославы" is not "Ярославы").
    for p in sorted(parses, key=lambda p: ("plur" in str(p.tag), "nomn" not in str(p.tag))):
        tag = str(p.tag)
        if "Name" in tag:
            return "femn" if "femn" in tag else "masc" if "masc" in tag else None
    return None
