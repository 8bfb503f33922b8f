"""Lines that sit inside article bodies but are not the article: adverts, appeals, prompts.

Each rule has a reason so the analyst can see why a line went (and put it back if we were wrong).
Whole lines are removed only when short or wholly a prompt: a long paragraph that merely
mentions a newsletter stays. The one exception is an appeal glued onto a paragraph on the same
line (``cut_appeals``): a donation or subscription sentence that ends (or starts) the line and
is addressed to the reader ("Support our journalism…", "Підтримайте нас…", "Подпишитесь на
нашу рассылку…") is cut from it, and the rest of the line stays.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_RULES: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "advertisement",
        re.compile(
            r"^\W*(advert|advertise?ment|ad|sponsored( content)?|story continues below"
            r"( advertisement)?|(article|story) continues (after|below)( (the )?advertisement)?|"
            r"реклама|рекламa|оголошення|партнерський матеріал|партнерский материал)\W*$",
            re.I,
        ),
    ),
    (
        "donation appeal",
        re.compile(
            r"\b(donat(e|ion|ing)|emergency appeal|support (our|independent) journalism|"
            r"become a (member|supporter|patron)|задонат|підтримайте (нас|редакцію)|"
            r"поддержите (нас|редакцию)|пожертв)",
            re.I,
        ),
    ),
    (
        # a short line that only points the reader at a cause to give to: "Допомогти
        # "Службі розшуку дітей" - тут", "Помочь фонду — здесь"
        "donation appeal",
        re.compile(
            r"^(допомогти|підтримати|помочь|поддержать|help|support)\b.{2,80}?"
            r"\s[—–-]\s*(тут|здесь|here|за посиланням|по ссылке)\W*$",
            re.I,
        ),
    ),
    (
        "newsletter prompt",
        re.compile(
            r"\b(newsletter|sign up (for|to)|subscribe (to|for|now|here)|subscribe\W*$|"
            r"get (our|the) (daily|weekly|latest) (briefing|news|updates)|"
            r"підпис(уйтесь|уйтеся|атися|уйся|уйсь)|підпишись|"
            r"подпис(ывайтесь|аться|ывайся)|подпишись|розсилк|рассылк|"
            # "Бажаєте дізнаватися головні новини Луцька та Волині першими?"
            r"^(бажаєте|хочете) (дізнаватися|дізнатися|знати) .{0,80}першими\?|"
            r"^(хотите) (узнавать|знать) .{0,80}первыми\?|"
            # "Самые важные новости — в нашем телеграм-канале «…»."
            r"(в|у) (нашем|нашому|нашем официальном|нашому офіційному) "
            r"(телеграм|telegram|тг|viber|вайбер)[- ]?(канал\w*)?)",
            re.I,
        ),
    ),
    (
        "click-through prompt",
        re.compile(
            r"\b(click here|tap here|read more\s*:|related\s*:|see also\s*:|watch\s*:|"
            r"follow us on|share this (article|story)|натисніть тут|читайте (також|також:)|"
            r"читайте также|нажмите здесь|дивіться також|смотрите также)",
            re.I,
        ),
    ),
)

# Lines that are wholly page furniture, whatever the reader is told: checked before the prompts.
# Each pattern must match the whole (short) line, so a paragraph that merely starts alike stays.
_FURNITURE: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        # markup the page's text kept: '<form action="/comment/reply/18619"', an empty menu
        "markup",
        re.compile(r"^<\/?[a-z]+[\s>].{0,200}$|^no menu items!?$", re.I),
    ),
    (
        "dateline",
        # "17-06-2025 13:00", "Posted: Updated:" (labels whose dates the page lost)
        re.compile(
            r"^\d{1,2}-\d{1,2}-\d{4},?\s+\d{1,2}:\d{2}$|^posted\s*[:,]\s*(updated\s*:?)?$|"
            # a reading time run into the date: "1 хв на прочитання25 Серпня 2022, 15:19"
            r"^\d{1,2}\s*(хв|хвилин\w*|мин|минут\w*|min)\.?\s*(на прочитання|чтения|read)"
            r"(?![^\W\d_]).{0,40}$",
            re.I,
        ),
    ),
    (
        "reader prompt",
        # "Слідкуйте за новинами в Telegram.", "Читайте нас на Google News.", "Recommended
        # Videos", "Share story", "Post new comment"
        re.compile(
            r"^(слідкуйте|стежте|следите) за (нашими )?новинами (в|у) \S+\.?$|"
            r"^(читайте|дивіться|смотрите) нас (в|у|на) (google news|telegram|телеграм\w*|"
            r"viber|facebook|youtube)\.?$|^recommended (videos|stories|articles)$|"
            r"^share (story|this)$|^post (a |new )?comment$|"
            # an audio player's and a weather widget's labels
            r"^listen to (this|the) (article|story)$|^прослухати (статтю|новину)$|"
            r"^прослушать (статью|новость)$|^погода на найближчий час$|^погода на ближайшее время$|"
            r"^[\w.-]{2,30}\s+[-–]\s+logo$|"
            # "Якщо ви помітили помилку, виділіть необхідний текст і натисніть Ctrl + Enter …"
            r"^(якщо ви помітили помилку|если вы (заметили|нашли) ошибку|if you (notice|spot|"
            r"find|see) an? (error|mistake|typo))\b.{0,200}$",
            re.I,
        ),
    ),
    (
        "credit",
        # a picture's licence or credit as a line of its own: "flickr photo shared by MONUSCO
        # under a Creative Commons ( BY-SA ) license", "[Map of Mali by CIA Fact Book/Public
        # Domain]", "Вводная картинка"
        re.compile(
            r"^.{0,120}\b(under an? creative commons|creative commons\s*\(?\s*by|"
            r"licensed under cc)\b.{0,60}$|"
            r"^\[[^\]]{3,150}(public domain|creative commons|cc by[\w-]*|wikimedia)[^\]]{0,20}\]$|"
            r"^(вводная картинка|вступна картинка|главное фото|головне фото)$",
            re.I,
        ),
    ),
    (
        "legal",
        # a feed's footer: "The post Mali: … appeared first on The Muslim News."
        re.compile(r"^the post .{3,250} appeared first on .{2,80}$", re.I),
    ),
    (
        "reader prompt",
        # "Новости от od-news.com в Telegram. Подписывайтесь на наш канал https://t.me/odnews"
        re.compile(
            r"^(новости|новини|news) (от|від|from) \S{3,40} (в|у|on) (telegram|телеграм\w*)\b"
            r".{0,120}$",
            re.I,
        ),
    ),
    (
        "reader prompt",
        # how to read a site blocked where its readers live: "Читать нас без VPN можно здесь:
        # bit.ly/…", "Здесь наш сайт доступен без VPN", "Read us without a VPN"
        re.compile(r"^.{0,60}\b(без vpn|without (a )?vpn)\b.{0,80}$", re.I),
    ),
    (
        "reader prompt",
        # "Follow AP’s coverage of Latin America … at https://apnews.com/hub/latin-america"
        re.compile(r"^follow (ap|reuters|afp|our|the)['’]?s? (coverage|live)\b.{0,200}$", re.I),
    ),
    (
        "dateline",
        # "ANI | Updated: Mar 17, 2019 03:33 IST", "26 декабря 2021 ( Просмотры 823 )"
        re.compile(
            r"^[A-Z]{2,8}\s*\|\s*(updated|published)\s*:.{4,40}$|"
            # "Posted at Nov 24 2009 02:19 PM | Updated as of Nov 24 2009 10:19 PM"
            r"^posted (at|on) .{4,40}\|\s*updated( as of| at| on)? .{4,40}$|"
            r"^.{4,40}\d{4}\s*\(\s*(просмотры|просмотров|перегляди|переглядів|views)\s*:?\s*\d+"
            r"\s*\)$|"
            # a view counter alone: "34242 ПЕРЕГЛЯДІВ", "Просмотров: 301", "1,204 views"
            r"^\d[\d\s,.]*\s*(переглядів|перегляди|переглядів|просмотров|просмотра|просмотры|"
            r"views|reads)$|^(просмотров|переглядів|перегляди|просмотры|views)\s*:?\s*\d[\d\s,.]*$|"
            # a date and the page's source: "Sun, 18 Dec 2022 Source: www.ghanaweb.com"
            r"^.{6,40}\d{4}\s+(source|джерело|источник)\s*:\s*(www\.)?[\w-]+(\.[\w-]+)+$",
            re.I,
        ),
    ),
    (
        "reader prompt",
        # a US station's page: "KDKA’s Brenda Waters Reports:", "Stay Up To Date, Follow KDKA
        # On Twitter", "Read or Share this story:", "10 On Your Side is working to learn more.",
        # "Stay with WAVY.com for updates …", "Related Coverage …", "Refresh this page for
        # updates as they become available."
        re.compile(
            r"^[\w.&-]{2,20}['’]s\s+[A-Z][\w'’-]+(\s+[A-Z][\w'’-]+){1,2}\s+reports:?$|"
            r"^(stay up to date,?\s+)?follow .{2,60} on (twitter|facebook|"
            r"instagram|x)\b.{0,60}$|^read or share this story\b.{0,200}$|"
            # a promise of updates: "We will update as we get more information.", "WLKY will
            # keep you updated …", "This story is still developing. Check back for updates."
            r"^(we will update|this (story|article) (is|will be) (still )?(developing|being "
            r"updated|updated)|this is a (developing|breaking) (story|news)|.{2,30} will keep "
            r"you updated|check back (later )?for updates|stay tuned)\b.{0,160}$|"
            r"^watch (mobile )?video$|^.{0,120}\bplaypause$|"
            # a teaser: "PREVIOUS: Reba's Bar and Grill neighbor: …"
            r"^(previous|watch|listen):\s.{0,200}$|"
            r"^.{0,60}\bis working to (learn|find out|get) more\b.{0,200}$|"
            r"^stay with .{2,40} for (updates|the latest|more)\b.{0,120}$|"
            r"^related (coverage|content|stories|links|articles)\b.{0,200}$|"
            r"^refresh (this|the) page for (updates|the latest)\b.{0,80}$|"
            # ">>> BACK TO TOP STORIES", "Text Size:"
            r"^[>»\s]*back to (top|top stories)\W*$|^text size\s*:?$|"
            # the AP's exchange credit: "Information from: The (Panama City, Fla.) News Herald"
            r"^information from:\s.{3,100}$",
            re.I,
        ),
    ),
    (
        "reader prompt",
        # a US news site's teasers and contact lines (its video player: `_VIDEO_PLAYER`):
        # "► Related: …", "Buy Photo …", "Contact Tresa Baldas: …", "Lynh Bui
        # contributed to this report.", "-Staff writers …", "For more neighborhood news, listen
        # to …", a playlist's "2:35 Remembering Officer …"
        re.compile(
            r"^[►▶]\s*\S.{0,200}$|"
            r"^buy photo\b.{0,300}$|"
            # (a reporter by name, not a tip line: "Contact Crime Stoppers at …" is the report)
            r"^([—–-]\s*)?contact (?!(police|crime|the|sheriff|detectives|authorities|"
            r"investigators)\b)[A-Z][\w.'’-]+( [A-Z][\w.'’-]+){1,2}\s*(:|at\b).{0,300}$|"
            # "Contact the writer: 714-796-7767 …", "Click or tap to watch the interview with …",
            # "Follow @adawsonwrites.", "Find him on Twitter: @…"
            r"^contact the (writer|reporter|author)\b.{0,200}$|"
            r"^(click|tap)( or (click|tap))?( here)? to (watch|see|view|listen)\b.{0,120}$|"
            r"^follow @\w{2,30}\W{0,3}$|^find (him|her|them|us) on (twitter|facebook)\b.{0,60}$|"
            # a station's promise to tell more: "WIAT has a crew on the scene and will update
            # as we get more information."
            r"^.{2,40}\b(has|have) (a )?(crew|crews|reporter|team)s? (on|at|headed to|heading "
            r"to|at) (the )?scene\b.{0,120}$|"
            # a site's forms and notices: "Report an Error or Submit a Tip to NBC12", "Please
            # enable Javascript to watch this video", a captcha's "You must enter the
            # characters …", an e-mail form's "Message: * A friend wanted you to see this item"
            r"^report an error\b.{0,80}$|^please enable javascript\b.{0,80}$|"
            r"^you must enter the characters\b.{0,120}$|"
            r"^message:\s*\*?\s*a friend wanted you to see\b.{0,160}$|"
            r"^.{3,100}\bcontributed (reporting|to this (report|story|article))\.?$|"
            # a caption a site closes with its gallery button
            r"^.{20,400}\bview full caption$|"
            r"^[-–—]\s*(staff writers?|associated press writers?)\b.{0,200}$|"
            r"^for more [\w -]{3,40}, (listen|visit|go|click|follow|sign up|subscribe)\b.{0,100}$|"
            r"^\d{1,2}:\d{2}\s+(?!a\.?m\b|p\.?m\b)[^\s.].{3,90}(?<![.!?])$",
            re.I,
        ),
    ),
    (
        "reader prompt",
        # a US station's promise of more, and its site's notices: "Stay with News Channel 25 for
        # new information …", "FOX19 NOW will continue to follow this breaking story …", "Tune
        # in tonight at 10 & 11 for the latest.", "Please refresh this WAVE3.com page for
        # updates …", "Keep up-to-date with the latest news in …", "See a typo? Report it here"
        re.compile(
            r"^stay with .{2,50}?\s(for|as)\s.{2,120}$|"
            r"^.{2,40}\swill continue to (follow|update|bring you|monitor|cover)\b.{0,120}$|"
            r"^tune in (tonight|today|tomorrow|at|to)\b.{0,120}$|"
            r"^(please )?refresh (this|the) (\S+ )?page for (updates|the latest|more)\b.{0,120}$|"
            r"^for the latest (updates|news|information)\b.{0,120}\b(follow|visit|download|"
            r"watch|tune)\b.{0,80}$|"
            r"^keep up[- ]to[- ]date with\b.{0,160}$|"
            r"^read (more|the (complete|full) story) in (today|\w+day)['’]s .{2,60}$|"
            r"^read the (complete|full|rest of the) (story|article)\W{0,4}$|"
            r"^(breaking news alerts|subscription required|this slideshow requires javascript|"
            r"see a typo\?.{0,40}|having trouble viewing (the|this) video\?.{0,160})\W{0,3}$|"
            # a paywall's lines: "The story you’re reading is premium content from …", "Have an
            # online subscription? Login Now …", "Need an account? Create one now."
            r"^the (story|article) you['’]re reading is premium content\b.{0,100}$|"
            r"^subscribers get (total|full|unlimited) access\b.{0,160}$|"
            r"^(have|need) an? (online |print |digital )?(subscription|account)\?.{0,200}$|"
            r"^log ?in (screen name|with|now)\b.{0,200}$",
            re.I,
        ),
    ),
    (
        "reader prompt",
        # a site's widgets and account forms, as US news pages keep them: "Close", "Enlarge",
        # "A A", "Watch this story", "Scroll down for video", "Like this: Like Loading...",
        # "Thank you for registering!", "We have sent you a verification email …", "Your
        # notification has been saved.", "Already a subscriber?", "Welcome back. Please sign
        # in", ">>Download the WESH 2 News app …", "Get breaking news alerts …", "ON A MOBILE
        # DEVICE? WATCH THE VIDEO HERE."
        re.compile(
            r"^(close|enlarge|a a|watch this story|scroll down for video|total access|"
            r"news releases|why are we asking this\?|just one more thing\.*|"
            r"like this: like loading\.*|thank you for registering!?|"
            r"already (a subscriber|have an account|registered)\?.{0,80}|"
            r"welcome back\. please sign in\.?|you are the owner of this article\.?|"
            r"on a mobile device\? watch the video here\.?)$|"
            r"^we have sent (you )?a (verification|confirmation) (email|e-mail)\b.{0,300}$|"
            r"^if you do not receive the verification (message|email)\b.{0,300}$|"
            r"^(there was a problem saving|your notification has been saved|"
            r"email notifications are only sent)\b.{0,200}$|"
            r"^(get digital access|add a location to your tweets)\.?$|"
            r"^follow \S{3,40}:\s*(facebook|twitter)(\s*[|,]\s*(facebook|twitter|instagram))*$|"
            # a crime map's figure and a weather alert: "Crime incidents per 1,000 residents:
            # 2,345", "Lake Effect Snow Warning issued January 7 at 3:14PM EST …"
            r"^crime incidents per [\d,]+ residents\b.{0,40}$|"
            r"^.{3,40} (warning|watch|advisory) issued \w+ \d{1,2} at \d{1,2}:\d{2}.{0,200}$|"
            r"^(click on the button below to set up your account|by submitting your registration "
            r"information|we look forward to seeing you)\b.{0,300}$|"
            r"^(close )?get email notifications on .{2,60} daily!?$|"
            r"^whenever .{2,60} posts new content, you['’]ll get an email\b.{0,200}$|"
            r"^\d{1,3} of \d{1,3} premium clicks used this month$|"
            r"^sorry, this zip ?code is not in our deliverable area\b.{0,100}$|"
            r"^enjoy the convenience of home delivery\b.{0,200}$|"
            r"^when you tweet with a location, twitter stores that location\b.{0,300}$|"
            r"^[>»\s]*download the .{2,40} app\b.{0,120}$|"
            r"^get breaking news alerts\b.{0,160}$|"
            r"^refresh \S+ and our app\b.{0,160}$",
            re.I,
        ),
    ),
    (
        "dateline",
        # an update's time over its paragraph: "10:15 a.m.", "Saturday 9:40 a.m. UPDATE",
        # "UPDATE (4:15 p.m. 6/19/2016)", "UPDATE @ 3:30 p.m.:", "Created: 6/4/2016 7:25 PM
        # KSTP.com"
        re.compile(
            r"^((monday|tuesday|wednesday|thursday|friday|saturday|sunday)\s+)?\d{1,2}:\d{2}\s*"
            r"(a\.?m\.?|p\.?m\.?)\s*(update)?\s*:?$|"
            r"^update\s*(@|\()?\s*\d{1,2}:\d{2}\s*(a\.?m\.?|p\.?m\.?)[^()]{0,20}\)?\s*:?$|"
            r"^created\s*:\s*\d{1,2}/\d{1,2}/\d{2,4}\s+\d{1,2}:\d{2}\s*(am|pm)?\s*\S{0,30}$",
            re.I,
        ),
    ),
    (
        "credit",
        # a US paper's credits: "Contributing: Alia E. Dastagir in Mclean; The Associated Press",
        # "Staff Writer Mark Hicks contributed.", "Call Star reporter Michael Anthony Adams at
        # (317) …", "— Frank Warner" (the writer's sign-off), "ALEX GALLARDO/REUTERS", "Mark
        # Rightmire,/AP"
        re.compile(
            r"^contributing\s*:\s.{3,200}$|"
            r"^(?:(?:staff|special|associated press) (?:writers?|reporters?|correspondents?)\s+)?"
            r"(?-i:[A-Z][\w.'’-]+(?:\s+[A-Z][\w.'’-]+){1,3})"
            r"(?:\s+and\s+(?-i:[A-Z][\w.'’-]+(?:\s+[A-Z][\w.'’-]+){1,3}))?\s+contributed\.?$|"
            r"^call (\w+ )?(reporter|writer|columnist|correspondent) (?-i:[A-Z]).{3,150}$|"
            r"^[—–]\s*(?-i:[A-Z][\w.'’-]+(\s+[A-Z][\w.'’-]+){1,2})$|"
            r"^(?-i:[A-Z][\w.'’-]+(\s+[A-Z][\w.'’-]+){0,3}),?\s*/\s*"
            r"(?-i:AP|AFP|REUTERS|Reuters|EPA|Getty Images|GETTY IMAGES)$",
            re.I,
        ),
    ),
    (
        "correction",
        # "This story has been corrected to show that the bodies were found Wednesday night …"
        re.compile(
            r"^(this|an earlier version of this|a previous version of this) (story|article|report)"
            r" (has been |was )?(corrected|clarified|misstated|incorrectly (stated|reported|"
            r"said|identified|gave))\b.{0,200}$",
            re.I,
        ),
    ),
    (
        "dateline",
        # "by: Nicole Carr Updated: Jun 23, 2016 - 1:21 PM", "by: Zach Crenshaw, Scott Madaus
        # Updated: …"
        re.compile(
            r"^by:?\s+[A-Z][\w'’.-]+(\s+[A-Z][\w'’.-]+){1,2}((,\s*|\s+and\s+)[A-Z][\w'’.-]+"
            r"(\s+[A-Z][\w'’.-]+){1,2})*\s+(updated|posted|published)\s*:\s.{4,40}$",
            re.I,
        ),
    ),
    (
        # a server's error left in the page: "[an error occurred while processing this directive]"
        "page error",
        re.compile(r"^\[an error occurred while processing this directive\]$", re.I),
    ),
    (
        "navigation",
        # a menu of sections run on one line, every word a capitalised section name ("Війна
        # Новини Політика Фінанси Метео Спорт"); a Cyrillic sentence is not written so
        re.compile(r"^(?-i:[А-ЯЁІЇЄҐ][а-яёіїєґ'’]+\s+){4,}(?-i:[А-ЯЁІЇЄҐ][а-яёіїєґ'’]+)$"),
    ),
    (
        "dateline",
        # a date and time with the writer after a slash: "7-12-2025, 17:14 / Автор: Лілія Тунська"
        re.compile(
            r"^\d{1,2}[-./]\d{1,2}[-./]\d{2,4},?\s*\d{1,2}:\d{2}\s*[/|•·]\s*"
            r"(автор|author|by)\s*:?\s*.{2,60}$",
            re.I,
        ),
    ),
    (
        "navigation",
        # "Related Topics:", "More on Kazakhstan": labels over links to other stories
        re.compile(
            r"^(related topics|more on(?-i:\s+[A-Z][\w'’-]+){1,3}|більше на тему|больше по теме|"
            r"from around the web|more top news|змінити мову|сменить язык|change language|"
            r"(останні|головні|последние|главные) новини(\s+[^\s:]+){0,2}|"
            r"(последние|главные) новости(\s+[^\s:]+){0,2}|"
            r"дата публікації|дата публикации|попередня новина|наступна новина|"
            r"предыдущая новость|следующая новость|previous (story|article)|next (story|article)|"
            r"читайте більше новин( по темі)?|читайте больше новостей( по теме)?|"
            r"[←<]\s*(назад до новин|назад к новостям|back to news)|автор\s*[-–—]|"
            r"коментар[iі]|комментари[иi])\s*:?$",
            re.I,
        ),
    ),
    (
        "navigation",
        # a breadcrumb of two sections: "В мире / Другие страны", "News / World"
        re.compile(
            r"^(?-i:[A-ZА-ЯЁІЇЄҐ])[^\W\d]*(\s[^\W\d]+){0,2}\s/\s"
            r"(?-i:[A-ZА-ЯЁІЇЄҐ])[^\W\d]*(\s[^\W\d]+){0,2}$"
        ),
    ),
    (
        "site mark",
        # a slash or bar alone, a view counter in thousands ("1.1т", "2,3K")
        # (and a counter after a bullet: "• 511")
        re.compile(r"^[/|\\•·]$|^\d{1,3}([.,]\d)?\s*(т|тис|тыс|k|к)\.?$|^[•·]\s*\d{1,6}$", re.I),
    ),
    (
        "credit",
        # "Фото - © Медиасток.рф", "Скриншот. Telegram Юрія Малашко", "Автор:Редакция news.by"
        re.compile(
            r"^(фото|photo|foto)\s*[-–—:]?\s*©.{1,60}$|"
            r"^(скриншот|скріншот|screenshot)\s*[.:]?\s+[^.!?]{2,80}$|"
            r"^(автор|author)\s*:\s*\S.{1,50}$",
            re.I,
        ),
    ),
    (
        "navigation",
        # "Читать новость полностью на сайте "BFM.RU"", "Powered by automated translation",
        # "14°C": a widget's weather
        re.compile(
            r"^(читать (новость |статью )?полностью( на сайте)?|читати (новину |статтю )?повністю"
            r"( на сайті)?|читать в полной версии|читати в повній версії|"
            r"read the full (story|article)( on)?|powered by)\b.{0,60}$|"
            r"^[+-]?\d{1,2}\s*[°º]\s*[CF]?$|"
            # a widget's forecast: "Cloudy. Low around 40F. Winds SW at 15 to 25 mph."
            r"^.{0,60}\b(low|high)s? (around|near|of|in the (low|mid|upper)) -?\d{1,3}s?\s?°?F\b"
            r".{0,120}$",
            re.I,
        ),
    ),
    (
        "prompt",
        # "Больше актуальных новостей … смотрите в телеграм канале ОСН."
        re.compile(
            r"^(больше|більше|еще больше|ще більше)\b.{0,80}\b(смотрите|читайте|дивіться|"
            r"читайте|шукайте|ищите)\b.{0,40}\b(телеграм|telegram|канал|каналі|канале)\b.{0,40}$",
            re.I,
        ),
    ),
    (
        "dateline",
        # a date and time with the outlet after a dash: "4 сентября 2024, 03:19 — Служба новостей"
        re.compile(
            r"^\d{1,2}\s+[а-яёіїєґa-z]{3,9}\s+\d{4},?\s+\d{1,2}:\d{2}\s*[—–-]\s*.{2,60}$",
            re.I,
        ),
    ),
    (
        "navigation",
        # the skip links at a page's top, numbered or not: "1. Перейти к содержанию", "Skip to
        # main menu", "3. К другим проектам DW"
        re.compile(
            r"^(\d{1,2}\.\s*)?(skip to|jump to|go to (main )?(content|menu)|перейти к|перейти до|"
            r"к другим проектам|до інших проєктів|до інших проектів|to other projects)\b.{0,40}$",
            re.I,
        ),
    ),
    (
        "navigation",
        re.compile(
            r"^(news|новини|новости|politics|політика|политика|world|світ|мир|society|"
            r"суспільство|общество|incidents|происшествия|події|top news|топ новини|"
            r"топ новости|latest news|останні новини|последние новости|главное|головне|"
            r"details|деталі|подробности|хроника|хроніка|home|головна|главная|"
            r"доступність посилання|доступность ссылки|кнопка «?наверх»?|наверх|back to top|"
            r"fast news|breaking news|другие страны|інші країни|в мире|у світі|"
            r"all news|world news|все новости|(усі|всі) новини|новости мира|новини світу|"
            r"(все|усе|всё) по темі|(все|всё) по теме|новости партнеров|новини партнерів|"
            r"знакомства|знайомства|(мы|ми) (на|в|у) (facebook|telegram|соцсетях|соцмережах)|"
            r"we are on (facebook|telegram)|"
            r"continue reading( on\s*:.{0,80})?|читати далі|читать далее|read full article|"
            r"source: read full article|show more|показати більше|показать еще|search|read more|"
            r"завантажити|скачать|download( (the|our|white))? apps?|"
            r"читать на (русском|украинском)|читати (російською|українською)|"
            r"exclusive|эксклюзив|ексклюзив|know more|learn more|дізнатися більше|menu( explore)?|"
            r"skip to (main )?content|перейти до (основного )?(змісту|вмісту)|"
            r"перейти к (основному )?содержанию|війна|война|"
            r"узнать больше|"
            r"read in (english|ukrainian|russian)|"
            r"more from this (category|section)|"
            r"(this|цей|этот) (material|post|article|матеріал|материал|материал) (is )?(also )?"
            r"(available|також доступний|также доступен)\b.*)\W*$",
            re.I,
        ),
    ),
    (
        "related link",
        re.compile(
            r"^(read|also read|read also|read more|read story|see also|watch|listen|more|related|"
            r"читайте( також| также| тоже)?|читай (також|также)|читати також|дивіться( також)?|"
            r"смотрите( также)?|слухайте|слушайте|новости по теме|новини по темі|по теме|по темі|"
            r"plus)\s*:\s*\S.{2,200}$|"
            # "8/23/2016 Related Story: Tulsa Police Investigating …"
            r"^.{0,20}\brelated (story|stories|article|coverage|content|links?)\s*:.{0,200}$|"
            r"^(?-i:[A-Z][A-Z ]{2,40}):\s*https?://\S+$|"
            r"^(related|update|updated|other top stories|more top stories|top stories|"
            r"more stories|more headlines|original story|first report|previous story)\s*:?$",
            re.I,
        ),
    ),
    (
        "comments",
        re.compile(
            r"^(обсудить|обговорити|коментарі|комментарии|свежие комментарии|"
            r"(view|show|hide|read|see) (all )?comments|"
            r"коментарі відсутні|комментарии отсутствуют|комментариев (пока )?нет|"
            r"коментарів (поки )?(що )?немає|no comments|"
            r"останні коментарі|comments?|leave a (comment|reply)|add a comment|leave comments?|"
            r"this site uses akismet to reduce spam\.?|"
            r"залишити коментар|оставить комментарий|написать комментарий|"
            r"добавить комментарий|додати коментар|"
            r"залишити відповідь|залиште відповідь|оставить ответ|написати відповідь|"
            r"написать ответ|"
            # the comment form of a common news theme: "введіть свій коментар!", "введіть тут
            # своє ім'я", "Цей сайт використовує Akismet …"
            r"введіть (свій коментар|тут своє ім['’ʼ]я|тут свою (адресу|електронну)).{0,60}|"
            r"введите (свой комментарий|здесь свое имя|здесь свой (адрес|e-?mail)).{0,60}|"
            r"(цей сайт використовує|этот сайт использует) akismet.{0,100}|"
            r"comments join the conversation|join the conversation|"
            r"please enter your (comment|name|email)\b.*|"
            r"(comments?|коментар\w*|комментари\w*)\s*\(\d+\)[\s|]*|"
            r"\d+ (comments?|коментар\w*|комментари\w*)|"
            r"your email address will not be published\b.*|required fields are marked.*|"
            r"sorry, the comment form is closed\b.*|comments are closed\b.*|"
            r"ваша e-?mail адреса не (оприлюднюватиметься|буде опублікована)\b.*|"
            r"ваш (e-?mail|емейл|адрес( электронной почты)?) не (буде|будет) опублікован\w*.*|"
            r"ваш (e-?mail|адрес( электронной почты)?) не будет опубликован\w*.*|"
            r"ваш адрес e-?mail не будет опубликован\w*.*|"
            r"(обязательные поля помечены|обов['’]язкові поля позначені)\b.*|"
            # "Спасибі за Вашу активність, Ваше питання буде розглянуто модераторами …"
            r"(спасибі|дякуємо|спасибо) за вашу (активність|активность)\b.*)\W*$",
            re.I,
        ),
    ),
    (
        "share buttons",
        re.compile(
            r"^(share|share (this|the) (article|story|page)|share and enjoy|поділитися|поделиться|"
            r"поділитись|поділись|поделись|"
            r"поділіться (цією )?(статтею|новиною)|поделитесь|مشاركة|شارك|save articles?|save|"
            # "Share with friends: Facebook twitter"
            r"share with (friends|a friend)\s*:?(\s*(facebook|twitter|telegram|whatsapp|x|email))*|"
            r"(facebook|twitter|telegram|whatsapp|viber|x)( *[|·•,] *"
            r"(facebook|twitter|telegram|whatsapp|viber|x|email|e-mail))+)\W*$",
            re.I,
        ),
    ),
    (
        "tags",
        re.compile(
            r"^(теги( статті)?|тэги|tags|метки|мітки|рубрики?)\s*:.*$|^(#\S+\s*)+$|"
            # a rubric's hashtag written with spaces: "#АЭС в Казахстане"
            r"^#[^\W\d_][^\s#]*(\s+[^\s#.!?]+){1,4}$",
            re.I,
        ),
    ),
    (
        "legal",
        re.compile(
            r"^(dmca|©.*|[-–—•]\s*©.*|copyright\b.*|(\.\s*)?all rights reserved\.?|"
            # Russia's "foreign agent" label, printed over a text by law
            r"настоящий материал( \(информация\))? произвед[её]н.{0,60}иностранн\w+ агент\w*.*|"
            r"disclaimer|terms of (use|service)|privacy policy|умови використання|"
            r"політика конфіденційності|пользовательское соглашение|"
            r"политика конфиденциальности|"
            r"this copy is for your personal,? non-?commercial use only\b.*|"
            r"this is an archived article and the information in the article may be outdated\b.*|"
            r"все права защищены\.?|усі права захищено\.?|"
            r"\S*riproduzione riservata|"
            # a copyright notice's second line: "This material may not be published, …"
            r"(this )?(material|article|content) may not be (re)?(published|reproduced|"
            r"copied|distributed)\b.*|перепечатка\b.{0,80}\bзапрещен\w*.*|"
            r"(использование|використання) матеріалів\b.{0,120}|"
            r"(использование|копирование) материалов\b.{0,120})\W*$",
            re.I,
        ),
    ),
    (
        "credit",
        re.compile(
            # with or without brackets round it: "(Фото: Інтент/Наталя Довбиш)"
            r"^\(?((ілюстративне|иллюстративное|ілюстраційне|архівне|архивное|головне|"
            r"главное|ілюстративне)\s+)?(фото|photo|foto|image|picture|video|відео|видео|"
            r"ілюстрація|иллюстрация|джерело фото|источник фото)(\s+courtesy)?\s*:.{0,120}$|"
            # "(Photo courtesy of the police)": a credit in brackets, whole
            r"^\((photo|image|video)\s+courtesy\b[^)]{0,80}\)$|"
            r"^(фото|photo)\s+[A-ZА-ЯЁІЇЄҐ][^.!?]{0,60}$|"
            r"^(автор|author|by)\s*:?\s+[A-ZА-ЯЁІЇЄҐ]\S+(\s+[A-ZА-ЯЁІЇЄҐ]\S+){0,2}\s*$|"
            # with the writer's handle or a station's number: "By Jane Roe @PortvilleNews",
            # "By: News On 6"
            r"^(by|автор)\s*:?\s+(?-i:[A-ZА-ЯЁІЇЄҐ])[\w.'’-]+(\s+(?-i:[A-ZА-ЯЁІЇЄҐ])[\w.'’-]+)"
            r"{0,2}(\s+\d{1,3}|\s+@\w{2,30})\s*$|"
            # "By" run into the name, the place after it: "ByJane Example, Jammu"
            r"^by(?-i:[A-Z][\w'’-]+(\s+[A-Z][\w'’-]+){1,3})(,\s*(?-i:[A-Z][\w'’-]+))?$|"
            # the time and the writer: ", 18:31 Алексей Хитров"
            r"^[,|•·\s]*\d{1,2}:\d{2}\s+[A-ZА-ЯЁІЇЄҐ][\w'’-]+\s+[A-ZА-ЯЁІЇЄҐ][\w'’-]+$|"
            # the writer's credit, its "Т" sometimes typed in Latin: "Tекст: Ирма Каплан"
            r"^([тt]екст|text|текст и фото|текст і фото)\s*:\s*[A-ZА-ЯЁІЇЄҐ]\S+"
            r"(\s+[A-ZА-ЯЁІЇЄҐ]\S+){0,2}\s*$|"
            # a photographer's credit after the name: "Сергей Яшин, фото из архива"
            r"^[A-ZА-ЯЁІЇЄҐ]\S+(\s+[A-ZА-ЯЁІЇЄҐ]\S+){0,2},\s*(фото|photo)"
            r"(\s+(из архива|з архіву|архивное|архівне))?$|"
            # a photo credited to a site: "Фото aa.com.tr"
            r"^(фото|photo)\s*:?\s*(www\.)?[a-z0-9-]+(\.[a-z0-9-]+)*\.[a-z]{2,10}(/[\w.-]+)?\.?$|"
            # an image's file name as its caption: "photo 2025 08 02 12 05 52"
            r"^(photo|image|img|фото)[\s_-]*\d{4}([\s_-]\d{2}){2,5}$|"
            # "Кадры из видео", "Кадр з відео"
            r"^(кадры?|кадри) (из|з|із) (видео|відео)\.?$|"
            # an agency's byline: "Staff and wire reports"
            r"^(staff and (wire|news service) reports|wire reports|staff reports|"
            r"from wire reports|news service reports)$|"
            # "Фото из Telegram-канала Олега Крючкова."
            r"^(фото|видео|відео)\s+(из|з|із)\s+(telegram|телеграм)[- ]?канал\w*\s+.{2,60}$|"
            # an embedded post's signature: "— Señor Juan (@juantwothreefoe)"
            r"^[—–-]\s*[^()]{1,60}\(@\w{2,30}\)$|"
            # a button that asks a chatbot about the article
            r"^(запитати в|спросить в|спросить у|ask) chatgpt$|"
            r"^(данные о правообладателе фото|дані про правовласника фото)$|"
            # "Сумщина / Ілюстративне фото", "Глухів - Figure 1"
            r"^.{0,60}(/|\s[-–—]\s)\s*(ілюстративне фото|иллюстративное фото|"
            r"ілюстрація|иллюстрация|figure \d{1,2}|фото \d{1,2})$|"
            r"^(ілюстративне фото|иллюстративное фото)$|"
            # a byline with its time: "By Jane Example 5:55PM BST 02 Apr 2011"
            r"^by\s+(?-i:[A-Z][\w'’-]+(\s+[A-Z][\w'’-]+){1,3})\s+\d{1,2}:\d{2}\s*(am|pm)?"
            r"\s*[a-z]{2,4}\s+\d{1,2}\s+[a-z]{3,9}\s+\d{4}$|"
            # two authors, an agency after a bar: "By Amy Lefevre and Surapan Boon", "By Rami
            # Musa I AP"
            r"^by\s+(?-i:[A-Z][\w.'’-]+(\s+[A-Z][\w.'’-]+){0,3})"
            r"((\s*,\s*|\s+and\s+)(?-i:[A-Z][\w.'’-]+(\s+[A-Z][\w.'’-]+){0,3}))*"
            r"(\s+[|I]\s+(?-i:[A-Z]{2,8}))?\s*$|"
            r"^\(reporting by [^)]{3,200}\)$|^reporting by [^.]{3,80}(;\s*editing by .{3,120})?$|"
            # a caption's credit in brackets at its end: "Iraq bomb (photo credit: AP [file])"
            r"^.{0,160}\((photo|image|video) credit\s*:[^)]{2,60}\)$|"
            # a masthead: "CHAIRMAN: DR. …", "EDITOR-IN-CHIEF: …"
            r"^(chairman|editor-in-chief|editor|managing editor|publisher|founder)\s*:\s*"
            r"(?-i:[A-Z][\w.'’-]*(\s+[A-Z][\w.'’-]*){0,6})?$|"
            # a caption closed by its photo credit: "… in Khartoum. Фото: TWA"
            r"^.{3,180}?[.!]?\s+(фото|photo|фото архивное|архивное фото|архівне фото|"
            r"фото архівне|photo credit|(?-i:Credit))\s*:\s*"
            r"([^.!?:]{1,60}|[\w.-]+\.[a-z]{2,10}/\S{1,60})$|"
            # a photo caption closed by its credit, after the caption's own full stop or not:
            # "… after the airstrikes on Tuesday. / Supplied", "Rescuers in Dnipro / Reuters"
            r"^.{3,180}?[^\s/](\s+/\s*|\s*/\s+)(supplied|handout|file( photo)?|courtesy( photo)?|"
            r"social media|(afp|ap|reuters|epa(-efe)?|getty images|anadolu( agency)?)"
            r"( photo)?)$",
            re.I,
        ),
    ),
    (
        "credit",
        re.compile(
            # a caption ending in its credit: "… / © ДСНС", "… 2014. PHOTO | REUTERS"
            r"^.{3,240}?(\s/\s*|\s)©\s*[^.!?©]{1,60}$|"
            r"^.{3,240}?\s(?-i:PHOTO|Photo|ФОТО|Фото)\s*[|:]\s*[^.!?|]{1,60}$|"
            # a caption introduced as a photo: "File photo: A Colombian Navy marine …"
            r"^(file|archive|stock)\s+(photo|image|picture)\s*:.{3,300}$|"
            r"^(архівне|архивное)\s+фото\s*:.{3,300}$|"
            # a credit alone: "Ahmad Jamshid/AP"; an agency in brackets under the text, "(AFP)"
            r"^(?-i:[A-Z][\w.'’-]+(\s+[A-Z][\w.'’-]+){0,3})\s*/\s*"
            r"(?-i:AP|AFP|Reuters|EPA|EPA-EFE|Getty Images|Anadolu|Xinhua)$|"
            r"^\((?-i:AFP|AP|Reuters|EPA|DPA|TASS|ТАСС)\)$|"
            # the wire a page took its story from: "Source: REUTERS"
            r"^source\s*:\s*(?-i:[A-Z]{2,8}|Reuters|Xinhua|Anadolu( Agency)?|EFE)$|"
            # a syndication note: "This article was produced by Reuters news agency. It has
            # not been edited by …"
            r"^this (article|story|report|content) (was|has been|is) (produced|published|"
            r"provided|syndicated|written) by\b.{2,200}$|"
            # a caption closed by a credit in brackets with its channel: "(DPA via Zuma
            # Press/TNS)", "(AP Photo/Hussein Malla)"
            r"^.{20,300}\((?-i:[A-Z][\w.&-]*(\s+[A-Z][\w.&-]*){0,3})(\s+via\s+|\s*/\s*)"
            r"(?-i:[A-Z][\w .&/-]{1,40})\)$",
            re.I,
        ),
    ),
    (
        "credit",
        # a line that is only an outlet's name, its header: "Укрінформ" (a Latin agency's
        # name alone, "Reuters", says whose story it is and stays)
        re.compile(
            r"^(укрінформ|укринформ|унн|уніан|униан|інтерфакс-україна|интерфакс-украина|"
            r"інтерфакс|интерфакс|тасс|риа новости|рбк-україна|рбк-украина|суспільне)\.?$",
            re.I,
        ),
    ),
    (
        "credit",
        # the label of a source link whose link the page lost: "Джерело", "Источник"
        re.compile(
            r"^(джерело|источник|source|джерело фото|источник фото|photo source)\s*:?$", re.I
        ),
    ),
    (
        "credit",
        # a caption that says it is one: "Порт Одессы (фото из архива)", "(ілюстративне фото)"
        re.compile(
            # (a headline tagged "(ФОТО)" stays: it says the story has pictures)
            r"^.{3,150}\((file photo|архивное фото|архівне фото|"
            r"ілюстративне фото|иллюстративное фото|иллюстративное|ілюстративне|"
            r"фото из архива|фото з архіву|фото ?:[^)]{1,60}|photo ?:[^)]{1,60})\)\s*$|"
            # "Рятувальники на місці удару в Одесі, ілюстративне фото"
            r"^.{10,200},\s*(ілюстративне|иллюстративное|архівне|архивное) фото\.?$",
            re.I,
        ),
    ),
    (
        "credit",
        # a caption closed by its credit in brackets, after its full stop: "… east. (TRTWorld)"
        re.compile(
            r"^.{20,180}[.!?]\s*\((AFP|AP|Reuters|Getty|EPA|[A-Z][A-Za-z]{2,}"
            r"(World|News|TV|Media|Photo))\)$"
        ),
    ),
    (
        "media file",
        re.compile(
            r"^\S*\.(jpe?g|png|gif|webp|mp4)\)?$|^[^\s]{0,40}https?(%3A|:)\S+$|"
            r"^[\w .,-]{1,80}\.(jpe?g|png|gif|webp)$|^\d{1,2}:\d{2}$|^news-image$|"
            # "Фото - Caravan.kz": a picture's credit after a dash
            r"^(фото|photo)\s+[-–—]\s+[^\s,.!?]+(\.[a-z]{2,4})?(\s+[^\s,.!?]+){0,3}$|"
            # a gallery's caption "…, фото 1"; an embedded post's line with its picture link or
            # its "— Name (@handle) September 10, 2023"
            r"^.{3,200},\s*(фото|photo)\s*\d{1,3}$|.*\bpic\.twitter\.com/\S+.*|"
            r"^[—–-]\s*.{1,80}\(@\w{1,30}\)\s*\w+ \d{1,2}, \d{4}$|"
            # the same post without its dash, or its text with the signature at the end:
            # "Denver Police Dept. (@DenverPolice) January 30, 2016", "BREAKING: … — Denver
            # Police Dept. (@DenverPolice) January 30, 2016"
            r"^[^()—]{1,60}\(@\w{1,30}\)\s*(?-i:[A-Z][a-z]+) \d{1,2}, \d{4}$|"
            r"^.{3,280}\s[—–]\s*[^()—]{1,60}\(@\w{1,30}\)\s*(?-i:[A-Z][a-z]+) \d{1,2}, \d{4}$|"
            # a picture's lightbox with its close mark: "× Police: Teen accidentally shoots …"
            r"^×\s+\S.{2,200}$",
            re.I,
        ),
    ),
    (
        # a site's domain alone ("glavno.smi.today"), a view counter ("25704"), a stray site
        # mark of two or three capitals ("TT"): none is a sentence of the article
        "site mark",
        re.compile(
            # a page title with its site after it: "Восемь убиты …_Russian.news.cn"
            r"^.{10,200}?(_|\s[|–-]\s)[a-z0-9-]+(\.[a-z0-9-]+)*\.(cn|com|ru|ua|net|org|info)$|"
            # "… are foreigners, militar - WDRB 41 Louisville News": a cut title and its station
            r"^.{10,200}?\s[|–-]\s(?-i:[A-Z][\w&]*)(\s[\w&]+){0,5}\s(?-i:News|TV|Times|Post|Daily)$|"
            r"^(www\.)?[a-z0-9-]+(\.[a-z0-9-]+)*\.[a-z]{2,10}(/[\w.-]{1,40})?/?$|^\d[\d ]{0,9}$|"
            # a link's address, cut short by the page: "www.reuters.com/.../us-usa-shooting-newo
            # \xad rleans-idU..." (a soft hyphen where the address broke)
            r"^(https?://)?[a-z0-9-]+(\.[a-z0-9-]+)+/\S*(\s\xad\S*)?$|"
            r"^(?-i:[A-Z]{2,3})$",
            re.I,
        ),
    ),
    (
        "dateline",
        re.compile(
            r"^(published|updated|last updated( on)?|опубліковано|оновлено|опубликовано|обновлено)"
            r"\s*:?\s*"
            r"[\w ,.:]{4,40}$|^[A-ZА-ЯЁІЇЄҐ][\w\'’-]+ • [A-ZА-ЯЁІЇЄҐ]{2,12}$|"
            r"^update\s*:\s*[\w ,.:]{4,40}$|"
            # an RFC date: "Sat, 22 Jun 2024 13:17:00 +0300"
            r"^[a-z]{3}, \d{1,2} [a-z]{3} \d{4} \d{2}:\d{2}(:\d{2})? [+-]\d{4}$|"
            # "May 08, 2025 08:00 AM IST", "Friday, November 26": a date with its time and
            # zone, a weekday with its date and no year
            r"^[a-z]{3,9}\.? \d{1,2},? \d{4},? \d{1,2}:\d{2}\s*(am|pm)?\s*[a-z]{2,4}$|"
            r"^(monday|tuesday|wednesday|thursday|friday|saturday|sunday),? [a-z]{3,9} \d{1,2}$|"
            # "| 05:21, 17 лютого 2026 р.", "17:33  |  23.09.2022", "18:50 22.09.2025
            # (обновлено: 18:56 22.09.2025)"
            r"^[|•·\s]*\d{1,2}:\d{2},?\s*\d{1,2}\s+[^\W\d_]{3,10}\s+\d{4}\s*(р\.|г\.)?$|"
            r"^\d{1,2}:\d{2}\s*[|•·]\s*\d{1,2}\.\d{1,2}\.\d{4}$|"
            # "10:15, 28 вересня": a time and a day with no year; "BBC Russian 22:00, 27
            # сентября, 2023 0": an outlet's name before its time and date (and a counter)
            r"^\d{1,2}:\d{2},?\s*\d{1,2}\s+[^\W\d_]{3,10}$|"
            r"^[^.!?]{0,30}\d{1,2}:\d{2},?\s+\d{1,2}\s+[^\W\d_]{3,10},?\s+\d{4}(\s+\d{1,5})?$|"
            # "April 13, 1999|By Steven Erlanger, New York Times News Service."
            r"^[a-z]{3,9}\.? \d{1,2}, \d{4}\s*\|\s*by\s+[^|]{3,120}$|"
            r"^\d{1,2}:\d{2}\s+\d{1,2}\.\d{1,2}\.\d{4}(\s*\((обновлено|оновлено|updated)\s*:"
            r"\s*\d{1,2}:\d{2}\s+\d{1,2}\.\d{1,2}\.\d{4}\))?$|"
            # "время публикации: 16 января 2022 г., 14:39 | последнее обновление: …"
            r"^(время|дата|час) (публикации|публікації)\s*:.{4,120}$|"
            r"^published\s*:?\s*[\w ,.:-]{4,40}\|\s*(last )?updated\s*:?\s*[\w ,.:-]{4,40}$|"
            # a date with the reading time: "Sun., March 6, 20221 min. read"
            r"^[\w ,.]{4,40}\d\s*min\.?\s+read$|"
            # an ISO date with or without its time: "2024-06-06 | 05:00"
            r"^\d{4}-\d{2}-\d{2}(\s*[|,T•·]?\s*\d{1,2}:\d{2}(:\d{2})?)?$|"
            # only a time and/or a date, bulleted or run together, or an outlet's name with it
            r"^[•·|\s]*(\d{1,2}:\d{2},?\s*)?(\d{1,2}[./]\d{1,2}[./]\d{2,4}|"
            r"\d{1,2}\s+[^\W\d_]{3,10}\.?,?\s+\d{4}|[^\W\d_]{3,9}\.? \d{1,2},? \d{4})"
            r"(,?\s*\d{1,2}:\d{2})?$|^[•·|\s]*\d{1,2}:\d{2}$|"
            r"^[^\d.!?]{2,40}?\d{1,2}[./]\d{1,2}[./]\d{4}$",
            re.I,
        ),
    ),
    (
        "reader prompt",
        re.compile(
            r"^(how (informative|useful) is this (news|article)\??|interested in [\w ]{2,40}\?|"
            r"новина доповнюється|новость дополняется|новость обновляется|"
            r"(матеріал|материал|публікація|публикация) (доповнюється|дополняется|оновлюється|"
            r"обновляется)|"
            r"(следите|стежте) за (нашими )?новост\w+.*|"
            r"приєдну(йтеся|йтесь) до (спільноти|нас|наш\w*)\b.*|"
            r"присоединяйтесь к (сообществу|нам|наш\w*)\b.*|"
            # "Приєднуйтесь до "Магнолія-ТВ" на Facebook!"
            r"(приєдну(йтеся|йтесь) до|присоединяйтесь к|join)\s.{2,60}\s(на|в|у|on)\s+"
            r"(facebook|telegram|телеграм\w*|viber|instagram|youtube|x|twitter|tiktok)|"
            # the page's widgets with nothing to show, the typo-report prompt
            r"нет (элементов для просмотра|мнений|комментариев|отзывов)|"
            r"немає (елементів для перегляду|думок|коментарів|відгуків)|"
            r"no (items to (show|display)|comments yet)|"
            r"(ошибка|помилка) в текст\w*\??.*ctrl\s*\+\s*enter.*|"
            r".{0,60}\bctrl\s*\+\s*enter\b.{0,60}|"
            r"(дізнавайтеся|дізнавайтесь|узнавайте) першими\b.*|узнавайте первыми\b.*|"
            r"підпису\w+ на наш.*|подписывайтесь на наш.*|join (us|our) .*|"
            r"похожие статьи|схожі статті|related (articles|stories)|"
            r"you may also like|вам може сподобатися|вам может понравиться|"
            r"join (thought-provoking|the) conversations?|ask about this article|"
            r"answer for your question .{0,80})\W*$",
            re.I,
        ),
    ),
)

# A caption closed by the agency's credit, however long the caption: "Members of the … patrol
# the area …, Haiti December 9, 2024. REUTERS/Ralph Tedy Erol/File photo"
CAPTION_WITH_CREDIT = re.compile(
    r"^.{20,400}\s(?-i:REUTERS|AFP|AP|EPA|EPA-EFE)/(?-i:[A-Z][\w.'’ -]{2,60})"
    r"(/(?i:file photo|pool|handout|photo))?\.?$|"
    # "Police investigators … attend the scene … Sunday. AP": the agency alone after the caption
    r"^.{20,400}[.!?]\s+(?-i:AP|AFP|REUTERS|Reuters|EPA|EPA-EFE|Xinhua|Getty Images|PTI|ANI)$|"
    # "Палестинцы ожидают …, май 2025 года AP Photo": the agency's photo credit closes it
    r"^.{20,400}\s(?-i:AP Photo|AFP Photo|Reuters Photo|EPA Photo|Getty Images)$|"
    # "… is carried to the Mulago Hospital in Kampala.(Ronald Kabuubi: Reuters)"
    r"^.{20,400}[.!?]\s*\((?-i:[A-Z][\w.'’ -]{2,40}):\s*(?-i:Reuters|AP|AFP|EPA|Getty Images|"
    r"Xinhua|ABC News|ABC)\)$"
)
# Markup the page's text kept, whatever its length: '<form action="/comment/reply/…" …>'.
_MARKUP = re.compile(
    r"^<(form|div|input|script|style|iframe|span|label|button|select|textarea|ul|li|a|p|img)"
    r"\b[^>]*>",
    re.I,
)
# An embedded image as the page gave it, whatever its length: "<image>![alt](data:…)".
_IMAGE_EMBED = re.compile(r"^(<image>|!\[[^\]]{0,300}\]\()")
# A reprint notice, however long: "This copy is for your personal non-commercial use only. To
# order presentation-ready copies …"
_REPRINT_NOTICE = re.compile(r"^this copy is for your personal,? non-?commercial use only\b", re.I)
# An embedded post's text, whatever its length, carries the link to its picture.
_EMBEDDED_POST = re.compile(r".*\bpic\.twitter\.com/\w+\W*$")

# A video player with its playlist's text, and a broadcaster's copyright notice, each on one
# line however long: "CLOSE Skip in Skip x Embed x Share …", "Skip Ad Ad Loading... x Embed x
# Share …", "(TM and Copyright 2016 CBS Radio Inc. … All Rights Reserved. …"
_VIDEO_PLAYER = re.compile(
    r"^(?:close skip in skip|skip ad(?: ad loading\.*)?) x embed x share\b", re.I
)
_LONG_COPYRIGHT = re.compile(
    r"^\(?(?:source:\s*[^©]{2,60}©|(?:tm and )?(?:©\s*)?copyright (?:©\s*)?\d{4}\b|©\s*\d{4}\b)"
    r"(?=.*\b(?:rights reserved|may not be|under license)\b).{0,1200}$",
    re.I,
)
# A gallery's caption under its label, however long: "Caption Boxer shot just blocks from his
# home … (Ulysses Munoz / Baltimore Sun)"
_CAPTION_LABEL = re.compile(r"^caption\s+(?-i:[A-Z\"“])\S.{10,3000}$", re.I)
# A US news site's gallery caption, however long: "Photo: Kimberly Veklerov Image 1 of / 4
# Caption Close Image 1 of 4 A 22-month-old girl …", "Image 2 of 7 Harris County Sheriff's
# Office deputies investigate …"
_GALLERY_CAPTION = re.compile(
    r"^(?:photo:\s.{2,60}?\s)?image \d{1,3} of\s*/?\s*\d{1,3}\s+(?:caption close\b|\S)", re.I
)
# A photo's caption with the site's button, however long: "Buy Photo A man walks past …",
# "… police said. View Full Caption Flickr/diversey" (the button, then the credit)
_PHOTO_BUTTON = re.compile(r"^buy photo\s+\S|^.{20,600}?\bview full caption(\s+\S.{0,60})?$", re.I)
# A caption closed by its credit in brackets: "… after the incident. (WSMV)", "… playing with a
# gun. (MGN photo)", "… (Source: Shreveport PD)", "… (Photo: NOPD)Buy Photo", "… at a Miami
# nightclub. (Published Tuesday, Oct 7, 2014)", "… on Thursday night. (Channel 2 Action News)"
# (a sentence of the article ends after its bracket: "… Metropolitan Police (LVMPD).")
_CAPTION_BRACKET_CREDIT = re.compile(
    r"^(?=.{20,400}$)(?:"
    r".*[.!?]\s*\((?-i:[A-Z0-9][\w'’.&/-]*(?:\s+[A-Z0-9][\w'’.&/-]*){0,5})\)|"
    r".*\s\((?!(?i:video|photos?|graphic|update|watch|live)\))(?-i:[A-Z]{3,6})\)|"
    r".*\((?i:photo|source|video|image|courtesy)(?i:\s*[:/]|\s+(from|by|courtesy|credit|source)\b)"
    r"[^()]{0,80}\)"
    r"(?i:\s*(buy photo|see more videos))?|"
    r".*\s\((?i:published) \w+day,? [^()]{4,30}\d{4}\)|"
    r".*\s\([^()]{2,40}\s(?i:photo|video|file photo)\))$"
)
# A writer's credit closing the article: "Kimberly Veklerov, Sarah Ravani and Michael Bodley are
# San Francisco Chronicle staff writers. Email: … Twitter: @…"
_STAFF_CREDIT = re.compile(
    r"^(?-i:[A-Z][\w.'’-]+(?:\s+[A-Z][\w.'’-]+){1,3})(?:(?:,\s*|,?\s+and\s+)"
    r"(?-i:[A-Z][\w.'’-]+(?:\s+[A-Z][\w.'’-]+){1,3}))*\s+(?:is|are)\s+(?:an?\s+)?[^.!?]{0,60}?"
    r"\b(?:staff (?:writers?|reporters?|photographers?)|reporters?|correspondents?|columnists?)\b"
    r"[^.!?]{0,60}\.(?:\s*(?:email|e-mail|twitter|follow|contact|reach)\b.{0,400})?$",
    re.I,
)
# A rule drawn in characters: "-----", "***********", "====…"
_SEPARATOR = re.compile(r"^([-=*_~#•·.])\1{2,}$|^([-=*_~#•·.] )\2{2,}[-=*_~#•·.]?$")
# A prompt line is short; an article paragraph mentioning "subscribe" in passing is not.
_MAX_PROMPT_CHARS = 400


@dataclass(frozen=True)
class Verdict:
    reason: str


# Markdown a post keeps when it is copied out of a messenger: "**bold**", "__italic__",
# "[link text](https://…)"; a line is judged by its words.
_MARKDOWN = re.compile(r"\*\*|__|~~|(?<!!)\[([^\]]{0,200})\]\([^)\s]{0,300}\)")


def classify_line(line: str) -> Verdict | None:
    """Why this line is boilerplate, or None if it belongs to the article."""
    if _SEPARATOR.match(line.strip()):
        return Verdict("separator")
    stripped = _MARKDOWN.sub(lambda m: m.group(1) or "", line).strip()
    if _PHOTO_BUTTON.match(stripped):
        return Verdict("reader prompt")
    if _GALLERY_CAPTION.match(stripped) or _CAPTION_BRACKET_CREDIT.match(stripped):
        return Verdict("credit")
    if _STAFF_CREDIT.match(stripped):
        return Verdict("credit")
    if _VIDEO_PLAYER.match(stripped):
        return Verdict("reader prompt")
    if _LONG_COPYRIGHT.match(stripped):
        return Verdict("legal")
    if _CAPTION_LABEL.match(stripped):
        return Verdict("credit")
    if not stripped or len(stripped) > _MAX_PROMPT_CHARS:
        return None
    if _is_date_only(_UPDATED_ASIDE.sub("", stripped)):
        return Verdict("dateline")
    published = _PUBLISHED.match(stripped)
    if published and _is_date_only(published.group("d")):
        return Verdict("dateline")  # "FE REPORT | Published: September 20, 2024 23:43:55"
    if _CAPTION_DASH_CREDIT.match(stripped):
        return Verdict("credit")
    if _EMBEDDED_POST.match(stripped):
        return Verdict("media file")
    if CAPTION_WITH_CREDIT.match(stripped):
        return Verdict("credit")
    if _IMAGE_EMBED.match(stripped):
        return Verdict("media file")
    if _MARKUP.match(stripped):
        return Verdict("markup")
    if _REPRINT_NOTICE.match(stripped):
        return Verdict("legal")
    if len(stripped) <= 200:
        for reason, pattern in _FURNITURE:
            if pattern.match(stripped):
                return Verdict(reason)
        if _is_tag_cloud(stripped):
            return Verdict("tags")
        if _is_section_menu(stripped):
            return Verdict("navigation")
    for reason, pattern in _RULES:
        if pattern.search(stripped) and (reason == "advertisement" or _is_prompt(stripped)):
            return Verdict(reason)
    # an item of a menu list: "- Змінити мову", "• Staff and wire reports"
    item = _MENU_ITEM.match(stripped)
    if item:
        return classify_line(item.group(1))
    return _all_sentences_furniture(stripped)


def _all_sentences_furniture(line: str) -> Verdict | None:
    """A line of sentences that are each furniture: "Times researcher John Martin contributed
    to this report. Contact Anastasia Dawson at … Follow @adawsonwrites." """
    sentences = [x for x in _SENTENCE_END.split(line) if x.strip()]
    if len(sentences) < 2:
        return None
    verdicts = [classify_line(x) for x in sentences]
    return verdicts[0] if all(verdicts) else None


