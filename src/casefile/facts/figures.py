"""Casualty figures in English: how many, of whom, what happened to them, says who, how sure.

Rules over the sentence text, not a model: the shapes of casualty figures in reports are few
("at least 410 people were killed", "the death toll rose to 52", "hundreds of bodies",
"between 20 and 30 civilians", "killing 12") and a rule that misses is easy to see and fix.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from casefile.facts.numbers import VAGUE, Quantity, parse_int
from casefile.facts.patterns import heads_lookahead

_NUMWORD = (
    r"(?:(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|"
    r"fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|"
    r"eighty|ninety|hundred|thousand|a dozen|dozen)(?:[- ](?:and[- ])?(?=\w)(?:one|two|three|"
    r"four|five|six|seven|eight|nine|hundred|thousand|million|twenty|thirty|forty|fifty|sixty|"
    r"seventy|eighty|ninety|dozen))*)"
)
_NUM = (
    r"(?:\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?\s+(?:million|thousand)|(?:a|one)\s+million|\d+|"
    + _NUMWORD
    + r")"
)
_QUAL = (
    r"(?P<qual>at least|no fewer than|not less than|more than|over|upwards of|in excess of|"
    r"nearly|almost|about|around|approximately|roughly|some|an estimated|estimated|up to|"
    r"as many as|fewer than|less than|at most|close to)"
)
_VAGUE = (
    r"(?P<vague>tens of thousands|hundreds of thousands|dozens|scores|hundreds|thousands|millions|"
    # "several hundred women and children": hundreds, not one hundred
    r"(?:several|a few) (?:hundred|thousand))"
)
# A count opens with a digit or with the first two letters of "between", a qualifier, a number
# word or a vague count ("a dozen", "a million" with a space): the lookahead fails at once at
# most word starts, where the alternatives would be tried one by one (case-insensitive ones are
# not skipped by their first letter). tests/facts/test_speed_paths_2.py holds it to the pattern
# without it.
_COUNT_OPENS = r"(?=\d|a\s|[abcdefhilmnorstu][bcehilnoprstuvw])"
QUANTITY = re.compile(
    r"(?<![\w.,])"
    + _COUNT_OPENS
    + r"(?:between\s+(?P<lo>"
    + _NUM
    + r")\s+and\s+(?P<hi>"
    + _NUM
    + r")"
    r"|(?P<lo2>\d+)\s*(?:-|–|to)\s*(?P<hi2>\d+)(?=\s+[a-z])"
    r"|(?:" + _QUAL + r"\s+)?(?P<num>" + _NUM + r")"
    r"|" + _VAGUE + r")(?![\w%])",
    re.I,
)

WHO = (
    r"(?:people|persons|civilians|children|kids|women|men|residents|inhabitants|villagers|"
    r"bodies|prisoners(?: of war)?|POWs|soldiers|troops|servicemen|servicemembers|fighters|"
    r"victims|Ukrainians|Palestinians|Israelis|Sudanese|Syrians|Tigrayans|Rohingya|Yemenis|"
    r"Gazans|Russians|detainees|journalists|medics|doctors|workers|teenagers|babies|infants|"
    r"passengers|family members|elderly people|pensioners|minors|adults|patients|police officers|"
    r"officers|volunteers|rescuers|firefighters|students|cases|comrades|colleagues|relatives|"
    r"neighbou?rs|defenders|marines|sailors|crew members|miners|employees|staff|guards|"
    r"hostages|captives|evacuees|refugees|martyrs|citizens|nationals|locals|farmers|herders|"
    r"migrants|asylum seekers|growers|peasants|gang members|"
    # peoples counted by their name: "As many as 80 Yazidis have reportedly been killed"
    r"Yazidis|Tutsis|Hutus|Kurds|Iraqis|Afghans|Pakistanis|Somalis|Nigerians|Lebanese|Druze|"
    r"Bedouins|Christians|Muslims|Alawites|Shiites|Sunnis|Hazaras|Uyghurs|Amharas|Oromos|"
    r"Eritreans|Ethiopians|Congolese|Malians|Haitians|Kashmiris|Armenians|Chechens|Bosniaks|"
    r"traders|worshipp?ers|pilgrims|fishermen|shoppers|mourners|protesters|demonstrators|"
    r"bystanders|pedestrians|motorists|drivers|teachers|nurses|girls|boys|teens|juveniles|"
    r"youths|females|males|"
    r"inmates|guests|tourists|spectators|customers|parishioners|congregants|churchgoers|"
    r"attendees|participants|visitors|commuters|diners|revellers|partygoers|schoolchildren|"
    r"pupils|recruits|cadets|peacekeepers|contractors|individuals|rioters|looters|suspects|"
    # "13 police sustained injuries", "At least 300 arrests were made"
    r"police(?=\s+(?:sustained|were|was|had|have|suffered)\b)|arrests|"
    # "three members of the security forces had been killed"
    r"members(?=\s+of\s+(?:the\s+|a\s+|his\s+|her\s+|their\s+|[A-Z][\w-]+['’]s\s+)?"
    r"(?:[\w-]+\s+)?(?:security forces|police|armed forces|army|military|delegation|"
    r"crew|team|staff)\b)|"
    r"policemen|policewomen|personnel|gendarmes|militiamen|guardsmen|"
    r"of them|of those|of these|others|more)"
)
# The counted noun may be put in quotes as the source's word: 70 "martyrs".
_WHO_AFTER = re.compile(
    r"^(?:\s+of)?(?:\s+(?:the|those|its|their|whom))?(?:\s+(?!were\b|was\b|have\b|had\b)"
    # (not past another count: "three dead and nine others injured" are two tolls)
    r"(?!(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|"
    r"forty|fifty|sixty|seventy|eighty|ninety|hundreds?|dozens?)\b)"
    # ("Two 17-year-old boys were injured")
    r"(?:[a-z][\w-]*|\d{1,2}-year-old)){0,3}?\s+[\"“‘']?(?P<who>" + WHO + r")\b[\"”’']?",
    re.I,
)
# Counted nouns that say what happened to them: martyrs are dead, whatever verb follows.
_WHO_CATEGORY = {
    "martyrs": "killed",
    "hostages": "detained",
    "captives": "detained",
    "arrests": "detained",
}
# The partitive constructions before a count that is a part of a toll given with it or before.
_PARTITIVE = re.compile(
    r"\b(?:(?P<among>among (?:the |those )?(?:dead|killed|victims|injured|wounded)"
    r"(?:\s+(?:were|are|was|is))?|(?:the )?(?:dead|victims) (?:included|include))|"
    r"among (?:them|whom)(?:\s+(?:were|are|was|is))?|including|of (?:them|whom|those))"
    r"\s+(?:at least\s+)?$",
    re.I,
)

# "shot at" is fired upon ("was shot at by officers"), not "shot at the drive-thru", "shot at
# about 11 p.m."
_NOT_SHOT_AT = (
    r"(?!(?<=shot)\s+at\b(?!\s+(?:a|an|the|about|around|approximately|least|\d)\b|\s+(?-i:[A-Z])))"
)
# "rushed to a South Side hospital", "airlifted to the hospital"
_HOSPITAL = (
    r"(?:rushed|taken|transported|airlifted|flown|sent) to (?:a |the )?(?:[\w'’-]+ ){0,3}hospitals?"
)
# "An 11-year-old boy is in the hospital" (not there for an illness)
_IN_HOSPITAL = r"in (?:the |a )?hospital(?!\s+(?:for|with)\s+(?:an?\s+)?(?:illness|treatment of))"
# "A man is in critical condition", "is expected to survive": hurt, by the condition reported
_CONDITION = (
    r"(?:in (?:critical|serious|stable|fair|grave|guarded|extremely critical) condition|"
    r"expected to survive)"
)
# Right after the verb that says it of the one counted ("is in the hospital", not "doctors in
# the hospital")
_AFTER_BE = (
    r"(?<=\bis )|(?<=\bare )|(?<=\bwas )|(?<=\bwere )|(?<=\bremain )|(?<=\bremains )|"
    r"(?<=\bremained )|(?<=\bstill )"
)
CATEGORIES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("exhumed", re.compile(r"\bexhum\w*", re.I)),
    ("buried", re.compile(r"\b(buried|burials?|mass graves?|graves)\b", re.I)),
    (
        "injured",
        re.compile(
            r"(?<!fatally )\b(injur\w*|wound\w*|hurt|hospitali[sz]ed|taken for treatment|grazed|"
            r"(?:"
            + _AFTER_BE
            + r")"
            + _IN_HOSPITAL
            + r"|"
            + _HOSPITAL
            + r"|treated for|(?:undergoing|receiving) (?:medical )?treatment|"
            # (the condition also alone, as a pattern took it)
            r"(?:" + _AFTER_BE + r"|(?<=\blisted )|^)" + _CONDITION + r"|"
            # "5 people shot" (not "shot dead", "shot and killed", "shot at")
            r"shot(?!\s+(?:dead|and killed|to death)\b)"
            + _NOT_SHOT_AT
            + r"|stabbed(?!\s+to death)|"
            # "Seven people … were hit", "were hit by gunfire" (not "when it was hit by a Russian
            # air strike", "were hit by a car")
            r"(?<=were )hit(?=\s*[,.;]|\s*$|\s+(?:by (?:gunfire|bullets?|stray bullets?|"
            r"shrapnel|shots)|in the)\b))\b",
            re.I,
        ),
    ),
    ("missing", re.compile(r"\b(missing|unaccounted for|disappeared|whereabouts unknown)\b", re.I)),
    (
        "detained",
        re.compile(
            r"\b(detain\w*|detention|captur\w*|abduct\w*|kidnap\w*|"
            r"taken (?:prisoner|captive|hostage)|held (?:captive|hostage|prisoner)|"
            r"held in (?:\w+ ){0,2}(?:basements?|cellars?|captivity|filtration\w*|prisons?|"
            r"jails?|camps?|detention)|locked (?:up|in)|"
            r"imprison\w*|arrest\w*|captives?|in captivity|(?:in|into) (?:police )?custody|"
            # "A Shreveport man is behind bars", "another teen is in jail"
            # (the harm alone, as a pattern took it, starts with "in jail")
            r"behind bars|(?:(?<=\bis )|(?<=\bare )|^)in jail)\b",
            re.I,
        ),
    ),
    (
        "deported",
        re.compile(
            r"\b(deport\w*|forcibly (?:transferred|removed|taken)|taken to Russia|"
            r"removed to Russia|transferred to Russia)\b",
            re.I,
        ),
    ),
    (
        "displaced",
        re.compile(
            r"\b(displaced|fled|flee\w*|refugees|evacuat\w*|forced from their homes|homeless|"
            r"(?:told|ordered|forced) to (?:leave|flee))\b",
            re.I,
        ),
    ),
    (
        "killed",
        re.compile(
            # (not "killers": those who kill)
            r"\b(kill(?!ers?\b)\w*|dead|died|die|deaths?|death toll|lost their lives|murder\w*|"
            r"fatally \w+|shot to death|stabbed to death|"
            r"execut\w*|"
            r"slain|massacred|perished|fatalit\w*|bodies|corpses|shot dead|lives|beheaded|"
            r"decapitated|gunned down|mowed down|slaughtered|gunning down|mowing down|"
            r"slaughtering|massacring)\b",
            re.I,
        ),
    ),
)
_VERB_BEFORE = re.compile(
    r"\b(killing|killed|kills|kill|injuring|injured|wounding|wounded|injures|wounds|detaining|"
    r"detained|deporting|deported|abducting|abducted|exhuming|exhumed|burying|buried|"
    r"displacing|displaced|capturing|captured|executing|executed|murdering|murdered|"
    # "gunned down 10 civilians and wounded two others": the verb before the count says it
    r"gunning down|gunned down|mowing down|mowed down|slaughtering|slaughtered|massacring|"
    r"massacred|"
    # "Deputies arrested a man", "shot 5 people", "stabbed a woman"
    r"arrested|arresting|shot|stabbed|stabbing|grazed|grazing|"
    # "opened fire outside a nightclub, striking five people"
    r"striking|hitting)\s+"
    r"(?:a total of\s+|another\s+|an additional\s+)?$",
    re.I,
)
_TOLL = re.compile(
    r"\b(?:(?P<kind>death|casualty|civilian)\s+)?(?:toll|(?<=death )count(?=\s+of))\b"
    r"[^.;]{0,160}?\b(?:at|to|of|reached|"
    r"is|was|stands at|stood at|hit|had been|has been|"
    # "The final death toll is believed to be between 115 and 120"
    r"(?:believed|estimated|thought|said|expected|feared) to be(?:\s+between)?)\s+$",
    re.I,
)
# "put the number of fatalities at 93", "the number of wounded rose to 40"
_NUMBER_OF = re.compile(
    # ("the figure for civilian deaths was previously given as 26")
    r"\b(?:(?:number|count|tally)\s+of|figure\s+for)\s+(?:[a-z]+\s+)?"
    # "the number of military personnel and civilians killed in clashes exceeded 200"
    r"(?:[a-z]+\s+(?:and\s+[a-z]+\s+)?(?=killed|wounded|injured|dead|missing))?"
    r"(?P<what>dead|deaths|fatalities|people killed|killed|"
    r"victims|wounded|injured|injuries|casualties|missing)\b[^.;]{0,100}?\b(?:at|to|reached|"
    r"(?:given|put|reported)\s+as|"
    r"stands at|stood at|is|was|(?P<over>exceeded|exceeds|surpassed|surpasses|topped|tops|"
    r"passed|(?:is|was|stood at|stands at|reached) (?:over|more than)))\s+$",
    re.I,
)
_NUMBER_OF_CATEGORY = {"wounded": "injured", "injured": "injured", "injuries": "injured",
                       "casualties": "casualties", "missing": "missing"}  # fmt: skip
_NON_CASUALTY_AFTER = re.compile(
    r"^\s*(?:%|per ?cent|percent|km|kilomet|miles?|metres?|meters?|m\b|tonnes?|tons?|kg|"
    r"years?|months?|weeks?|days?|hours?|minutes?|a\.m|p\.m|am\b|pm\b|GMT|UTC|missiles?|"
    r"drones?|rockets?|shells?|bombs?|tanks?|buildings?|homes?|houses?|apartments?|times|"
    r"dollars|euros|hryvnias?|roubles?|rubles?|miles|storey|-year|-storey|st\b|nd\b|rd\b|th\b)",
    re.I,
)
_NOTE_WORDS = (
    r"likely to (?:rise|grow|increase)|expected to (?:rise|grow|increase)|could (?:rise|grow|be "
    r"higher)|may (?:rise|grow|be higher)|will (?:likely )?rise|preliminary|provisional|"
    r"unconfirmed|not (?:yet )?(?:been )?(?:independently )?(?:verified|confirmed)|could not be "
    r"(?:independently )?verified|far higher|much higher|still rising|as of \w+|is rising"
)
_NOTES = re.compile(r"\b" + heads_lookahead(_NOTE_WORDS) + "(" + _NOTE_WORDS + r")\b", re.I)
_UNQUANTIFIED = re.compile(
    r"\b(?:a|an)\s+(?P<how>significant|large|unknown|unspecified|growing|considerable|"
    r"substantial|untold|undisclosed)\s+number\s+of\s+(?P<who>" + WHO + r")",
    re.I,
)


# One person named by a singular noun: "killed a security guard", "a woman was injured",
# "A teenager is dead", "Another fourteen year-old was arrested".
_ONE_WHO = (
    r"(?:person|man|woman|child|boy|girl|civilian|guard|worker|soldier|serviceman|resident|"
    r"driver|volunteer|medic|doctor|nurse|journalist|teenager|teen|baby|infant|toddler|juvenile|"
    r"policeman|police officer|firefighter|rescuer|pensioner|passer-by|bystander|pedestrian|"
    r"motorist|farmer|priest|teacher|ranger|officer|deputy|trooper|official|student|pilgrim|"
    r"shepherd|fisherman|trader|shopkeeper|clerk|customer|employee|worshipp?er|villager|monk|"
    r"nun|imam|paramedic|victim|suspect|gunman|shooter|male|female|father|mother|son|"
    r"daughter|brother|sister|husband|wife|grandmother|grandfather|uncle|aunt|nephew|niece|"
    r"cousin|boyfriend|girlfriend|neighbou?r|friend|paratrooper|marine|sailor|airman|bailiff|"
    r"cashier|bartender|bouncer|homeowner|tenant|roommate|classmate|grandson|granddaughter|"
    r"stepson|stepdaughter|stepfather|detective|investigator|sergeant|lieutenant|corporal|"
    r"constable|"
    # an age standing for the person: "a 17-year-old", "Another fourteen year-old", "a
    # 49-year-old man"
    r"(?:\d{1,2}|[a-z]+(?:-[a-z]+)?)[- ](?:year|month|week|day)[- ]old"
    # ("a 13-year-old Pollok boy": a place's name between)
    r"(?:\s+(?-i:(?:[A-Z][a-z]+\s+){0,2})(?:man|woman|boy|girl|male|female|teen|teenager|child|"
    r"person|son|daughter))?)"
)
_SKIP = r"(?:(?!was\b|is\b|has\b|and\b)[a-z0-9][\w-]*\s+){0,2}?"
_SINGULAR = re.compile(
    # (or opening a headline or sentence without an article: "Man arrested for …")
    # ("the", "his", "her" only after the verb: "Deputies arrested the 15-year-old boy",
    # "shot his 13-year-old brother")
    r"(?:\b(?:a|an|one|another|(?P<the>the|his|her|their))\s+|^)"
    + _SKIP
    + r"(?P<who>"
    + _ONE_WHO
    + r")\b",
    re.I,
)
_SINGULAR_HARM = (
    r"(fatally\s+(?:shot|wounded|injured|stabbed)|shot dead|shot and killed|"
    r"(?:shot|stabbed|beaten) to death|gunned down|killed|injured|"
    r"wounded|hurt|detained|abducted|deported|missing|executed|dead|arrested|"
    r"taken into custody|(?<=\bis )behind bars|(?<=\bis )in jail|shot|stabbed|"
    + _CONDITION
    + r"|"
    + _HOSPITAL
    + r"|hospitali[sz]ed|"
    + _IN_HOSPITAL
    + r")"
)
# Two people, each named in the singular: "A 13-month-old boy and 20-year-old man were both
# shot", "a man and a woman were injured".
# ("the man and woman were shot": the two the report has been telling of)
_TWO_SINGULAR = re.compile(
    r"\b(?:a|an|one|the)\s+"
    + _SKIP
    + _ONE_WHO
    + r"\s+and\s+(?:(?:a|an|another|his|her|their|the)\s+)?"
    + _SKIP
    + _ONE_WHO
    + r"\s+(?:were|have been|had been|are|got)\s+"
    r"(?:(?:both|also|reportedly|critically|seriously)\s+)*" + _SINGULAR_HARM + r"\b"
    # "The shootout injured a 5-year-old boy and a 20-year-old woman"
    r"|\b(killed|injured|wounded|injuring|wounding|killing|shot|shooting)\s+(?:a|an)\s+"
    + _SKIP
    + _ONE_WHO
    + r"\s+and\s+(?:a|an|another|his|her|their)\s+"
    + _SKIP
    + _ONE_WHO
    + r"\b",
    re.I,
)
# "One person was fatally shot and another injured": a second one, harmed otherwise
# One person and a count of others harmed together: "A man and 3 women were shot"
_ONE_AND_MORE = re.compile(
    r"\b(?:a|an|one)\s+(?:[\w-]+\s+)?(?:man|woman|boy|girl|teen|teenager|child|person)\s+and\s+"
    r"(?P<n>\d{1,3}|two|three|four|five|six|seven|eight|nine|ten)\s+(?:[\w-]+\s+)?"
    r"(?:men|women|boys|girls|teens|teenagers|children|people|others)\s+"
    r"(?:were|have been|had been|are)\s+(?:\w+ly\s+)?(?P<h>shot|killed|injured|wounded|hurt)\b",
    re.I,
)
# … or the count first: "Two men and a woman were shot"
_MORE_AND_ONE = re.compile(
    r"\b(?P<n>\d{1,3}|two|three|four|five|six|seven|eight|nine|ten)\s+(?:[\w-]+\s+)?"
    r"(?:men|women|boys|girls|teens|teenagers|children|people)\s+and\s+(?:a|an|one)\s+"
    r"(?:[\w-]+\s+)?(?:man|woman|boy|girl|teen|teenager|child|person)\s+"
    r"(?:were|have been|had been|are)\s+(?:\w+ly\s+)?(?P<h>shot|killed|injured|wounded|hurt)\b",
    re.I,
)
_AND_ANOTHER = re.compile(
    r"\b(?:and|while)\s+(?:another|a second)(?:\s+(?:person|one|man|woman|victim))?\s+"
    r"(?:was\s+)?(injured|wounded|hurt)\b",
    re.I,
)
# One person named by name at the sentence's start: "Woods, a District Heights resident, was
# pronounced dead at the scene, police said", "Joanne Woods, 49, was shot".
_NAMED_ONE = re.compile(
    # (after a time: "Around 9 p.m. Saturday, Eian was fatally shot")
    r"^(?:(?:Around|About|At|On|Early|Late|Shortly after|Just after|Just before)\s+[^,]{2,40},\s+)?"
    r"(?P<who>(?!(?:He|She|It|They|We|Police|Officers|Authorities|Deputies|Detectives|People|"
    r"Many|Some|Several|Others|Residents|Civilians|Children|Women|Men|Victims|Most|Everyone|"
    r"Investigators|Troopers|Agents|Medics|Paramedics|Officials|Witnesses|The|This|That|"
    r"One|Both|All|Two|Three)\b)[A-Z][a-z'’-]+(?:\s+[A-Z]\.)?(?:\s+[A-Z][a-z'’-]+){0,2})"
    # (an aside: "Joanne Woods, 49,", "Maria Romero, Luis Eduardo's ex-wife,")
    r"(?:,\s+(?:\d{1,2}|(?:an?|the|his|her)\s+[^,]{2,60}|(?:[A-Z][\w'’-]+\s+){0,2}[A-Z][\w-]*['’]s"
    r"\s+[^,]{2,40}),)?"
    # ("Avontra Treon Moore, 22, of Lake Placid, was arrested")
    r"(?:\s+of\s+(?:[A-Z][\w'’.-]*\s+){0,2}[A-Z][\w'’.-]*,)?"
    r"\s+(?:(?:was|has been|had been|is)\s+"
    r"(?:later\s+|also\s+|critically\s+|seriously\s+|found\s+|pronounced\s+)?"
    + _SINGULAR_HARM
    + r"\b"
    + _NOT_SHOT_AT
    + "|"
    # "Stacy died of at least one gunshot wound"
    r"(?:later\s+|has\s+|had\s+)?(died)\b(?!\s+(?:in|on)\s+(?:19|20)\d\d\b))"
)
_SINGULAR_AFTER = re.compile(
    # ("Another victim – 14-year-old Trinity Hairston – was taken to the hospital", "One
    # suspect, a 21-year-old man, was identified and arrested")
    r"^(?:\s+[–—]\s+[^–—.;]{1,60}?\s+[–—]|,\s+(?:an?|the)\s+[^,.;]{2,50},)?"
    r"(?:\s+[\w-]+){0,4}?\s+(?:was|is|got|(?:has|had)\s+(?:also\s+|since\s+)?been)\s+"
    # ('a male victim was "accidentally" shot')
    r"(?:[\"“]?(?:also|later|reportedly|found|pronounced|critically|seriously|accidentally|"
    r"listed|still)[\"”]?\s+)?"
    # "was identified and arrested"
    r"(?:(?:identified|located|found|stopped|caught)\s+and\s+)?"
    + _SINGULAR_HARM
    + r"\b"
    + _NOT_SHOT_AT
    + "|"
    # "leaving one ranger dead", "left one person dead Sunday morning"
    r"^\s+(dead|injured|wounded)(?=\s+and\b|\s*[,.;]|\s+(?:on\s+)?[A-Z][a-z]+day\b|$)|"
    # "A teenage boy fatally shot Monday afternoon …", "one person died", "Man arrested for …"
    # (not "a man shot his neighbour", "a woman killed her husband")
    r"^\s+(fatally\s+(?:shot|wounded|stabbed)|shot dead|shot and killed|(?:shot|stabbed) to "
    r"death|died|killed|injured|wounded|hurt|arrested|detained)\b"
    r"(?!\s+(?:a|an|the|his|her|their|him|them|himself|herself|one|two|three|\d+)\b)|"
    # "Teen shot, calls for help behind home", "Man shot in face on porch", "a man shot by
    # police" (not "a man shot his neighbour", "a man shot at officers")
    r"^\s+(shot)(?=\s*[,;:]|\s+(?:in|on|by|while|after|during|near|outside|inside|overnight|"
    r"early|late|multiple|several|twice|once|\w+day)\b)|"
    # "A man has died after …"; "a 10-year-old boy accidentally shot himself"
    r"^(?:\s+[\w-]+){0,3}?\s+(?:has|had)\s+(died)\b|"
    r"^(?:\s+[\w-]+){0,2}?\s+((?:fatally\s+)?shot|stabbed|wounded)\s+(?:himself|herself)\b",
    re.I,
)


# People counted as held ("held around 170 detainees", "housed 170 prisoners") are a toll of
# the detained only when a verb says they were detained in the incident.
_AMONG_AFTER = re.compile(
    r"^(?:\s+(?:of|from)\s+[^,.;]{1,40}?)?\s+(?:were|are|was|is)\s+(?:also\s+)?among\s+(?:those|the)\s+"
    r"(?:killed|dead|victims|injured|wounded|people killed)\b",
    re.I,
)
_HELD_WHO = frozenset({"detainees", "prisoners", "inmates"})
_DETAINED_VERB = re.compile(
    r"\b(?:detained|arrested|abducted|captured|kidnapped|seized|rounded up|detaining|arresting|"
    r"abducting|capturing|kidnapping|taken (?:prisoner|captive|hostage))\b",
    re.I,
)


def _says_detained(sentence: str) -> bool:
    """Whether the sentence says people were detained (a verb), not only held or counted."""
    return bool(_DETAINED_VERB.search(sentence))


_AN_ARREST = re.compile(
    r"\b(?:made|make|makes|announced|announce) an arrest\b|^arrest (?:made )?in\b", re.I
)
# One person held, told by a pronoun or a name: "He was taken into custody at his home",
# "Police arrived and took Mendoza into custody", "police have a suspect in custody", "one of
# the passengers … turned himself in to police".
_ONE_HELD = re.compile(
    r"^(?:He|She)\s+(?:was|has been|had been|is)\s+(?:later\s+|also\s+|then\s+|"
    r"subsequently\s+|eventually\s+)?(?:arrested|taken into custody|booked into|jailed|"
    r"in custody|behind bars)\b|"
    r"\b(?:took|taken|take|takes)\s+(?:him|her|(?-i:[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+)?)|"
    # "Officers took one person into custody"
    r"(?:a|one)\s+(?:[\w-]+\s+)?(?:suspect|man|woman|teen|teenager|juvenile|person|boy|girl))\s+"
    r"into\s+(?:police\s+)?custody\b|"
    r"\b(?:have|has|had)\s+(?:a|one)\s+(?:[a-z-]+\s+)?(?:suspect|man|woman|teen|teenager|"
    r"juvenile|person|boy|girl)\s+in\s+custody\b|"
    r"\b(?:turned|turns|has turned)\s+(?:himself|herself)\s+in\b",
)
# One person harmed, told by a pronoun after the verb, by a name after an age, or as "the one
# who was shot": "killed him with a single gunshot", "fatally shot himself", "14-year-old Destin
# Wallace died", "The 4-year-old girl who was shot … has died from her injuries".
_ONE_TOLD_OTHERWISE = re.compile(
    r"\b(?P<v>shot and killed|fatally (?:shot|stabbed|wounded)|killed|killing|murdered|"
    r"murdering|(?:stabbed|shot|beaten|beat) to death)\s+(?:him|her|himself|herself)\b|"
    r"\b(?P<self>(?:accidentally\s+)?(?:shot|shooting|wounded|wounding))\s+(?:himself|herself)\b|"
    # "Police believe William Zweck shot 18-year-old Kodi Pruner"
    r"\b(?P<aged>(?:fatally\s+)?(?:shot|stabbed|wounded|injured|killed))\s+(?:an?\s+)?\d{1,2}-year-old"
    r"\s+(?-i:[A-Z][a-z'’-]+\s+[A-Z])|"
    r"\b(?P<life>took|taken|taking) (?:his|her) own life\b|"
    r"\b\d{1,2}-year-old\s+(?-i:(?:[A-Z][\w'’.-]+\s+){1,3})(?:(?:was|has been|had been|is)\s+"
    r"(?:later\s+|also\s+|critically\s+|seriously\s+)?(?P<h>" + _SINGULAR_HARM + r")|"
    r"(?:has\s+|had\s+|later\s+)?(?P<d>died))\b|"
    r"^The\s+(?:[\w-]+\s+){0,3}?(?:" + _ONE_WHO + r")\s+(?:who|that)\s+was\s+"
    r"(?:shot|stabbed|wounded|injured)\b[^.;]{0,120}?\s+(?:has|had)\s+(?P<later>died)\b",
    re.I,
)
# The Nth one harmed makes a toll of N: "an 8th teen was injured", "A fourth victim has died"
_ORDINALS = {
    "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8,
    "ninth": 9, "tenth": 10,
}  # fmt: skip
_NTH_ONE = re.compile(
    r"\b(?:a|an|the)\s+(?P<n>" + "|".join(_ORDINALS) + r"|1?\d(?:st|nd|rd|th))\s+"
    r"(?:person|victim|man|woman|teen|teenager|boy|girl|child|officer|student)\s+"
    r"(?:(?:was|has|had|is)\s+(?:been\s+)?(?:also\s+)?)?(?P<w>killed|died|dead|injured|wounded|"
    r"shot|hurt)\b"
    # (not a year's count: "the 45th person killed in the city this year")
    r"(?![^.;]*\b(?:this year|so far|of the year|in (?:19|20)\d\d)\b)",
    re.I,
)
# "Six people were shot, one fatally": of those shot, the ones killed
_SOME_FATALLY = re.compile(
    r"\b(?:shot|stabbed|wounded|injured|hit)\b[^.;]{0,60}?,\s+(?P<n>one|two|three|four|five|\d{1,2})"
    r"\s+(?:of them\s+)?fatally\b",
    re.I,
)
_ANOTHER_TIME = re.compile(
    r"\b(?:in|since|during)\s+(?:19|20)\d\d\b|\b(?:previously|unrelated|prior)\b", re.I
)
_DEATH_OF = re.compile(r"\b(?:death|killing|murder|shooting death) of\s+$", re.I)
_ARREST_OF = re.compile(r"\b(?:arrest|capture|detention) of\s+$", re.I)


@dataclass
class Figure:
    start: int
    end: int
    quantity: Quantity
    who: str
    category: str
    note: str | None = None
    source: str | None = None


def _category_of_harm(words: str) -> str | None:
    """The category of the words a pattern took as the harm ("shot dead", "in the hospital")."""
    if re.match(_IN_HOSPITAL, words, re.I):
        return "injured"  # ("is in the hospital": the verb before is not in the words)
    return next((c for c, p in CATEGORIES if p.search(words)), None)


def quantity_of(m: re.Match[str]) -> Quantity | None:
    if m.group("vague"):
        vague = m.group("vague").lower()
        if vague.startswith(("several ", "a few ")):
            vague = vague.split()[-1] + "s"
        lo, hi = VAGUE[vague]
        return Quantity(None, lo, hi, vague)
    if m.group("lo") or m.group("lo2"):
        a = parse_int(m.group("lo") or m.group("lo2"))
        b = parse_int(m.group("hi") or m.group("hi2"))
        scale = re.search(r"\s(thousand|million)$", m.group("hi") or "", re.I)
        if a is not None and scale and not re.search(r"thousand|million", m.group("lo") or ""):
            # "between five and ten thousand": the thousand counts for both
            a *= 1000 if scale.group(1).lower() == "thousand" else 1_000_000
        if a is None or b is None or b < a:
            return None
        return Quantity(None, a, b, "range")
    n = parse_int(m.group("num"))
    if n is None:
        return None
    qual = (m.group("qual") or "").lower()
    if qual in ("at least", "no fewer than", "not less than"):
        return Quantity(n, n, None, "at least")
    if qual in ("more than", "over", "upwards of", "in excess of"):
        return Quantity(n, n + 1, None, "more than")
    if qual in ("up to", "as many as", "at most"):
        return Quantity(n, None, n, "up to")
    if qual in ("fewer than", "less than"):
        return Quantity(n, None, n - 1, "fewer than")
    if qual in ("nearly", "almost", "close to"):
        return Quantity(n, None, n, "nearly")
    if qual:
        return Quantity(n, None, None, "approximately")
    return Quantity(n, n, n, "exact")


def _category_near(sentence: str, start: int, end: int, who: str) -> str | None:
    """The category word closest after the counted noun in its clause, else just before it.
    Hostages and captives are held, whatever verb comes near them ("took 250 hostages and
    killed 1,200 people"); martyrs are dead ("70 'martyrs' reached hospitals")."""
    if who.lower() in _WHO_CATEGORY:
        # "killing 20 hostages", "All 20 hostages killed": hostages who died are dead
        killed = dict(CATEGORIES)["killed"]
        verb = _VERB_BEFORE.search(sentence[max(0, start - 40) : start])
        if (verb and killed.fullmatch(verb.group(1))) or re.match(
            r"\s+(?:were\s+|was\s+)?(?:killed|dead|executed|slain)\b", sentence[end:]
        ):
            return "killed"
        if re.match(
            r"\s+(?:(?:still\s+)?(?:remain|remained|are|were)\s+(?:still\s+)?)?"
            r"(?:unaccounted for|missing)\b",
            sentence[end:],
        ):
            return "missing"  # "as many as 20 hostages remain unaccounted for"
        return _WHO_CATEGORY[who.lower()]
    # "About 10 injured people", "five wounded civilians": the word between says it (not
    # "dead": "440 dead civilians were exhumed" are exhumed)
    if dict(CATEGORIES)["injured"].search(sentence[start:end]):
        return "injured"
    after = sentence[end:]
    if re.search(r"\bsent\s+(?:at least\s+)?$", sentence[max(0, start - 20) : start], re.I) and (
        re.match(r"\s+to\s+(?:[\w'’-]+\s+){0,3}?hospitals?\b", after, re.I)
    ):
        return "injured"  # "A fatal shooting sent five people to area hospitals"
    adjacent = _VERB_BEFORE.search(sentence[max(0, start - 40) : start])
    if adjacent and adjacent.group(1).lower() in ("striking", "hitting"):
        return "injured"  # (a word of harm only before the people it struck)
    if adjacent:
        for cat, pat in CATEGORIES:
            if pat.fullmatch(adjacent.group(1)):
                return cat
    # "12 civilians, including three children, were killed": the aside has its own count, and
    # the verb after it applies to both.
    after = re.sub(
        r"^,\s*(?:including|among them|among whom|of whom|mostly|many of them)[^,]*,|"
        # the aside's closing comma left out: "Six people, including one policeman were killed"
        r"^,\s*(?:including|among them)\s+[^,.;]{2,60}?(?=\s+(?:were|was|have been|had been)\s)|"
        # "Two men wanted in connection with the shooting death of … are now in custody"
        r"^\s+(?:wanted|sought)\s+(?:for questioning\s+)?in connection with\s+[^,.;]{1,80}?"
        r"(?=\s+(?:are|were|is|was|have|has)\s)|"
        # who they were: "Three others, two males and a female between 15 and 20 years old,
        # were injured"
        r"^,\s*(?:a|an|one|two|three|four|five|six|both|\d{1,2})\s+(?:[\w-]+\s+)?"
        r"(?:males?|females?|m[ae]n|wom[ae]n|boys?|girls?|adults?|teens?|teenagers?|juveniles?)"
        r"\b[^,.;]{0,80}?,|"
        # "986 people -- 558 of them children -- died": an aside between dashes
        r"^\s*(?:--|—|–)\s*[^-—–.;]{1,80}?\s*(?:--|—|–)|"
        # their ages: "Two teens, ages 16 and 17, were shot", "Seven people, ranging in age
        # from 17 to 27, were hit", "Two men, 19 and 20, were wounded"
        r"^,\s*(?:(?:ages?|aged|ranging in age from|between the ages of)\s+)?\d{1,2}"
        r"(?:\s*(?:,|and|to|-|–)\s*\d{1,2})+\s*,|"
        # … or without commas: "Three men between the ages of 18 and 23 … received injuries"
        r"^\s+(?:ages?|aged|ranging in age from|between the ages of)\s+\d{1,2}"
        r"(?:\s*(?:,|and|to|-|–)\s*\d{1,2})+",
        lambda m: " " * len(m.group(0)),
        after,
        flags=re.I,
    )
    clause_end = re.search(r"[;:]|,\s*(?:while|but|however|and|as)\b|\.\s", after)
    window_after = after[: clause_end.start() if clause_end else len(after)][:120]
    # Stop at the next number: it has its own category words.
    nxt = QUANTITY.search(window_after)
    if nxt and nxt.start() > 0:
        window_after = window_after[: nxt.start()]
    found: list[tuple[int, str]] = []
    for cat, pat in CATEGORIES:
        m = pat.search(window_after)
        if m and not (cat == "killed" and m.group(0).lower() in ("bodies", "corpses", "lives")):
            found.append((m.start(), cat))
    if found:
        return min(found)[1]
    before = sentence[max(0, start - 60) : start]
    if re.search(r"\bshootings?\s+of\s+$", before, re.I):
        return "injured"  # "arrested in the shooting of 15 people": the 15 were shot
    before_hits: list[tuple[int, str]] = []
    for cat, pat in CATEGORIES:
        for m in pat.finditer(before):
            if cat == "killed" and m.group(0).lower() in ("bodies", "corpses", "lives"):
                continue
            if m.group(0).lower().endswith("treatment"):
                continue  # "36 of them are undergoing treatment … and three persons": theirs
            before_hits.append((m.end(), cat))
    if before_hits:
        return max(before_hits)[1]
    if re.search(r"\b(?:bodies|remains|corpses)\s+of\s+(?:the\s+)?$", before, re.I):
        return "killed"
    if who.lower() in ("bodies", "corpses"):
        for cat in ("exhumed", "buried"):
            pat = dict(CATEGORIES)[cat]
            if pat.search(sentence):
                return cat
        return "killed"
    return None


_AND_NEXT = re.compile(r"\s*(?:,\s*(?:and\s+)?|and\s+)(?=\S)")


def _coordinated_category(sentence: str, end: int) -> str | None:
    """The category of the count joined to this one by "and": "134 men and 73 women … were
    killed", where the verb after the second says what befell both."""
    joined = _AND_NEXT.match(sentence, end)
    if joined is None:
        return None
    nxt = QUANTITY.match(sentence, joined.end())
    who = _WHO_AFTER.match(sentence[nxt.end() :]) if nxt else None
    if nxt is None:
        return None
    if who is None:
        # "147 students and four militants were killed": whoever the second count counts
        # ("eight officers and 14 gunmen have been killed")
        other = re.match(r"\s+(?:[a-z]+\s+)?[a-z]{3,}(?:s|men)\b", sentence[nxt.end() :])
        if other is None:
            return None
        return _category_near(sentence, nxt.start(), nxt.end() + other.end(), "people")
    return _category_near(sentence, nxt.start(), nxt.end() + who.end(), who.group("who"))


# Between two items of one list: words, commas, and "and" before the last.
_LIST_GOES_ON = re.compile(r"[^.;:!?\d]*?(?:,|\band|\bі|\bй|\bта|\bи)\s+", re.I)


def figures_in_sentence(sentence: str, offset: int) -> list[Figure]:
    out: list[Figure] = []
    for m in QUANTITY.finditer(sentence):
        q = quantity_of(m)
        if q is None:
            continue
        tail = sentence[m.end() :]
        if _NON_CASUALTY_AFTER.match(tail):
            continue
        head = sentence[max(0, m.start() - 12) : m.start()]
        if re.search(r"(?:\d[:.]|aged\s|age\s|No\.\s|#)$", head, re.I):
            continue
        if q.count is not None and 1900 <= q.count <= 2100 and q.qualifier == "exact":
            continue  # a year
        who_m = _WHO_AFTER.match(tail)
        if (
            who_m
            and who_m.group("who").lower() in ("more", "others")
            and re.search(r"\band\b", tail[: who_m.start("who")])
        ):
            who_m = None  # "190 confirmed dead and more than 1,240 injured": a second count
        toll = _TOLL.search(sentence[max(0, m.start() - 200) : m.start()])
        direct = re.match(
            r"^\s*(?:(?:were|was|have been|had been|are|being|who were|remain|remained|are still|"
            r"were still|still)\s+)?"
            # "79 were confirmed as injured"
            r"(?:(?:confirmed|reported|reportedly|listed|said to be|believed to be)\s+(?:as\s+)?)?"
            # "At least 25 were left dead"
            r"(?:left\s+(?=dead|injured|wounded))?"
            # ("Five shot in West Baltimore")
            r"(killed|dead|died|deaths|fatalities|injured|injuries|wounded|missing|detained|"
            r"shot"
            + _NOT_SHOT_AT
            + r"|deported|displaced|exhumed|buried|arrested|abducted|kidnapped|hospitali[sz]ed|"
            r"taken (?:to (?:the )?hospital|for treatment))\b",
            tail,
            re.I,
        )
        verb_before = _VERB_BEFORE.search(sentence[max(0, m.start() - 40) : m.start()])
        if verb_before and verb_before.group(1).lower() in ("striking", "hitting") and not who_m:
            verb_before = None  # "hitting 90 mph": only people counted after it were struck
        number_of = (
            None if toll else _NUMBER_OF.search(sentence[max(0, m.start() - 120) : m.start()])
        )
        counted_other = re.match(
            r"\s+(?!(?:was|has|this|thus|plus|across|unless|always|perhaps|less|its|as)\b)"
            r"(?P<n>[a-z]{3,}s)\b",
            tail,
        )
        if (
            (toll or number_of)
            and not who_m
            and counted_other
            and not any(p.fullmatch(counted_other.group("n")) for _, p in CATEGORIES)
            and counted_other.group("n").lower() != "casualties"
        ):
            # "the death toll in Friday's attacks at two mosques": the count is of something
            # else, after a preposition the toll's pattern takes for its own
            toll = number_of = None
        if who_m:
            who = who_m.group("who")
            end = m.end() + who_m.end()
        elif toll or number_of or direct or verb_before:
            who = "people"
            end = m.end()
        else:
            continue
        if who.lower() in ("of them", "of those", "of these", "others", "more"):
            who = "people"
        if toll:
            kind = (toll.group("kind") or "death").lower()
            category = "killed" if kind in ("death", "civilian") else "casualties"
        elif number_of:
            # "the number of victims … rose to 53 migrants": the toll says what befell them
            category = _NUMBER_OF_CATEGORY.get(number_of.group("what").lower(), "killed")
            if number_of.group("over") and q.qualifier == "exact" and q.count is not None:
                q = Quantity(q.count, q.count + 1, None, "more than")  # "exceeded 200"
        else:
            category = _category_near(sentence, m.start(), end, who) or ""
        if not category and who_m:
            category = _coordinated_category(sentence, end) or ""
        if not category:
            continue
        if category == "displaced" and who.lower() == "suspects":
            continue  # "Three suspects fled the scene": escaped, not displaced
        if category == "detained" and who.lower() in _HELD_WHO and not _says_detained(sentence):
            continue  # "the centre held around 170 detainees": people held, not a toll
        if category == "detained" and re.search(
            r"\b(?:rescued|freed|released|saved|evacuated)\s+(?:all\s+)?$",
            sentence[max(0, m.start() - 30) : m.start()],
            re.I,
        ):
            continue  # "troops rescued 14 hostages": freed, not taken
        out.append(Figure(m.start() + offset, end + offset, q, who.lower(), category))
    for tm in _TWO_SINGULAR.finditer(sentence):
        if any(f.start - offset <= tm.start() < f.end - offset for f in out):
            continue
        harm = tm.group(1) or tm.group(2)
        two_category = _category_of_harm(harm)
        if two_category:
            two = Quantity(2, 2, 2, "exact")
            out.append(Figure(tm.start() + offset, tm.end() + offset, two, "people", two_category))
    nm = _NAMED_ONE.match(sentence)
    if nm and not any(f.start - offset <= nm.end() and nm.start() < f.end - offset for f in out):
        harm = nm.group(2) or nm.group(3)
        named_category = _category_of_harm(harm)
        if named_category:
            one = Quantity(1, 1, 1, "exact")
            out.append(
                Figure(nm.start() + offset, nm.end() + offset, one, "person", named_category)
            )
    for sm in _SINGULAR.finditer(sentence):
        if any(f.start - offset <= sm.start() < f.end - offset for f in out):
            continue
        verb = _VERB_BEFORE.search(sentence[max(0, sm.start() - 40) : sm.start()])
        after = None if sm.group("the") else _SINGULAR_AFTER.match(sentence[sm.end() :])
        word: str | None = None
        if not sm.group("the") and _DEATH_OF.search(sentence[: sm.start()]):
            word = "killed"  # "The death of a 49-year-old man who was shot in the head"
        elif not sm.group("the") and _ARREST_OF.search(sentence[: sm.start()]):
            word = "arrested"  # "announced the arrest of a teen in connection with …"
        elif verb:
            word = verb.group(1)
        elif after:
            word = next(filter(None, after.groups()), None)
        if word is None:
            continue
        s_category = _category_of_harm(word)
        if s_category:
            out.append(
                Figure(
                    sm.start() + offset,
                    sm.end() + offset,
                    Quantity(1, 1, 1, "exact"),
                    sm.group("who").lower(),
                    s_category,
                )
            )
    for hm in _ONE_HELD.finditer(sentence):
        if _ANOTHER_TIME.search(sentence):
            break  # "She was arrested in 2009 for theft": a record, not this incident
        if not any(f.category == "detained" for f in out):
            one = Quantity(1, 1, 1, "exact")
            out.append(Figure(hm.start() + offset, hm.end() + offset, one, "person", "detained"))
    for om in _ONE_TOLD_OTHERWISE.finditer(sentence):
        word = (
            om.group("h")
            or om.group("self")
            or om.group("aged")
            or (
                "killed"
                if om.group("v") or om.group("life") or om.group("d") or om.group("later")
                else None
            )
        )
        o_category = next((c for c, p in CATEGORIES if word and p.search(word)), None)
        if o_category is None and word and re.match(r"(?:accidentally\s+)?shot", word):
            o_category = "injured"
        if o_category is None or any(f.category == o_category for f in out):
            continue  # (the one the sentence already counts: "A boy accidentally shot himself")
        one = Quantity(1, 1, 1, "exact")
        out.append(Figure(om.start() + offset, om.end() + offset, one, "person", o_category))
    for om in (*_ONE_AND_MORE.finditer(sentence), *_MORE_AND_ONE.finditer(sentence)):
        more = parse_int(om.group("n"))
        om_category = _category_of_harm(om.group("h"))
        counted = [f for f in out if f.start - offset == om.start("n")]
        if more is None or om_category is None or not counted:
            continue
        # "A man and 3 women were shot": four; the three are a part of them
        counted[0].note = "sub-count"
        both = Quantity(more + 1, more + 1, more + 1, "exact")
        out.append(Figure(om.start() + offset, om.end() + offset, both, "people", om_category))
    for am in _AND_ANOTHER.finditer(sentence):
        if any(f.category == "killed" and f.end - offset <= am.start() for f in out) and not any(
            f.category == "injured" for f in out
        ):
            one = Quantity(1, 1, 1, "exact")
            out.append(Figure(am.start() + offset, am.end() + offset, one, "person", "injured"))
    for nth in _NTH_ONE.finditer(sentence):
        word = nth.group("n").lower()
        nth_count = _ORDINALS.get(word) or int(word[:-2])
        nth_category = _category_of_harm(nth.group("w"))
        # (the one "an 8th teen" names is the eighth, not a toll of one)
        out = [
            f
            for f in out
            if not (f.category == nth_category and nth.start() <= f.start - offset < nth.end())
        ]
        if nth_category and not any(f.category == nth_category for f in out):
            q = Quantity(nth_count, nth_count, nth_count, "exact")
            out.append(Figure(nth.start() + offset, nth.end() + offset, q, "people", nth_category))
    for fm in _SOME_FATALLY.finditer(sentence):
        fatal = parse_int(fm.group("n"))
        # ("two of them fatally" is no second count of the wounded)
        out = [
            f for f in out if not (f.start == fm.start("n") + offset and f.category == "injured")
        ]
        if fatal and not any(f.category == "killed" for f in out):
            q = Quantity(fatal, fatal, fatal, "exact")
            out.append(Figure(fm.start("n") + offset, fm.end() + offset, q, "people", "killed"))
    for am in _AN_ARREST.finditer(sentence):
        # "Police have made an arrest in the death of …", "Arrest in deadly quadruple shooting"
        if not any(f.category == "detained" for f in out):
            one = Quantity(1, 1, 1, "exact")
            out.append(Figure(am.start() + offset, am.end() + offset, one, "person", "detained"))
    for u in _UNQUANTIFIED.finditer(sentence):
        if any(f.start - offset <= u.start() < f.end - offset for f in out):
            continue
        u_category = _category_near(sentence, u.start(), u.end(), u.group("who"))
        if u_category:
            out.append(
                Figure(
                    u.start() + offset,
                    u.end() + offset,
                    Quantity(None, None, None, "unquantified"),
                    u.group("who").lower(),
                    u_category,
                )
            )
    out.sort(key=lambda f: f.start)
    for k, f in enumerate(out):
        # "Among the dead were three soldiers", "12 killed, including five children": a part
        # of a toll; "132 casualties, including 31 deaths" is a toll of its own kind
        pm = _PARTITIVE.search(sentence[max(0, f.start - offset - 50) : f.start - offset])
        if pm and (pm.group("among") or any(g.category == f.category for g in out[:k])):
            f.note = "sub-count"
        elif _AMONG_AFTER.match(sentence[f.end - offset : f.end - offset + 80]):
            # "12 members of a single family were among those killed"
            f.note = "sub-count"
        elif k and out[k - 1].note == "sub-count" and out[k - 1].category == f.category:
            # "Among the wounded were 17 troops, two police, two coast guard and 90
            # civilians": the list goes on
            between = sentence[out[k - 1].end - offset : f.start - offset]
            if len(between) <= 80 and _LIST_GOES_ON.fullmatch(between):
                f.note = "sub-count"
    notes = list(_NOTES.finditer(sentence))
    for n in notes:
        # A status note ("that number is likely to rise") belongs to the last counted figure
        # before it.
        pos = n.start() + offset
        before = [f for f in out if f.start < pos and f.quantity.qualifier != "unquantified"]
        target = before[-1] if before else (out[0] if out else None)
        if target is not None and target.note is None:
            target.note = n.group(0)
    return out


# The one the report has been telling of, harmed: "The 17-year-old was shot in the lower right
# leg", "The victim remains in critical condition at a local hospital", "The man was pronounced
# dead at the scene".
_THE_ONE_HARMED = re.compile(
    r"\s*(?:[A-Z][\w ,'’]{0,60}?\b(?:said|say|says)\s+)?[Tt]he\s+(?:[\w-]+\s+){0,2}?(?:"
    + _ONE_WHO
    + r")\s+(?:(?:was|is|remains|remained|has been|had been)\s+(?:also\s+|later\s+|"
    r"critically\s+|seriously\s+|still\s+|pronounced\s+)?(?P<h>shot|wounded|injured|"
    r"hospitali[sz]ed|stabbed|dead|killed|struck)\b"
    + _NOT_SHOT_AT
    + r"|(?:is|was|remains|remained)\s+(?:listed\s+)?(?:still\s+)?in\s+(?P<c>critical|serious|"
    r"stable|grave|fair|good)\s+condition\b|"
    # "The victim was transported to University of Maryland Shock Trauma Center … with
    # non-life threatening injuries" (not only "taken to the hospital": one of a toll told
    # elsewhere, or checked over)
    r"(?:is|was)\s+(?:taken|transported|rushed|airlifted|flown)\s+(?:to|by)\s+[^.;]{0,100}?"
    r"\bwith\s+(?:[\w-]+\s+){0,3}?(?P<t>injuries|wounds?)\b)"
)


def ones_told_of(
    text: str, sentences: list[tuple[int, int]], figures: list[Figure]
) -> list[Figure]:
    """A toll of 1 for the one a report tells of with "the" ("The victim remains in critical
    condition"), when the report counts no one else so (no one killed, for one shot): a report
    of one victim often never says "a man was shot", and one that does has counted them."""
    out: list[Figure] = []
    for s, e in sentences:
        m = _THE_ONE_HARMED.match(text, s, e)
        if m is None:
            continue
        word = "injured" if m.group("c") or m.group("t") else m.group("h")
        category = (
            "injured"
            if word == "struck"
            else next((c for c, p in CATEGORIES if p.search(word)), None)
        )
        if category not in ("killed", "injured"):
            continue
        # (one told of as shot after a report of one killed is that one: "A boy was fatally
        # shot … The 14-year-old was shot just after midnight")
        counted = ("killed", "injured") if category == "injured" else ("killed",)
        if any(f.category in counted for f in figures + out):
            continue
        one = Quantity(1, 1, 1, "exact")
        out.append(Figure(m.start(), m.end(), one, "person", category))
    return out
