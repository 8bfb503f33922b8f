"""Who said a quote: the reporting frame after it, before it, around it, or the previous quote's.

Frames in English reports: `"…," X said`, `"…," said X, head of …`, `X said: "…"`,
`X said the scene was 'like a horror movie'`, `with X calling it 'genocide'`, and a paragraph
that is only a quote continuing the previous paragraph's speaker.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from casefile.facts.quotes import QuoteSpan

REPORT_VERBS = (
    r"said|says|say|told|tells|added|adds|wrote|writes|stated|states|warned|warns|explained|"
    r"recalled|recounted|insisted|claimed|claims|noted|continued|asked|declared|announced|posted|"
    r"tweeted|reported|reports|confirmed|remarked|stressed|urged|alleged|described|called|calling|"
    r"adding|saying|cried|shouted|whispered|testified|recalls|explains|admitted|argued|responded|"
    r"replied|concluded|informed|murmured|screamed|yelled|sobbed|pleaded|exclaimed|wailed"
)
# "U.N.", "U.S.", a middle initial: an abbreviation's full stops do not end the speaker's phrase.
ABBREVIATION = (
    r"(?-i:[A-Z]\.(?:[A-Z]\.)+|"
    # a middle initial: "said Prosecutor Carolyn A. Murray"
    r"(?<=[a-z] )[A-Z]\.(?=\s+[A-Z][a-z])|"
    # a title's abbreviation: "said Brig. Gen. Naeem Ashfaq Chowdhury of the Bangladesh army"
    r"(?:Brig|Gen|Lt|Col|Maj|Capt|Sgt|Gov|Sen|Rep|Dr|Prof|Adm|Cmdr)\.)"
)
_AFTER_SUBJ_VERB = re.compile(
    r"^\s*[,:]?\s*(?:[-—–]\s*)?(?P<s>(?:" + ABBREVIATION + r"|[^,.;!?\"“”«»\n]){1,100}?"
    # an appositive between the subject and the verb: "the governor, Oleh Syniehubov, said"
    # (or two: "Lami Ozgen, head of the Confederation …, or KESK, said")
    r"(?:(?:,\s+[^,.;!?\"“”«»\n]{1,60}?){1,2},)?)\s+(?:has\s+|had\s+|have\s+|later\s+|"
    r"then\s+|also\s+|further\s+|again\s+|subsequently\s+)?(?:" + REPORT_VERBS + r")\b",
    re.I,
)
_AFTER_VERB_SUBJ = re.compile(
    r"^\s*[,:]?\s*(?:[-—–]\s*)?(?:" + REPORT_VERBS + r")\s+(?P<s>(?:" + ABBREVIATION + r"|"
    r"[^,.;!?\"“”«»\n]){1,100}?)"
    r"(?=\s*[,.;!?\n]|\s+(?:on|in|at|to|during|after|before|when|from|via)\b|$)",
    re.I,
)
_BEFORE = re.compile(
    r"(?P<s>[^.;!?\"“”«»\n]{1,120}?)\s+(?:has\s+|had\s+|have\s+|later\s+|also\s+)?(?:"
    + REPORT_VERBS
    + r")(?:\s+(?:reporters|journalists|the\s+\w+(?:\s+\w+)?|us|him|her|them|"
    r"(?-i:[A-Z]\w+(?:\s+[A-Z]\w+)?)))?"
    r"(?:\s+(?:on|in|at)\s+\w+)?\s*[:,]?\s*$",
    re.I,
)
VERB_ANYWHERE = re.compile(
    # "so-called" is no verb of saying
    r"(?<!-)\b(?:" + REPORT_VERBS + r"|describ\w+|branded|labelled|labeled|reject\w*|dismiss\w*|"
    r"denied|denies|accus\w+|condemn\w*|blam\w+)\b",
    re.I,
)

# A name with its title, every word capitalised: "Chinese President Xi Jinping "
_NAME_ALONE = re.compile(r"\s*[A-Z][\w'’.-]*(?:\s+(?:of\s+|the\s+|al-)?[A-Z][\w'’.-]*){1,5}\s*")
_CLAUSE_BREAK = re.compile(r",\s+(?:but|while|whereas|although|though|yet)\s+", re.I)

Resolver = Callable[[str, int, int], str | None]

_SAID_ADDING = re.compile(
    r",\s*(?:said|says|told\s+\w+)\s+(?P<s>[^,.;!?\"“”]{2,80}?),\s*"
    r"(?:adding|saying|noting|stressing)\s*[:,]?\s*$"
)
_OPENING_ADVERBIAL = re.compile(
    r"\s*(?:in|on|at|after|before|during|via|through|earlier|later|separately|meanwhile)\b"
    r"[^,\"“”]{0,50},\s*",
    re.I,
)


_QUOTED_AS = re.compile(
    r"^[\s,.]*[^.;!?\"“”]{0,120}?\bquoted\s+(?P<s>[^.;!?\"“”]{2,120}?)\s+as\s+(?:saying|telling)\b"
)


def attribute(
    text: str,
    quote: QuoteSpan,
    para_start: int,
    para_end: int,
    resolve: Resolver,
    sentence: tuple[int, int],
    previous: tuple[QuoteSpan, str] | None,
) -> tuple[str | None, str]:
    """(speaker, how) for one quote; `resolve` maps a speaker phrase at [s, e) to a name."""
    after = text[quote.mark_end : para_end]
    # '… a "despicable terror attack." The government declared …': a full stop inside the
    # marks ends the sentence, and the next one's subject did not say the quote
    ended = (
        text[quote.start : quote.end].rstrip().endswith(".")
        and re.match(r"\s+(?-i:[A-Z])", after)
        # ('"…." Zelensky said on Monday.': a frame after all)
        and not re.match(
            r"\s+[^.!?\n]{1,60}?\s+(?:said|says|added|told)\b[^.!?\n]{0,60}[.!?]", after
        )
    )
    if quote.closed and not ended:
        # "…,” a report by Hindustan Times quoted … superintendent K Shivakanta Singh as
        # saying.": the one quoted, not the one quoting
        qm = _QUOTED_AS.match(after)
        if qm:
            s = quote.mark_end + qm.start("s")
            name = resolve(qm.group("s"), s, s + len(qm.group("s")))
            if name:
                return name, "after"
        for pat in (_AFTER_SUBJ_VERB, _AFTER_VERB_SUBJ):
            m = pat.match(after)
            if m and re.match(r"\s*(?:and|or|but|then|as|while)\b", m.group("s"), re.I):
                m = None  # '"…" and urged …': the verb goes on the sentence's own subject
            if m:
                s = quote.mark_end + m.start("s")
                phrase = m.group("s")
                # "a local teacher, whose colleague was killed, said": the subject without its
                # relative aside
                relative = re.match(r"(?P<h>[^,]+),\s+(?:who|whose|whom|which)\b", phrase)
                if relative and re.match(r"\s*(?:an?\s|the\s|[A-Z])", phrase):
                    phrase = relative.group("h")
                name = resolve(phrase, s, s + len(phrase))
                head = phrase.split(",")[0]
                if not name and head != phrase and re.match(r"\s*(?:an?\s|the\s|[A-Z])", head):
                    # "Malika Al Hajj, an elderly woman living in Jiyeh, told": the subject
                    # before its apposition
                    name = resolve(head, s, s + len(head))
                if name:
                    return name, "after"
    before = text[para_start : quote.mark_start]
    # "…, said a police spokesman, adding, “…”": who said the sentence goes on into the quote
    adding = _SAID_ADDING.search(before)
    if adding and not quote.single:
        s = para_start + adding.start("s")
        name = resolve(adding.group("s"), s, s + len(adding.group("s")))
        if name:
            return name, "before"
    m = _BEFORE.search(before)
    if m and not quote.single:
        s = para_start + m.start("s")
        phrase = m.group("s")
        # "A villager, asking not to be named, said, '…'": the subject without its aside
        aside = re.match(
            r"(?P<h>[^,]+),\s+(?:asking|who asked|speaking|who spoke|requesting)\b", phrase
        )
        if aside:
            phrase = aside.group("h")
        name = resolve(phrase, s, s + len(phrase))
        if name:
            return name, "before"
    # A partial quote inside reported speech: the speaker is named earlier in the sentence.
    s_start, _ = sentence
    lead = text[s_start : quote.mark_start]
    verb = VERB_ANYWHERE.search(lead)
    if verb:
        # the subject before the verb first ("Rights group X, which …, said … in Kalogi and
        # that '…'": X, not the last name in the sentence), then anyone the lead names
        subject = lead[: verb.start()]
        # without its relative aside: "Rights group X, which monitors …, said"
        relative = re.match(r"(?P<h>[^,]+),\s+(?:who|whose|whom|which)\b", subject)
        if relative:
            subject = relative.group("h")
        # "The assault raised questions …, but organisers of that event said …": the subject
        # of the clause holding the verb
        clauses = list(_CLAUSE_BREAK.finditer(subject))
        sub_start = s_start + (clauses[-1].end() if clauses else 0)
        subject = subject[clauses[-1].end() :] if clauses else subject
        # "In a separate tweet, UNAMA said …": the subject after the opening adverbial
        opening = _OPENING_ADVERBIAL.match(subject)
        if opening and subject[opening.end() :].strip():
            sub_start += opening.end()
            subject = subject[opening.end() :]
        name = resolve(subject, sub_start, sub_start + len(subject)) if subject.strip() else None
        if not name:
            name = resolve(lead, s_start, quote.mark_start)
        if name:
            return name, "sentence"
    # "Chinese President Xi Jinping “urged the law enforcement to …,” according to Xinhua":
    # a quote that goes on from its subject as the sentence's verb phrase
    inside = text[quote.start : quote.start + 1]
    if not verb and inside.islower() and _NAME_ALONE.fullmatch(lead):
        name = resolve(lead.strip(), s_start, quote.mark_start)
        if name:
            return name, "sentence"
    # A paragraph that is nothing but a quote continues the previous paragraph's speaker.
    if previous is not None:
        prev_quote, prev_speaker = previous
        only_quote = not text[para_start : quote.mark_start].strip() and not after.strip(" .")
        gap = text[prev_quote.mark_end : quote.mark_start]
        if only_quote and gap.count("\n") <= 2 and not re.search(r"\w", gap.split("\n")[-1]):
            return prev_speaker, "continuation"
        # A second quote in the same paragraph after an attributed one, with nothing after it:
        # “…,” Vilkul told reporters. “We will document every one.”
        if prev_quote.mark_start >= para_start and not after.strip(" ."):
            return prev_speaker, "same paragraph"
    return None, "none"