_MENU_ITEM = re.compile(r"^[-–•·*]\s+([^-–•·*].{1,78})$")


# A month's name in English, Ukrainian or Russian, any case (a closed class): "Жовтня", "мая".
_MONTH = re.compile(
    r"(?i:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|січ|лют|берез|квіт|трав|черв|лип|"
    r"серп|верес|жовт|листопад|груд|январ|феврал|март|апрел|ма[яй]|июн|июл|август|сентябр|"
    r"октябр|ноябр|декабр)"
)


# "31 января 2026, 18:30 (обновлено: 01 февраля 2026, 03:59)": the update's date in brackets
_UPDATED_ASIDE = re.compile(
    r"\s*\((?:обновлено|оновлено|updated|изменено|змінено)\s*:?\s*[^()]{4,40}\)\s*$", re.I
)
_PUBLISHED = re.compile(
    r"^(?:[^|]{1,40}\|\s*|by\s+[^|]{2,40}?\s+)?(?:published|updated|posted|last updated|"
    r"first published|"
    r"publication date|date of publication|date|дата|"
    r"опубліковано|оновлено|опубликовано|обновлено)(?:\s+on)?\s*:?\s*(?P<d>.{4,40})$",
    re.I,
)
# A caption closed by its credit after a dash: "… the previous day. — Focus Bangla" (a name in
# words: initials after the dash sign the article, "… leaving hundreds dead. — NN")
_CAPTION_DASH_CREDIT = re.compile(
    r"^(?=.{40,400}$)[^\"“”«»]*[.!]\s+[—–]\s+"
    r"(?=[A-Z][\w.&]*(?:\s+[A-Z][\w.&]*){0,2}$).*[a-z]"
)


