"""Claims in English: who asserts, denies, accuses or condemns what, read off the parse.

The reporting verb's subject is the actor; its clausal complement or object is what is claimed.
A verb whose only complement is a direct quote is a quote attribution, not a claim.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

STANCE_BY_LEMMA = {
    "deny": "denies",
    "dispute": "disputes",
    "question": "disputes",
    "contest": "disputes",
    "reject": "denies",
    "dismiss": "denies",
    "refute": "denies",
    "accuse": "accuses",
    "blame": "accuses",
    "condemn": "condemns",
    "denounce": "condemns",
    "decry": "condemns",
    "say": "asserts",
    "tell": "asserts",
    "claim": "asserts",
    "warn": "asserts",
    "report": "asserts",
    "insist": "asserts",
    "allege": "asserts",
    "add": "asserts",
    "state": "asserts",
    "confirm": "asserts",
    "announce": "asserts",
    "recount": "asserts",
    "argue": "asserts",
    "maintain": "asserts",
    "assert": "asserts",
    "estimate": "asserts",
    "suggest": "asserts",
    "write": "asserts",
    "post": "asserts",
    "inform": "asserts",
    "reveal": "asserts",
    "disclose": "asserts",
    "call": "accuses",
    "describe": "accuses",
    "brand": "accuses",
    "label": "accuses",
}
# "call"/"describe" are accusations only when what they call it is a crime.
_CRIME = re.compile(
    r"genocid|war crime|crimes? against humanity|terror|massacre|atrocit|murder|execution|"
    r"crime|slaughter|ethnic cleansing|barbar",
    re.I,
)
_NEGATED = re.compile(r"^(?:that\s+)?(?:no|none|nobody|not|never|neither|nothing)\b", re.I)
_CUT = re.compile(
    r",\s*(?:however|but|while|so that|though|according to)\b|;|\s+and\s+(?:even|also|then)\s+"
)
_DET = re.compile(r"^(?:the|a|an)\s+", re.I)


@dataclass
class Claim:
    start: int
    end: int
    actor: str | None
    stance: str
    text: str
    verb: str
    target: str | None = None

    def payload(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "actor": self.actor,
            "stance": self.stance,
            "text": self.text,
            "verb": self.verb,
        }
        if self.target:
            out["target"] = self.target
        return out


_TRAILING_OK = {"say", "tell", "report", "add", "confirm", "announce", "warn", "write", "post"}
_TRAILING_OK |= {"estimate"}


class _Span:
    """A stand-in for a token whose subtree is a slice of the sentence."""

    def __init__(self, tokens: list[Any]) -> None:
        self.subtree = tokens
        self.idx = tokens[0].idx
        self.dep_ = "trailing"


def text_of(doc: Any) -> str:
    """`doc.text`, joined once per document: spaCy joins every token again on each call, and
    a claim reads it several times (a 146 kB paragraph spent 170 s there)."""
    if "casefile_text" not in doc.user_data:
        doc.user_data["casefile_text"] = doc.text
    return str(doc.user_data["casefile_text"])


def sentence_of(tok: Any) -> Any:
    """`tok.sent`, found from the token's own boundaries: spaCy's property walks every sentence
    of the document before it, so a report printed as one long paragraph cost claims × sentences
    (a 146 kB paragraph took 140 s in it)."""
    doc = tok.doc
    start = tok.i
    while start > 0 and not doc[start].is_sent_start:
        start -= 1
    end = tok.i + 1
    while end < len(doc) and not doc[end].is_sent_start:
        end += 1
    return doc[start:end]


def _trailing_content(tok: Any) -> Any:
    subj = [c for c in tok.children if c.dep_ == "nsubj"]
    if not subj:
        return None
    first = next(iter(subj[0].subtree))
    sent = sentence_of(tok)
    before = [t for t in sent if t.i < first.i]
    while before and before[-1].is_punct:
        before.pop()
    if len(before) < 3 or tok.doc[first.i - 1].text != ",":
        return None
    after = [t for t in sent if t.i > tok.i and not t.is_punct]
    if any(t.pos_ == "VERB" for t in after):
        return None
    return _Span(before)


def _subtree_span(tok: Any) -> tuple[int, int]:
    toks = list(tok.subtree)
    return toks[0].idx, toks[-1].idx + len(toks[-1].text)


def claims_in_doc(
    doc: Any,
    offset: int,
    text: str,
    quote_ranges: list[tuple[int, int]],
    resolve: Any,
    speaker_of_sentence: Any,
) -> list[Claim]:
    """Claims in one parsed paragraph; `resolve(phrase, s, e)` names an actor phrase."""
    out: list[Claim] = []
    for tok in doc:
        lemma = tok.lemma_.lower()
        stance = STANCE_BY_LEMMA.get(lemma)
        # "claims" is often tagged a plural noun ("Moscow claims Ukrainian forces ...").
        verbish = tok.pos_ in ("VERB", "AUX") or (lemma == "claim" and tok.tag_ in ("NNS", "VBZ"))
        if not verbish:
            continue
        if lemma == "build":
            case = [c for c in tok.children if c.dep_ == "dobj" and c.lemma_ == "case"]
            if case:
                stance = "accuses"
        if stance is None:
            continue
        if lemma == "report" and tok.pos_ == "NOUN":
            continue
        objs = [c for c in tok.children if c.dep_ in ("ccomp", "dobj", "xcomp", "oprd")]
        if lemma == "tell":
            objs = [c for c in objs if c.dep_ == "ccomp"]  # the dobj is who was told
        if lemma in ("write", "post", "reveal", "disclose"):
            # "wrote on Telegram that …", "…, the governor wrote": not "wrote a letter".
            objs = [c for c in objs if c.dep_ == "ccomp"]
        if lemma == "build":
            case_tok = next(c for c in tok.children if c.dep_ == "dobj")
            objs = [p for p in case_tok.children if p.dep_ == "prep"] + [
                c for c in tok.children if c.dep_ == "prep" and c.text.lower() == "for"
            ]
        if lemma in ("call", "describe", "brand", "label"):
            objs += [c for c in tok.children if c.dep_ == "prep" and c.text.lower() == "as"]
        if lemma in ("recount", "recall", "describe") and not objs:
            objs = [c for c in tok.children if c.dep_ == "advcl"]
        if lemma in ("accuse", "blame", "dismiss", "reject"):
            # "accused Russia of genocide", "dismissed the reports as fake"
            objs += [c for c in tok.children if c.dep_ == "prep" and c.text.lower() in ("of", "as")]
        if not objs and stance in ("denies", "disputes"):
            # "allegations the RSF denies" (what is denied is the noun the clause hangs on);
            # "… has been denied by Addis Ababa and Asmara" (the passive subject).
            if tok.dep_ == "relcl":
                objs = [tok.head]
            else:
                objs = [c for c in tok.children if c.dep_ == "nsubjpass"]
        if not objs and lemma in _TRAILING_OK and tok.dep_ in ("conj", "ROOT"):
            # "... has risen to 37, the governor, Vitaliy Kim, said on Saturday.": the parser
            # makes "said" a conjunct; what was said is the sentence up to the comma.
            trailing = _trailing_content(tok)
            if trailing is not None:
                objs = [trailing]
        if not objs:
            continue
        # Content after the verb ("said that ...") or, for a closing attribution
        # ("... were killed, officials said"), before it.
        after = [o for o in objs if o.idx > tok.idx]
        before = [o for o in objs if o.idx < tok.idx]
        side = after or before
        start = min(_subtree_span(o)[0] for o in side) + offset
        end = max(_subtree_span(o)[1] for o in side) + offset
        # Content wholly inside a direct quote: that is the quote's attribution.
        inside = sum(max(0, min(end, qe) - max(start, qs)) for qs, qe in quote_ranges)
        if inside >= (end - start) * 0.8:
            continue
        content = text[start:end]
        cut = _CUT.search(content)
        if cut:
            end = start + cut.start()
            content = text[start:end]
        content = content.strip(" ,.")
        if lemma == "accuse" and content.lower().startswith("of "):
            start += 3
            content = content[3:]
        # A partial quote at the end keeps its closing mark.
        tail = text[start + len(content) : start + len(content) + 1]
        if tail in ("'", "’", '"', "”") and sum(content.count(c) for c in "'‘\"“") % 2 == 1:
            content += tail
        if len(content.split()) < 2 and stance == "asserts":
            continue
        counter = _COUNTER.search(content)
        if lemma in ("call", "describe", "brand", "label") and counter:
            stance = "denies"  # "called the AP story 'lies'", "described it as staged"
        elif lemma in ("call", "describe", "brand", "label") and not _CRIME.search(content):
            continue
        if lemma == "tell" and not any(c.dep_ == "ccomp" for c in tok.children):
            continue
        actor, target = _actor(tok, offset, resolve, speaker_of_sentence)
        if stance == "asserts" and _NEGATED.search(content) and lemma == "claim":
            stance = "denies"
        elif stance == "asserts" and _SELF_NEGATED.search(content):
            stance = "denies"  # "said it did not launch any attack"
        elif stance == "asserts" and (
            _TOLL_DISPUTED.search(content) or _NO_CASUALTIES.search(sentence_of(tok).text)
        ):
            stance = "disputes"  # "said the toll was higher", "did not acknowledge any …"
        elif stance == "asserts" and _MILITARY_TARGET.search(content):
            stance = "disputes"  # "claimed the strike targeted armed Fano militants"
        elif stance == "asserts" and counter:
            # "claims … staged the scenes" denies the account; "saying the tolls were
            # exaggerated" disputes a figure.
            stance = "disputes" if re.match(r"exaggerat", counter.group(0), re.I) else "denies"
        span_start = start
        out.append(
            Claim(
                span_start,
                span_start + len(content),
                actor,
                stance,
                content,
                tok.text.lower(),
                target,
            )
        )
    return out


# What a counter-claim calls the other side's account.
_COUNTER = re.compile(
    # "staged a suicide bombing" is the attack itself, not a counter-claim
    r"\b(?:staged(?!\s+(?:an?|the|its|their|several|two|three|\w+)\s+(?:[\w-]+\s+){0,2}?"
    r"(?:attacks?|bombings?|raids?|assaults?|strikes?|ambush\w*|offensives?|protests?|coup))|"
    r"fake[ds]?|fabricat\w*|hoax\w*|provocation\w*|untrue|lies|false(?:ly)?|"
    r"disinformation|exaggerat\w*|propaganda|not true|do(?:es)? not correspond to reality|"
    r"groundless|baseless|unfounded|without foundation)\b",
    re.I,
)
# Another count of the same toll: "the toll was higher", "they only killed five".
_TOLL_DISPUTED = re.compile(
    r"\b(?:(?:death |casualty )?tolls?|numbers? of (?:dead|deaths|casualties)|casualt\w+)\s+"
    r"(?:was|were|is|are|had been)\s+(?:much |far |even )?(?:higher|lower|smaller|larger)\b|"
    r"\bonly\s+(?:killed|wounded|injured)\s+\w+|\b(?:killed|wounded|injured)\s+only\s+\w+",
    re.I,
)
# A party that owns to an attack but not to its victims.
_NO_CASUALTIES = re.compile(
    r"\b(?:did not|didn't|does not|doesn't|would not|refused to)\s+(?:acknowledge|admit|confirm)"
    r"\s+(?:any\s+)?(?:civilian\s+)?(?:casualties|deaths|victims)\b",
    re.I,
)
# What the side that struck says of the incident: its target was armed, not civilians.
_MILITARY_TARGET = re.compile(
    r"^(?:that\s+)?(?:the|this|that|its|their)\s+(?:[\w-]+\s+){0,2}?(?:strikes?|attacks?|"
    r"airstrikes?|bombing|raids?|operation|shelling)\s+(?:had\s+|has\s+|was\s+|were\s+)?"
    r"(?:only\s+)?(?:targeted|targeting|aimed at|hit|struck)\s+(?:only\s+)?[^.;]{0,60}?\b"
    r"(?:militants?|fighters|terrorists|insurgents|rebels|combatants|gunmen|military (?:targets?|"
    r"installations?|positions?|facilit\w+|infrastructure|objects?)|armed (?:groups?|men))\b",
    re.I,
)
_SELF_NEGATED = re.compile(
    r"^(?:that\s+)?(?:it|they|we|its (?:\w+ )?(?:forces|troops|army|military|soldiers)|"
    r"our (?:forces|troops|army|military|soldiers))\b[^.]{0,40}?\b(?:did not|didn't|had not|"
    r"hadn't|has not|hasn't|have not|haven't|was not|were not|never|had no|has no|have no)\b",
    re.I,
)


_NAME_BEFORE_VERB = re.compile(
    r"\s*((?:[A-Z][\w.'’-]*\s+){0,4}[A-Z][\w'’-]+)(?:\s+(?:further|also|later|then|again))?\s*"
)


def _actor(
    tok: Any, offset: int, resolve: Any, speaker_of_sentence: Any
) -> tuple[str | None, str | None]:
    subj = [c for c in tok.children if c.dep_ in ("nsubj",)]
    passive = [c for c in tok.children if c.dep_ == "nsubjpass"]
    if passive:
        agent = [c for c in tok.children if c.dep_ == "agent"]
        target = _DET.sub("", _phrase(passive[0]))
        if agent:
            s, e = _subtree_span(agent[0])
            return resolve(_phrase(agent[0])[3:], s + offset + 3, e + offset), target
        return None, target
    head = tok
    hops = 0
    while not subj and head.dep_ in ("advcl", "xcomp", "conj", "acl", "pcomp") and hops < 3:
        if head.dep_ == "acl":
            s, e = _subtree_span(head.head)
            s2 = head.head.left_edge.idx
            name = resolve(
                doc_text(head.head), s2 + offset, head.head.idx + len(head.head.text) + offset
            )
            return name, None
        head = head.head
        subj = [c for c in head.children if c.dep_ == "nsubj"]
        hops += 1
    if not subj:
        # "A suicide bomber killed 15 people, police and witnesses said.": the parser joined
        # who said it to the object before the comma; they stand between it and the verb
        sent_start = sentence_of(tok).start_char
        lead = text_of(tok.doc)[sent_start : tok.idx]
        closing = re.search(r",\s*((?:the\s+)?[a-zA-Z][^,\d;:]{1,60}?)\s*$", lead)
        if closing and len(closing.group(1).split()) <= 6:
            s0 = sent_start + closing.start(1)
            name = resolve(closing.group(1), s0 + offset, s0 + len(closing.group(1)) + offset)
            if name:
                return name, None
        # "DCP Hinds further disclosed that …": a title the parser took for a preposition,
        # and the name after it, are all that stands before the verb
        named = _NAME_BEFORE_VERB.fullmatch(lead)
        if named:
            s0 = sent_start + named.start(1)
            name = resolve(named.group(1), s0 + offset, s0 + len(named.group(1)) + offset)
            if name:
                return name, None
        name = speaker_of_sentence(tok.idx + offset)
        return name, None
    s, e = subject_span(subj[0])
    phrase = text_of(tok.doc)[s:e]
    if "," in phrase and e <= tok.idx and not text_of(tok.doc)[e : tok.idx].strip():
        # "…killed at least 37 people, police and medical sources said": the parser took the
        # toll into the subject of a closing attribution; who said it is after the comma
        tail = phrase.rsplit(",", 1)[1]
        if tail.strip() and len(tail.split()) <= 6 and not re.search(r"\d", tail):
            s = s + len(phrase) - len(tail) + (len(tail) - len(tail.lstrip()))
            phrase = tail.strip()
    return resolve(phrase, s + offset, s + len(phrase) + offset), None


def subject_span(subj: Any) -> tuple[int, int]:
    """The subject without an aside set off by a comma after it: "The Observatory, which
    monitors the war, says" → "The Observatory"; a name given in the aside is the subject:
    "first responders, also known as the White Helmets, say" → "the White Helmets"."""
    s, e = _subtree_span(subj)
    for c in subj.children:
        if c.i <= subj.i or c.dep_ not in ("relcl", "acl"):
            continue
        first = c.left_edge
        if first.i == 0 or subj.doc[first.i - 1].text != ",":
            continue
        if c.lemma_.lower() in ("know", "call", "name"):
            named = [g for p in c.children if p.dep_ == "prep" and p.text.lower() == "as"
                     for g in p.children if g.dep_ == "pobj"]  # fmt: skip
            named += [g for g in c.children if g.dep_ == "oprd"]
            if named and any(t.pos_ == "PROPN" for t in named[0].subtree):
                return _subtree_span(named[0])
        prev = subj.doc[first.i - 1]
        return s, min(e, prev.idx)
    return s, e


def doc_text(tok: Any) -> str:
    toks = list(tok.subtree)
    return str(text_of(tok.doc)[toks[0].idx : toks[-1].idx + len(toks[-1].text)])


def _phrase(tok: Any) -> str:
    return doc_text(tok)


_ACTOR_NAME = r"(?:the\s+)?[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*){0,3}"
_PASSIVE_DENIAL = re.compile(
    r"(?P<c>[^.;]{3,200}?)\s+(?:has|have|had)?\s*(?:been|was|were|is|are)\s+(?:\w+ly\s+)?"
    r"(?P<v>denied|rejected|disputed|dismissed)\s+by\s+(?P<a>"
    + _ACTOR_NAME
    + r"(?:\s*(?:,|and)\s*"
    + _ACTOR_NAME
    + r")*)"
)
_RELATIVE_DENIAL = re.compile(
    r"(?P<c>(?:allegations?|accusations?|claims?|charges?|reports?|accounts?))\s+(?:that\s+)?"
    r"(?P<a>"
    + _ACTOR_NAME
    + r"|the\s+[a-z]+)\s+(?:has\s+|have\s+)?(?P<v>denies|deny|denied|rejects|reject|"
    r"rejected|disputes|dispute|disputed)\b"
)


def denials_by_pattern(text: str) -> list[Claim]:
    """Denials the parse misses: the passive ("… has been denied by Addis Ababa and Asmara") and
    the relative clause ("allegations the RSF denies")."""
    out: list[Claim] = []
    for pat in (_PASSIVE_DENIAL, _RELATIVE_DENIAL):
        for m in pat.finditer(text):
            actor = re.sub(r"^the\s+", "", m.group("a"), flags=re.I).strip()
            c0, c1 = m.span("c")
            stance = "disputes" if m.group("v").startswith("disput") else "denies"
            content = text[c0:c1].strip(" ,")
            c0 = c0 + text[c0:c1].find(content)
            out.append(Claim(c0, c0 + len(content), actor, stance, content, m.group("v"), None))
    return out


# What a speaker says when denying the harm itself, in any wording of these shapes: no one was
# hurt ("there were no civilian casualties", "жертв нет", "мирні жителі не постраждали"), or
# the dead were not civilians but fighters, and the reverse ("were not guerrillas, but
# civilians"), which disputes the other side's account.
_HARM_DENIED = re.compile(
    r"\bno\s+(?:civilian\s+|other\s+)?(?:casualties|deaths|victims|fatalities|injuries)\b|"
    r"\b(?:no|not a single|none of the)\s+(?:civilians?|residents?|people|one)\b[^.;]{0,30}?"
    r"\b(?:was|were|been)\s+(?:killed|hurt|harmed|injured|wounded)\b|"
    r"(?<!\w)(?:жертв|погибших|пострадавших|загиблих|постраждалих|потерпілих)\s+(?:нет|немає|"
    r"не было|не було)(?!\w)|(?<!\w)обо(?:шлось|йшлося)\s+без\s+жертв|"
    r"(?<!\w)(?:мирные жители|мирні жителі|цивільні|гражданские)\s+не\s+(?:пострадали|"
    r"постраждали)",
    re.I,
)
_NOT_WHO_THEY_SAID = re.compile(
    r"\b(?:were|was)\s+not\s+(?:guerrillas|militants|fighters|terrorists|combatants|rebels|"
    r"insurgents|soldiers|civilians)\b|(?<!\w)(?:были|були)\s+не\s+(?:боевиками|бойовиками|"
    r"военными|військовими|мирными|мирними)",
    re.I,
)


def harm_denied(quote: str) -> str | None:
    """The stance of a quote that denies the harm ("denies") or who was harmed ("disputes")."""
    if _HARM_DENIED.search(quote):
        return "denies"
    if _NOT_WHO_THEY_SAID.search(quote):
        return "disputes"
    return None


# Feelings a body states about what happened: "is appalled and deeply shocked by the reported
# killing of 460 people". Not claims, but whoever feels them gave the figure they are about.
FEELINGS = {
    "shock", "horrify", "appal", "appall", "sadden", "alarm", "outrage", "dismay", "distress",
    "disturb", "devastate", "grieve", "concern", "trouble", "sicken", "stun", "anger", "horrified",
    "appalled", "shocked", "saddened", "alarmed", "outraged", "dismayed", "distressed",
    "disturbed", "devastated", "concerned", "troubled", "sickened", "stunned", "angered",
}  # fmt: skip


def reactions_in_doc(doc: Any, offset: int, resolve: Any) -> list[Claim]:
    """What a subject says it is shocked (appalled, saddened …) by or at, as a `Claim` with
    stance "reacts": the span is the cause ("by the reported killing of 460 people")."""
    out: list[Claim] = []
    for tok in doc:
        if tok.lemma_.lower() not in FEELINGS and tok.text.lower() not in FEELINGS:
            continue
        if tok.pos_ not in ("VERB", "ADJ"):
            continue
        causes = [
            c
            for c in tok.children
            if c.dep_ in ("agent", "prep") and c.text.lower() in ("by", "at", "over", "about")
        ]
        if not causes:
            continue
        head, hops = tok, 0
        subj = [c for c in head.children if c.dep_ in ("nsubj", "nsubjpass")]
        while not subj and head.dep_ == "conj" and hops < 3:
            head = head.head
            subj = [c for c in head.children if c.dep_ in ("nsubj", "nsubjpass")]
            hops += 1
        if not subj:
            continue
        s, e = subject_span(subj[0])
        actor = resolve(text_of(doc)[s:e], s + offset, e + offset)
        if not actor:
            continue
        c0 = min(_subtree_span(c)[0] for c in causes)
        c1 = max(_subtree_span(c)[1] for c in causes)
        content = text_of(doc)[c0:c1]
        out.append(Claim(c0 + offset, c1 + offset, actor, "reacts", content, tok.text.lower()))
    return out
