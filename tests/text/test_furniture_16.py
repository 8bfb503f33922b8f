"""Page furniture of US local news (issue 25, twenty-first round), in wording written for the
test:
- from the English dev splits' misses: a station's promises of more ("Stay with … as more
  information becomes available", "… will continue to follow this story", "Tune in tonight
  …"), its site's notices and paywall, a paper's credits ("Contributing: …", "… contributed.",
  "Call Star reporter …", a sign-off after a dash, a photographer's credit in capitals), rules
  drawn in characters, teasers under a label in capitals, captions closed by a credit in
  brackets, gallery captions, cut link addresses, a correction notice;
- from the most frequent lines of 1,500 Gun Violence Archive pages nobody annotated: account
  forms, widgets, update times;
- article lines that look alike stay, and so do the page's own headline written "AGENCY:
  headline" and a dateline cut from its paragraph (it says where)."""

from __future__ import annotations

import pytest
from furniture_helpers import ARTICLE_EN
from furniture_helpers import removed_lines as _removed


def _page(line: str) -> str:
    return f"Market attack\n\n{ARTICLE_EN}\n\n{line}\n\nMore text of the article."


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ("Stay with Channel 9 News for new information as it becomes available.", "reader prompt"),
        ("Stay with KXYZ 4 Eyewitness News as more details come in.", "reader prompt"),
        ("WXYZ NOW will continue to follow this story throughout the day.", "reader prompt"),
        ("Tune in tonight at 10 & 11 for the latest.", "reader prompt"),
        ("Please refresh this KXYZ.com page for updates to this story.", "reader prompt"),
        ("For the latest updates on this story, follow Jane Roe on Twitter.", "reader prompt"),
        ("Keep up-to-date with the latest news in the valley. Get our app!", "reader prompt"),
        ("Read more in Thursday’s Example Courier.", "reader prompt"),
        ("Read the complete story...", "reader prompt"),
        ("Breaking News Alerts", "reader prompt"),
        ("See a typo? Report it here", "reader prompt"),
        ("This slideshow requires JavaScript.", "reader prompt"),
        ("Having trouble viewing the video? Try disabling any ad blockers.", "reader prompt"),
        ("Subscription Required", "reader prompt"),
        ("The story you’re reading is premium content from The Example Daily.", "reader prompt"),
        ("Have an online subscription? Login Now Need an online subscription?", "reader prompt"),
        ("Need an account? Create one now.", "reader prompt"),
        ("Contributing: Ann Lee in Springfield; The Associated Press", "credit"),
        ("Staff Writer Jane Roe contributed.", "credit"),
        ("Call Star reporter Jane Roe at (555) 444-6123. Follow her: @janeroe.", "credit"),
        ("— Jane Roe", "credit"),
        ("JOHN DOE/REUTERS", "credit"),
        ("Jane Roe,/AP", "credit"),
        (
            "Jane Roe, John Doe and Ann Lee are Example Chronicle staff writers. Email: "
            "jroe@example.com, jdoe@example.com Twitter: @janeroe",
            "credit",
        ),
        ("-----", "separator"),
        ("***********", "separator"),
        ("=" * 60, "separator"),
        ("EARLIER: 1 dead in shooting at a downtown club", "related link"),
        (">>PHOTOS: Scene of the market shooting", "related link"),
        ("READ | Probable cause affidavit", "related link"),
        ("LAW ENFORCEMENT: Officers called 600 times to the block", "related link"),
        ("8/23/2016 Related Story: Police investigate second shooting in two days", "related link"),
        ("Related:", "related link"),
        ("UPDATE:", "related link"),
        ("Other top stories:", "related link"),
        ("The boy's brother called 911 after the shooting. (WXYZ)", "credit"),
        ("A man was shot at a home on Main Street. (MGN photo)", "credit"),
        ("Officers taped off the block after the shooting. (Source: KXYZ News)", "credit"),
        ("Three people were hurt at a market. (Published Tuesday, Oct 7, 2014)", "credit"),
        ("A 3-year-old was shot at a complex on Thursday night. (Channel 2 Action News)", "credit"),
        ("Photo: Jane Roe Image 1 of / 4 Caption Close Image 1 of 4 Police at work", "credit"),
        ("www.example.com/.../2 \u00ad154071/", "site mark"),
        ("by: Jane Roe, John Doe Updated: Nov 2, 2016 - 9:51 AM", "dateline"),
        ("This story has been corrected to show that the shooting was on Friday.", "correction"),
        (". All rights reserved.", "legal"),
        # the frequent lines of 1,500 Gun Violence Archive pages nobody annotated
        ("Close", "reader prompt"),
        ("A A", "reader prompt"),
        ("Watch this story", "reader prompt"),
        ("Scroll down for video", "reader prompt"),
        ("Like this: Like Loading...", "reader prompt"),
        ("Thank you for registering!", "reader prompt"),
        ("We have sent you a verification email. Please check your email.", "reader prompt"),
        ("Your notification has been saved.", "reader prompt"),
        ("Close Get email notifications on Jane Roe daily!", "reader prompt"),
        ("Whenever Jane Roe posts new content, you'll get an email.", "reader prompt"),
        ("Already a subscriber?", "reader prompt"),
        ("Follow KXYZ.COM: Facebook | Twitter", "reader prompt"),
        (">>Download the KXYZ 2 News app for iOS and Android", "reader prompt"),
        ("Crime incidents per 1,000 residents: 2,345", "reader prompt"),
        ("Lake Effect Snow Warning issued January 7 at 3:14PM EST expiring …", "reader prompt"),
        ("Saturday 9:40 a.m. UPDATE", "dateline"),
        ("UPDATE @ 3:30 p.m.:", "dateline"),
        ("Created: 6/4/2016 7:25 PM KXYZ.com", "dateline"),
        ("ORIGINAL STORY:", "related link"),
        ("Image 2 of 7 Deputies investigate the scene of the shooting.", "credit"),
        ("Two of the victims are in critical condition. (Photo Source: KXYZ News)", "credit"),
        (
            "(TM and © Copyright 2014 Example Radio Inc. All Rights Reserved. This material may "
            "not be published.)",
            "legal",
        ),
    ],
)
def test_a_us_local_sites_lines(line: str, reason: str) -> None:
    assert _removed(_page(line)).get(line.strip()) == reason


def test_a_long_buy_photo_caption_goes() -> None:
    line = "Buy Photo " + "Candles sit outside the club where a man was killed. " * 8
    assert _removed(_page(line)).get(line.strip()) == "reader prompt"


@pytest.mark.parametrize(
    "line",
    [
        "UPDATE: The victim died at the hospital on Sunday.",
        "Police said the man was taken to University Medical Center (UMC).",
        "Stay with your family, police told residents.",
        "The officers will continue to search the area, the chief said.",
        "Several neighbors contributed to a fund for the family.",
        "The story of the shooting was corrected by police on Monday.",
        "Police asked anyone with information to call (555) 444-6123.",
        "The suspect was taken into custody at about 4 a.m., police said (VIDEO)",
        "SULLIVAN COUNTY, Tenn. -",
    ],
)
def test_article_lines_stay(line: str) -> None:
    assert line.strip() not in _removed(_page(line))


def test_the_pages_own_headline_in_capitals_stays() -> None:
    text = f"IMPD: 4 shot in apparent dice game gone bad\n\n{ARTICLE_EN}"
    assert "IMPD: 4 shot in apparent dice game gone bad" not in _removed(text)