def _is_date_only(line: str) -> bool:
    """A line that is only a date, whatever its order: figures, a month by name or a day and
    month in figures, at most one other word (the weekday), one-letter abbreviations ("р.",
    "г.") and a time: "Четвер, 9 Жовтня, 2025", "15 листопада 2024 р. 17:51"."""
    if len(line) > 40 or re.sub(r"[^\W\d_]+|\d+|[\s.,:/|•·'’ʼ-]", "", line):
        return False
    # (an ordinal's suffix is no word: "Tue. Jun 15th, 2021")
    # (nor a time's "am"/"pm": "Thursday, September 27th 2001, 12:00 am")
    bare = re.sub(r"(?<=\d)(?:st|nd|rd|th)\b|(?<=\d\d)\s*(?i:am|pm)\b", "", line)
    words = [w for w in re.findall(r"[^\W\d_]+", bare) if len(w) > 1]
    months = [w for w in words if _MONTH.match(w) and len(w) <= 10]
    numeric = re.search(
        r"(?<!\d)(?:\d{1,2}[./]\d{1,2}[./]\d{2,4}|(?:19|20)\d\d-\d\d-\d\d)(?!\d)", line
    )
    year = re.search(r"(?<!\d)(?:19|20)\d\d(?!\d)", line)
    return bool((months and year) or numeric) and len(words) - len(months[:1]) <= 1


def _is_prompt(line: str) -> bool:
    """Prompts address the reader; reporting that mentions donations ("donated blood") does not."""
    reader = re.compile(
        r"\b(you|your|click|tap|sign up|subscribe|here|our|us|нас|наш\w*|ваш\w*|вас|тут|"
        r"здесь)\b|"
        r"(підпис|подпис|натисн|нажм|читайте|дивіться|смотрите|задонат|пожертв|приєдн|"
        r"присоедин)",
        re.I,
    )
    return bool(reader.search(line))


def _is_tag_cloud(line: str) -> bool:
    """Topic words run together with no sentence in them: "ХроникаВоенная операция", "Израиль
    Палестина … Израиль Палестина". Title-case headlines have neither glued nor repeated words."""
    if re.search(r"[.!?,;«»\"“”]", line):
        return False
    words = line.split()
    if len(words) > 16:
        return False
    if re.search(r"[а-яёіїєґ][А-ЯЁІЇЄҐ]", line) or _glued_latin(line):
        return True
    caps = [w for w in words if w[:1].isupper()]
    return len(words) >= 5 and len(caps) / len(words) >= 0.6 and len(set(caps)) < len(caps)


def _glued_latin(line: str) -> bool:
    """Two Latin words run together ("FeaturesChevron Right Icon"): a lower-case run of three
    or more, then a capital and two or more lower-case letters; names like YouTube, McDonald,
    LinkedIn or WhatsApp have shorter runs on one side."""
    for i in range(3, len(line) - 2):
        before, cap, after = line[i - 3 : i], line[i], line[i + 1 : i + 3]
        if (
            cap.isupper()
            and _script(cap) == "latin"
            and before.isalpha()
            and before.islower()
            and after.isalpha()
            and after.islower()
        ):
            return True
    return False


_BYLINE = re.compile(
    r"^[A-ZА-ЯЁІЇЄҐ][\w'’-]+(?: [A-ZА-ЯЁІЇЄҐ][\w'’-]+){1,2}"
    r"(?: (?:and|&|та|і|и) [A-ZА-ЯЁІЇЄҐ][\w'’-]+(?: [A-ZА-ЯЁІЇЄҐ][\w'’-]+){1,2})?$"
)
_NAME = r"[A-ZА-ЯЁІЇЄҐ][\w'’-]+(?: [A-ZА-ЯЁІЇЄҐ][\w'’-]+){1,2}"
# "Jane Roe and John Doe", "Omar Medhat, Alexandra Zavis and Nabih Bulos Los Angeles Times
# (TNS)": names, and the outlet with its wire in brackets
_TWO_NAMES = re.compile(
    r"^"
    + _NAME
    + r"(?:, "
    + _NAME
    + r")*,? (?:and|&|та|і|и) "
    + _NAME
    + r"(?:(?: [A-Z][\w'’-]+){0,4} \((?-i:[A-Z]{2,6})\))?$"
)


_AGENCIES = frozenset({"reuters", "anadolu", "xinhua", "bloomberg", "interfax", "tass"})


def is_byline(line: str, *, last: bool, edge: bool = False, main: str = "latin") -> bool:
    """A line that is only its authors' names: two names joined by "and" ("Jane Roe and John
    Doe") anywhere, or one name alone as the text's last line (the signature under it); in a
    Cyrillic text, one Latin word alone as its first or last line ("Elvis", an editor's
    signature; `edge`)."""
    stripped = line.strip()
    if (
        edge
        and main == "cyrillic"
        and re.fullmatch(r"[A-Z][a-z]{2,20}", stripped)
        and stripped.lower() not in _AGENCIES
    ):
        return True
    return bool(_TWO_NAMES.match(stripped) or (last and _BYLINE.match(stripped)))


def _script(ch: str) -> str:
    if "\u0400" <= ch <= "\u04ff":
        return "cyrillic"
    if ch.isascii() or "\u00c0" <= ch <= "\u024f" or "\u1e00" <= ch <= "\u1eff":
        return "latin"
    return "other"


def scripts(text: str) -> dict[str, int]:
    """How many letters of each script (Latin, Cyrillic, other) the text has."""
    out = {"latin": 0, "cyrillic": 0, "other": 0}
    for ch in text:
        if ch.isalpha():
            out[_script(ch)] += 1
    return out


def is_other_script(line: str, main: str) -> bool:
    """A line written in another script than the document's (`main`, "latin" or "cyrillic"): an
    embedded post in Arabic in an English report, a site's header in Vietnamese or a caption in
    Azerbaijani in a Russian one. Short Latin words in Cyrillic text (names, "Reuters") stay:
    a Latin line must have three words and a letter English lacks; a line with any letter of
    the main script stays."""
    stripped = line.strip()
    if not stripped or len(stripped) > 300:
        return False
    counts = scripts(stripped)
    letters = sum(counts.values())
    if letters < 3 or counts[main] > 0:
        return False
    if counts["other"] >= letters / 2:
        return True
    # Latin in a Cyrillic report: only a line with letters English lacks (Vietnamese,
    # Azerbaijani, Polish …), since an English line may be a quote the report gives as written.
    return (
        main == "cyrillic"
        and len(re.findall(r"[^\W\d_]{2,}", stripped)) >= 3
        and any(ch.isalpha() and not ch.isascii() for ch in stripped)
    )


def is_foreign_line(line: str, main: str) -> bool:
    """A line in another language than the document's: another script (``is_other_script``) or,
    in a Latin-script report, four or more Latin words of which a quarter carry letters English
    lacks (a comment form's rules in Turkish). Used only after the article's last sentence, where a
    quote in French or a name like "Erdoğan" cannot be."""
    if is_other_script(line, main):
        return True
    if main != "latin":
        return False
    words = re.findall(r"[^\W\d_]+", line)
    if not words or any(_script(c) != "latin" for w in words for c in w):
        return False  # a Cyrillic paragraph in an English report is a quote, not a form
    odd = [w for w in words if not w.isascii()]
    return len(words) >= 4 and len(odd) * 4 >= len(words)


# A sentence that is an appeal to the reader, from its first word: an imperative to donate or to
# subscribe (a quoted appeal, "«Підтримайте нас», — сказав мер", does not start with the verb).
_APPEALS: tuple[tuple[str, re.Pattern[str]], ...] = (
    # a reprint notice glued onto the article's first paragraph (an HTML page read widely)
    (
        "legal",
        re.compile(
            r"^(this copy is for your personal,? non-?commercial use only|"
            r"to order (?:presentation-ready )?copies)\b",
            re.I,
        ),
    ),
    (
        "donation appeal",
        re.compile(
            r"^(please\s+)?(support (our|independent|us)\b|donate\b|make a donation\b|"
            r"become a (member|supporter|patron)\b|"
            r"(будь ласка,?\s+)?(підтримайте|задонатьте|пожертвуйте|зробіть (внесок|пожертву))|"
            r"(пожалуйста,?\s+)?(поддержите|пожертвуйте|сделайте (пожертвование|взнос)))\b",
            re.I,
        ),
    ),
    (
        # "Читайте також про …", "Термінові та важливі повідомлення про війну … читайте на
        # каналі РБК-Україна в Telegram."
        "reader prompt",
        re.compile(
            r"^(читайте|дивіться) також\b|^(читайте|смотрите) также\b|^read (more|also)\b|"
            r"^.{0,120}\b(читайте|дивіться|слідкуйте|читайте|смотрите|следите)\b.{0,60}"
            r"\b(telegram|телеграм\w*|viber|вайбер\w*|facebook|youtube)\b",
            re.I,
        ),
    ),
    (
        "newsletter prompt",
        re.compile(
            r"^(please\s+)?(subscribe\b|sign up (for|to)\b|"
            r"(будь ласка,?\s+)?(підпишіться|підписуйтесь|підписуйтеся)|"
            r"(пожалуйста,?\s+)?(подпишитесь|подписывайтесь))\b",
            re.I,
        ),
    ),
)

# Where a sentence ends: . ! ? or … (and any closing quote or bracket), then a space.
_SENTENCE_END = re.compile(r"[.!?…][»”\"')\]]*\s+")

# An appeal is a sentence or two; a longer "sentence" is more likely the paragraph itself.
_MAX_APPEAL_CHARS = 300


@dataclass(frozen=True)
class Cut:
    """A part cut from a kept line: its words and why."""

    text: str
    reason: str


def _appeal(sentence: str) -> str | None:
    if len(sentence) > _MAX_APPEAL_CHARS:
        return None
    for reason, pattern in _APPEALS:
        if pattern.match(sentence):
            return reason
    return None


def cut_appeals(line: str) -> tuple[str, list[Cut]]:
    """The line without the appeal sentences that end or start it, and what was cut (in the
    order of the line). At least one sentence that is not an appeal stays: a line that is all
    appeal is a whole-line matter (``classify_line``), not cut here."""
    if not line.strip():  # a blank line between paragraphs has no sentence to cut
        return line, []
    starts = [0, *(m.end() for m in _SENTENCE_END.finditer(line))]
    starts = [s for s in starts if s < len(line)]
    bounds = list(zip(starts, [*starts[1:], len(line)], strict=True))
    if len(bounds) < 2:
        return line, []
    reasons = [_appeal(line[a:b].strip()) for a, b in bounds]
    first = 0
    while first < len(bounds) and reasons[first]:
        first += 1
    last = len(bounds)
    while last > first and reasons[last - 1]:
        last -= 1
    if first >= last or (first == 0 and last == len(bounds)):
        return line, []
    cuts = [Cut(line[a:b].strip(), str(reasons[k])) for k, (a, b) in enumerate(bounds)
            if k < first or k >= last]  # fmt: skip
    kept = line[bounds[first][0] : bounds[last - 1][1]].strip()
    return kept, cuts


# A label, not a sentence: a menu item or a tag ("Удары США по Венесуэле", "RSF", "Village").
_LABEL_PUNCT = re.compile(r"[.!?,;:«»\"“”„()]")


def _is_label(line: str, max_words: int) -> bool:
    stripped = line.strip()
    return (
        bool(stripped)
        and not _LABEL_PUNCT.search(stripped)
        and (len(stripped.split()) <= max_words)
    )


def _menu_above_headline(lines: list[str], removed: dict[int, str]) -> dict[int, str]:
    """A site's menu above the headline: two or more short label lines at the top of the page
    ending in a line already removed as navigation or tags ("Главная…Происшествия"). One
    label before a navigation line may be the headline itself ("… kills 100" / "World News"),
    so it stays."""
    labels: list[int] = []
    for i, line in enumerate(lines):
        if not line.strip():
            continue
        if removed.get(i) in ("navigation", "tags"):
            return dict.fromkeys(labels, "navigation") if len(labels) >= 2 else {}
        if i in removed:
            continue
        if not _is_label(line, 7) or len(labels) >= 10:
            return {}
        labels.append(i)
    return {}


def _tag_cloud_at_end(lines: list[str], removed: dict[int, str]) -> dict[int, str]:
    """A tag cloud written one tag a line after the article ("Sudan / RSF / Kill / Village"):
    four or more lines of one to three words, with no punctuation, that end the page."""
    run: list[int] = []
    for i in range(len(lines) - 1, -1, -1):
        if not lines[i].strip() or i in removed:
            continue
        if not _is_label(lines[i], 3):
            break
        run.append(i)
    return dict.fromkeys(run, "tags") if len(run) >= 4 else {}


# The end of a sentence: the article's paragraphs end so, a page's labels and buttons do not.
_SENTENCE_CLOSE = re.compile(r"[.!?…][»”\"')\]]*$")
# A list item or a heading numbered: part of the article, whatever its punctuation.
_LIST_ITEM = re.compile(r"^([-–—•*·]|\d{1,4}[.)])\s")
# a name and an age: "Ivan Petrenko, 45", "Олена Марченко, 71, Буча"
_NAME_AND_AGE = re.compile(r"^[^\W\d_][\w'’-]*(?: [\w'’-]+){0,3}, \d{1,3}(?:,|$)")


def is_list_entry(line: str) -> bool:
    """An entry of a list (of the dead, of places): numbered, bulleted, or a name and an age.
    Whatever its length, it is the article's."""
    stripped = line.strip()
    return bool(_LIST_ITEM.match(stripped) or _NAME_AND_AGE.match(stripped))


# A button's verb: a Ukrainian or Russian infinitive ("Коментувати", "Вернуться назад").
_INFINITIVE = re.compile(r"^[А-ЯЁІЇЄҐа-яёіїєґ]+(ти|тися|тись|ть|ться|чь)$")
# a name's word: capitalised, and after a hyphen too ("Ivano-Frankivsk", "Abu-Bashal"; a site's
# "Islam-today" is not a name)
_TITLE_WORD = re.compile(r"^[A-ZА-ЯЁІЇЄҐ][a-zа-яёіїєґ'’]+(?:-[A-ZА-ЯЁІЇЄҐ][a-zа-яёіїєґ'’]+)*$")


def _tail_label(line: str, max_words: int = 10) -> bool:
    """A short line that does not end a sentence and is not a list item: a button, a site's
    section, a counter or a form's label ("Коментувати", "Рамблер: главные новости", "This news
    has been read 177 times in total")."""
    stripped = line.strip()
    return (
        len(stripped.split()) <= max_words
        and not _SENTENCE_CLOSE.search(stripped)
        and not is_list_entry(stripped)
    )


def _name_like(line: str) -> bool:
    """One to three capitalised words and not a button: a signature or a place under the
    article ("John Smith", "Niamey") rather than the page's furniture."""
    words = line.split()
    return (
        len(words) <= 3
        and all(_TITLE_WORD.match(w) for w in words)
        and not _INFINITIVE.match(words[0])
    )


def _page_tail(lines: list[str], removed: dict[int, str], main: str) -> dict[int, str]:
    """What follows the article's last sentence: labels, buttons, counters and lines in another
    language (a comment form's rules in Turkish under an English report), each short and none
    ending a sentence, whatever their words. A signature or a place alone under the article
    stays (``_name_like``; four or more are a tag cloud, ``_tag_cloud_at_end``), as does
    everything when no sentence comes before them."""
    run: list[int] = []
    seen = False
    for i in range(len(lines) - 1, -1, -1):
        line = lines[i]
        if not line.strip() or i in removed:
            continue
        # the text's last line may be a sentence cut short (an excerpt's end): only a line of
        # up to four words there is taken for a label
        # a headline of another article under this one may be long ("Стало відомо, скільки
        # ракет і дронів випустила РФ по Україні з 2022 року"); it ends no sentence either
        label = (
            _tail_label(line, 20)
            and (seen or len(line.split()) <= 4)
            # but not a paragraph of sentences with a sign-off ("… kidnappings. — NN")
            and (len(line.split()) <= 10 or not re.search(r"[.!?…]\s", line))
        )
        seen = True
        if label or is_foreign_line(line, main):
            run.append(i)
            continue
        # `i` is the article's last sentence: the run after it is the page's tail. A name
        # under the article is its signature or place only when nothing but names follows it:
        # with headlines after it, it is their heading ("Подібні", "Related").
        out: dict[int, str] = {}
        names_only = True
        for j in run:  # from the page's end up
            names_only = names_only and _name_like(lines[j])
            if not names_only:
                out[j] = "page tail"
        return out
    return {}


# A rubric line: three or more sections, each a few words from a capital, joined by commas,
# pipes, slashes or bullets ("Війна РФ проти України, Події, Суспільство").
_RUBRIC_SEP = re.compile(r"\s*[,|/•·]\s*")


# "В мире / Другие страны": two sections set apart by a slash are a breadcrumb
_TWO_SECTIONS = re.compile(r"^\w[^/|.!?:;]{1,30}\s/\s\w[^/|.!?:;]{1,30}$")
# Words of a section's name: "Local News" is a rubric, not a name.
_SECTION_WORDS = frozenset(
    re.findall(
        r"\w+",
        "local news world national international latest breaking top stories politics business "
        "sport sports opinion region regions africa europe asia americas video photo новини "
        "новости світ мир политика політика регіони регионы",
    )
)


def _is_rubric(line: str) -> bool:
    items = [p for p in _RUBRIC_SEP.split(line.strip()) if p]
    if len(items) == 2 and _TWO_SECTIONS.match(line.strip()):
        return all(p[:1].isupper() for p in items)
    return len(items) >= 3 and all(p[:1].isupper() and len(p.split()) <= 4 for p in items)


def _is_section_menu(line: str) -> bool:
    """ "Home News World": the site's sections on one line, every word a section's name."""
    words = line.lower().split()
    return len(words) >= 3 and all(w in _SECTION_WORDS or w == "home" for w in words)


def _section_name(line: str) -> bool:
    words = line.lower().split()
    return 0 < len(words) <= 3 and all(w in _SECTION_WORDS for w in words)


def _above_headline(lines: list[str], removed: dict[int, str]) -> dict[int, str]:
    """Labels above the headline: before the first sentence, every label but the last (the
    headline, or the standfirst under it) that is a rubric line or a short phrase of up to three
    words without a figure in it ("Войти в почту"); a name alone ("Україна") may be a dateline
    and stays."""
    top: list[int] = []
    for i, line in enumerate(lines):
        if not line.strip() or i in removed:
            continue
        if not _tail_label(line, 25):  # a headline may be long; it ends no sentence either
            break
        top.append(i)
    else:
        return {}  # no sentence at all: nothing to tell the headline by
    out: dict[int, str] = {}
    for i in top:
        line = lines[i].strip()
        short = len(line.split()) <= 3 and not re.search(r"\d", line) and not _name_like(line)
        short = short or _section_name(line)
        if i != top[-1] and (_is_rubric(line) or short):
            out[i] = "navigation"
        elif line[:1].islower() and len(line.split()) <= 8:
            # a headline starts with a capital; a tag or topic above the text need not
            # ("загиблі рятувальники у Запоріжжі")
            out[i] = "tags"
    return out


# A credit alone on its line, the photographer and the agency: "Ahmad Jamshid/AP".
_CREDIT_ALONE = re.compile(
    r"^[A-Z][\w.'’-]+(\s+[A-Z][\w.'’-]+){0,3}\s*/\s*(AP|AFP|Reuters|EPA|EPA-EFE|Getty Images|"
    r"Anadolu|Xinhua)$"
)
_LEGAL_HEADING = re.compile(
    r"^(disclaimer|terms of (use|service)|privacy policy|умови використання|"
    r"політика конфіденційності|пользовательское соглашение|политика конфиденциальности)\W*$",
    re.I,
)


def _caption_above_credit(lines: list[str], removed: dict[int, str]) -> dict[int, str]:
    """The line right above a credit alone, with no blank line between them, is the photo's
    caption ("Foreign troops … investigate the site …, May 25, 2013." / "Ahmad Jamshid/AP"),
    on a page whose paragraphs are set apart by blank lines (else every line would be next
    to its neighbour)."""
    if not any(not line.strip() for line in lines):
        return {}
    found = _line_above(lines, removed, _CREDIT_ALONE, 300)
    # a caption's title over the caption its credit closes: "Haitians flee homes due to the
    # gang violence, in Port-au-Prince" / "Members of … patrol …. REUTERS/Ralph Tedy Erol"
    found.update(_line_above(lines, removed, CAPTION_WITH_CREDIT, 150, open_only=True))
    return found


def _line_above(
    lines: list[str],
    removed: dict[int, str],
    below: re.Pattern[str],
    max_len: int,
    open_only: bool = False,
) -> dict[int, str]:
    """The line right above each line `below` matches, of at most `max_len` characters (and,
    with `open_only`, ending no sentence and not the page's first line, its headline): a
    credit's caption."""
    return {
        i - 1: "credit"
        for i, line in enumerate(lines)
        if i > (1 if open_only else 0)
        and below.match(line.strip())
        and lines[i - 1].strip()
        and i - 1 not in removed
        and len(lines[i - 1]) <= max_len
        and not (open_only and _SENTENCE_CLOSE.search(lines[i - 1].strip()))
    }


def _after_legal_heading(lines: list[str]) -> dict[int, str]:
    """A legal heading ("Disclaimer") and every line under it: the page's legal footer; not
    when more than three paragraphs follow it ("Privacy Policy" in a menu above an article)."""
    for i, line in enumerate(lines):
        if _LEGAL_HEADING.match(line.strip()) and i >= len(lines) // 3:
            under = [j for j in range(i, len(lines)) if lines[j].strip()]
            if sum(1 for j in under if len(lines[j].split()) >= 20) > 3:
                continue
            return {j: "legal" for j in under}
    return {}


def _headlines_under_heading(lines: list[str], removed: dict[int, str]) -> dict[int, str]:
    """After the article, a heading of one to three words ("Подібні", "Related", "Читайте
    також") over two or more lines that end no sentence, down to the page's end: the
    headlines of other articles, heading and all."""
    rest = [i for i, line in enumerate(lines) if line.strip() and i not in removed]
    for k, i in enumerate(rest):
        under = rest[k + 1 :]
        if (
            k > 0
            and _is_label(lines[i], 3)
            and not re.search(r"\d", lines[i])
            and len(under) >= 2
            # a headline may ask ("Податкова афера Favbet: монополіст чи “невинний гравець”?")
            and all(_tail_label(lines[j], 25) or _question_headline(lines[j]) for j in under)
            and _SENTENCE_CLOSE.search(lines[rest[k - 1]].strip())
        ):
            return dict.fromkeys([i, *under], "other articles")
    return {}


def _question_headline(line: str) -> bool:
    """A headline that asks: up to 25 words, one question mark at its end, no other sentence."""
    stripped = line.strip().rstrip("»”\"'")
    return (
        len(stripped.split()) <= 25
        and stripped.endswith("?")
        and not re.search(r"[.!?…]\s", stripped)
    )


def _repeated_lines(lines: list[str], removed: dict[int, str]) -> dict[int, str]:
    """A title or caption the page printed twice, word for word (three to forty words, ending
    no sentence): the second copy. A sentence of the article said twice stays."""
    seen: set[str] = set()
    found: dict[int, str] = {}
    keys = [" ".join(line.split()).casefold() for line in lines]
    crumbs = [j for j, key in enumerate(keys) if re.match(r"(главная|головна|home)", key)]
    for i, key in enumerate(keys):
        if not 3 <= len(key.split()) <= 40:
            continue
        # a caption printed twice, one line under the other, whatever its stop, the pair set
        # apart from the rest by blank lines (or the page's edge)
        adjacent = (
            i > 0
            and keys[i - 1] == key
            and (i == 1 or not keys[i - 2])
            and (i + 1 == len(keys) or not keys[i + 1])
        )
        # the title again under its rubric: "Новини світу - У Пакистані терорист підірвав …"
        # (or after a slash: "Новини Вінниці / Окупанти завдали …")
        rubric = re.sub(r"^[^-–—.!?/]{3,30}\s[-–—/]\s", "", key)
        again = key in seen and (adjacent or not _SENTENCE_CLOSE.search(key))
        if i not in removed and (again or (rubric != key and rubric in seen)):
            found[i] = "repeated"
        elif not _SENTENCE_CLOSE.search(key) and i not in removed:
            # the title run into the breadcrumb above it: "ГлавнаяВ РоссииВСУ обстреляли …"
            crumb = next(
                (j for j in crumbs if j < i and keys[j] != key and keys[j].endswith(key)), None
            )
            if crumb is not None:
                found[crumb] = "navigation"
                found[i] = "repeated"
        seen.add(key)
    return found


_READ_ALSO = re.compile(
    r"^(читайте (також|также)|читай (також|также)|дивіться також|смотрите также|"
    r"read (more|also)|see also|"
    r"related|more to read|more stories|related (stories|articles|news)|also read|"
    r"по теме|по темі|читайте по теме)\s*:?$",
    re.I,
)
_TOLL_WORD = re.compile(
    r"(?i:загин|загибл|поранен|постраждал|погиб|ранен|пострадав|убит|вбит|killed|injured|"
    r"wounded|dead|died)"
)
_GLYPH_ITEM = re.compile(r"^[▪️•►◾▫◼▶➡🔹🔸-]")


def _after_read_also(lines: list[str], removed: dict[int, str]) -> dict[int, str]:
    """The other articles under a "Читайте також:" on its own line: the headline right after
    it (a line ending no sentence), or items set off by a glyph ("▪️У боях …")."""
    found: dict[int, str] = {}
    for i, line in enumerate(lines):
        if not _READ_ALSO.match(line.strip()):
            continue
        tail = [j for j in range(i + 1, len(lines)) if lines[j].strip()]
        if (
            0 < len(tail) <= 8
            and all(len(lines[j].split()) <= 30 for j in tail)
            and not any(_TOLL_WORD.search(lines[j]) for j in tail)
        ):
            # the label closes the page: every short line under it is another article (but not
            # lines that tell of the dead and wounded, which may be the article going on)
            found.update({k: "related link" for k in [i, *tail] if k not in removed})
            continue
        if i not in removed:
            # the label itself, over a list of items set off by a glyph: "More To Read" / "- …"
            nxt = next((x.strip() for x in lines[i + 1 :] if x.strip()), "")
            if not _GLYPH_ITEM.match(nxt):
                continue
            found[i] = "related link"
        for j in range(i + 1, len(lines)):
            item = lines[j].strip()
            if not item:
                continue
            first = not any(k in found for k in range(i + 1, j))
            headline = first and not _SENTENCE_CLOSE.search(item) and len(item.split()) <= 20
            if j in removed or not (headline or _GLYPH_ITEM.match(item)):
                break
            found[j] = "related link"
            if headline and not _GLYPH_ITEM.match(item):
                break
    return found


def _headline_run(lines: list[str], removed: dict[int, str]) -> dict[int, str]:
    """Below the headline, a stretch of four or more headlines of several words that end no
    sentence, with a line the rules removed among them or at either edge (a video player's
    "TODAY'S TOP STORIES", a "Watch: …" teaser, a caption): other stories' teasers
    ("Ramshackle house near new Detroit arena seeks $5M", "Happy National Puppy Day!"), not
    the article."""
    found: dict[int, str] = {}
    teasers: list[int] = []
    with_removed = False
    nonblank = [i for i, line in enumerate(lines) if line.strip()]
    for i in [*nonblank[1:], None]:
        item = lines[i].strip() if i is not None else ""
        if i is not None and i in removed:
            with_removed = True
            continue
        if (
            i is not None
            and 3 <= len(item.split()) <= 16
            and (_tail_label(item, 16) or item.endswith("!"))
        ):
            teasers.append(i)
            continue
        if len(teasers) >= 4 and with_removed:
            found.update(dict.fromkeys(teasers, "other articles"))
        teasers, with_removed = [], False
    return found


def _breadcrumb_title(lines: list[str], removed: dict[int, str]) -> dict[int, str]:
    """A breadcrumb at the top of the page, its last step the page's own title ("• vesti-ua.net",
    "• »", "• Новини", "• У Судані бойовики …"): three or more bulleted lines before any other,
    all but the last of them three words or fewer."""
    run: list[int] = []
    for i, line in enumerate(lines):
        item = line.strip()
        if not item:
            continue
        if not item.startswith("• "):
            break
        run.append(i)
    if len(run) < 3 or any(len(lines[i].split()) > 4 for i in run[:-1]):
        return {}
    return dict.fromkeys(run, "navigation")


# Other articles listed by date: "23.11.2024 Польские фермеры …"
_DATED_HEADLINE = re.compile(r"^\d{1,2}\.\d{1,2}\.\d{2,4}\s+\S.{2,150}$")


def _dated_headlines(lines: list[str], removed: dict[int, str]) -> dict[int, str]:
    """Two or more lines that each open with a date and end no sentence: a list of other
    articles with their dates."""
    dated = [
        i
        for i, line in enumerate(lines)
        if i not in removed
        and _DATED_HEADLINE.match(line.strip())
        and not _SENTENCE_CLOSE.search(line.strip())
    ]
    return dict.fromkeys(dated, "other articles") if len(dated) >= 2 else {}


# "Here is what we know so far:" over a list of points that sum up the story (the page's box,
# not the article's text).
_SUMMARY_LABEL = re.compile(
    r"^(here is|here's|here are)? ?what we know( so far| now)?:?$|^(the )?key (points|facts):?$|"
    r"^(що відомо|что известно)( на (цей|этот|данный) момент| наразі| сейчас| зараз)?:?$",
    re.I,
)


def _summary_box(lines: list[str], removed: dict[int, str]) -> dict[int, str]:
    """The label of a summary box and the points set off by a glyph under it."""
    found: dict[int, str] = {}
    for i, line in enumerate(lines):
        if i in removed or not _SUMMARY_LABEL.match(line.strip()):
            continue
        items = []
        for j in range(i + 1, len(lines)):
            item = lines[j].strip()
            if not item:
                continue
            if not _GLYPH_ITEM.match(item):
                break
            items.append(j)
        if items:
            found.update({k: "summary box" for k in [i, *items]})
    return found


_NAME_LINE = re.compile(
    r"^(?:[A-ZА-ЯЁІЇЄҐ][a-zа-яёіїєґ'’ʼ-]+)(?: [A-ZА-ЯЁІЇЄҐ][a-zа-яёіїєґ'’ʼ-]+){1,2}$"
)
_BYLINE_NEIGHBOURS = frozenset({"dateline", "credit", "time"})


def _name_bylines(lines: list[str], removed: dict[int, str]) -> dict[int, str]:
    """A writer's name alone on its line ("Недилько Ксения", "Анастасія Ковальова"): next to a
    date or credit line the rules removed, or printed twice in a row."""
    found: dict[int, str] = {}
    nonblank = [i for i, line in enumerate(lines) if line.strip()]
    for k, i in enumerate(nonblank):
        line = lines[i].strip()
        if i in removed or not _NAME_LINE.match(line):
            continue
        near = nonblank[max(0, k - 1) : k] + nonblank[k + 1 : k + 2]
        dated = any(removed.get(j) in _BYLINE_NEIGHBOURS for j in near)
        twice = any(lines[j].strip() == line for j in near)
        if dated or twice:
            found[i] = "credit"
    return found


_GALLERY_COUNT = re.compile(r"^(\d{1,2}) (?=[A-Z])")


def _gallery_captions(lines: list[str], removed: dict[int, str]) -> dict[int, str]:
    """Captions a gallery numbers with its count of pictures ("4 Omagh's Market Street …
    Credit: Pacemaker Press", "4 A picture shows …"): once one of them is a credited caption,
    the others with the same count before them are captions too."""
    counts = {
        m.group(1)
        for i, reason in removed.items()
        if reason == "credit" and (m := _GALLERY_COUNT.match(lines[i].strip()))
    }
    found: dict[int, str] = {}
    for i, line in enumerate(lines):
        m = _GALLERY_COUNT.match(line.strip())
        if (
            m
            and i not in removed
            and m.group(1) in counts
            and len(line.split()) <= 40
            and not _SENTENCE_CLOSE.search(line.strip())
        ):
            found[i] = "credit"
    return found


# A teaser under its label: "EARLIER: 1 dead in Christmas killing at …", ">>PHOTOS: …", "READ |
# Probable cause affidavit", "LAW ENFORCEMENT: Cops called over 600 times …" (a headline, so it
# ends no sentence; the update of the article itself, "UPDATE: The victim has died.", does; an
# embedded post's text, "BREAKING: … (@OakParkPD) …", is a media file)
_LABELLED_TEASER = re.compile(
    r"^(?!.*\(@\w)(>{1,3}\s*)?[A-Z][A-Z&'’]+(\s[A-Z&'’]+){0,2}\s*(:|\s\|)\s+\S.{8,200}"
    r"(?<![.!?:\"”’'])$"
)


def _labelled_teasers(lines: list[str], removed: dict[int, str]) -> dict[int, str]:
    """Teasers of other articles under a label in capitals, below the page's first line: that
    one is the article's own headline, written alike by US stations ("IMPD: 4 shot in apparent
    dice game gone bad")."""
    nonblank = [i for i, line in enumerate(lines) if line.strip()]
    return {
        i: "related link"
        for i in nonblank[1:]
        if i not in removed and _LABELLED_TEASER.match(lines[i].strip())
    }


def page_furniture(
    lines: list[str], removed: dict[int, str], main: str = "latin"
) -> dict[int, str]:
    """Lines that are furniture by where they stand rather than by what they say: the menu
    above a headline, a tag cloud at the end, labels above the headline and the page's tail
    after the article's last sentence (line index -> reason)."""
    found = {
        **_menu_above_headline(lines, removed),
        **_tag_cloud_at_end(lines, removed),
        **_caption_above_credit(lines, removed),
        **_after_legal_heading(lines),
        **_repeated_lines(lines, removed),
        **_dated_headlines(lines, removed),
        **_after_read_also(lines, removed),
        **_breadcrumb_title(lines, removed),
        **_headline_run(lines, removed),
        **_summary_box(lines, removed),
        **_gallery_captions(lines, removed),
        **_name_bylines(lines, removed),
        **_labelled_teasers(lines, removed),
    }
    found.update(_headlines_under_heading(lines, {**removed, **found}))
    known = {**removed, **found}
    return {**_above_headline(lines, known), **_page_tail(lines, known, main), **found}
