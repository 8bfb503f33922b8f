"""From the bytes of a document to cleaned article text, with a record of what was removed."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import asdict, dataclass, field
from datetime import date
from pathlib import PurePath
from typing import Any

from casefile.errors import CasefileError
from casefile.text.boilerplate import (
    Cut,
    Verdict,
    classify_line,
    cut_appeals,
    is_byline,
    is_other_script,
    page_furniture,
    scripts,
)
from casefile.text.encoding import decode_text, looks_binary
from casefile.text.html import html_to_text
from casefile.text.language import LanguageGuess, detect_language
from casefile.text.line_model import furniture_by_model
from casefile.text.main_block import outside_main_block
from casefile.text.related import cut_related_boxes

# A news report is kilobytes; tens of megabytes of "text" is a dump or a mistake, and
# extraction time grows with length, so refuse early with a clear message.
MAX_TEXT_BYTES = 10 * 1024 * 1024
MAX_PDF_BYTES = 200 * 1024 * 1024


@dataclass(frozen=True)
class RemovedLine:
    """A line removed, or the appeal sentence cut from the start or end of a line that stays
    (then ``text`` is that sentence only, and the rest of line ``line`` is in the text)."""

    text: str
    reason: str
    line: int  # 0-based line number in the text before removal


@dataclass(frozen=True)
class CleanedText:
    text: str
    removed: list[RemovedLine]
    language: LanguageGuess
    media_type: str
    encoding: str | None = None
    published: date | None = None  # from the page's metadata (HTML), when it states one
    warnings: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        out = asdict(self)
        out["published"] = self.published.isoformat() if self.published else None
        return out


def _media_type(data: bytes, media_type: str | None, name: str) -> str:
    if media_type:
        mt = media_type.split(";")[0].strip().lower()
        if mt in ("application/pdf",):
            return "application/pdf"
        if mt in ("text/html", "application/xhtml+xml"):
            return "text/html"
        if mt.startswith("text/"):
            return "text/plain"
    suffix = PurePath(name).suffix.lower()
    if data[:5] == b"%PDF-":
        return "application/pdf"
    if suffix == ".pdf":
        return "application/pdf"
    if suffix in (".html", ".htm", ".xhtml"):
        return "text/html"
    head = data[:2048].lstrip().lower()
    if head.startswith((b"<!doctype html", b"<html")) or b"<body" in head:
        return "text/html"
    return "text/plain"


def normalise(text: str) -> str:
    """NFC, one kind of space and newline; quote marks are kept as they are (they carry meaning)."""
    text = unicodedata.normalize("NFC", text)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = text.replace("\u00a0", " ").replace("\u2009", " ").replace("\u202f", " ")
    text = text.replace("\u200b", "").replace("\ufeff", "")
    text = re.sub(r"[ \t]+", " ", text)
    text = "\n".join(line.strip() for line in text.split("\n"))
    return re.sub(r"\n{3,}", "\n\n", text).strip()


# Markdown kept by a post copied out of a messenger or a notes app: a link's text stays, its
# address goes ("— [написал](https://t.me/…) он"); bold and italic marks go when they pair up.
_MD_LINK = re.compile(r"(?<!!)\[([^\]\n]{1,200})\]\((?:https?://|tg://|mailto:)[^)\s]{1,300}\)")
_MD_BOLD = re.compile(r"\*\*(?=\S)(.+?)\*\*")
_MD_ITALIC = re.compile(r"(?<!\w)__(?=\S)(.+?)__(?!\w)")  # not "file__name"


def unmark(line: str) -> str:
    """The line without its Markdown: "**Погибли двое**" -> "Погибли двое"."""
    line = _MD_LINK.sub(r"\1", line)
    return _MD_ITALIC.sub(r"\1", _MD_BOLD.sub(r"\1", line))


def clean_text(
    text: str, *, use_model: bool = True, whole_page: bool = True
) -> tuple[str, list[RemovedLine]]:
    """Drop boilerplate lines, and appeals glued onto the start or end of a line; the rest is
    kept verbatim, one paragraph per line. The rules go first; then the trained model of lines
    (``line_model``) takes what they kept and it judges furniture (``use_model``); then, on a
    whole web page saved as text, what lies outside the article's block (``main_block``;
    ``whole_page=False`` for text that cannot be one: an HTML page's extracted article, a
    PDF's text)."""
    lines = normalise(text).split("\n")
    counts = scripts(text)
    main = "cyrillic" if counts["cyrillic"] > counts["latin"] else "latin"
    # an appeal glued on first, so a short lead is not lost with it as a "prompt line"
    cut = [_cut_glued_on(line) for line in lines]
    nonblank = [i for i, line in enumerate(lines) if line.strip()]
    edges = (nonblank[0], nonblank[-1]) if nonblank else (-1, -1)
    verdicts = [_verdict(rest, i, edges, main) for i, (rest, _) in enumerate(cut)]
    found = {i: v.reason for i, v in enumerate(verdicts) if v is not None}
    for i, reason in page_furniture([rest for rest, _ in cut], found, main).items():
        verdicts[i] = Verdict(reason)
    if use_model:
        ruled = {i: v.reason for i, v in enumerate(verdicts) if v is not None}
        for i, reason in furniture_by_model([rest for rest, _ in cut], ruled).items():
            verdicts[i] = Verdict(reason)
    if whole_page:
        ruled = {i: v.reason for i, v in enumerate(verdicts) if v is not None}
        for i, reason in outside_main_block([rest for rest, _ in cut], ruled).items():
            verdicts[i] = Verdict(reason)
    kept: list[str] = []
    removed: list[RemovedLine] = []
    for i, (line, (rest, cuts), verdict) in enumerate(zip(lines, cut, verdicts, strict=True)):
        if verdict is None:
            kept.append(unmark(rest))
            removed.extend(RemovedLine(c.text, c.reason, i) for c in cuts)
        else:  # the whole line, for the reason the whole line has (if it has one)
            removed.append(RemovedLine(line, (classify_line(line) or verdict).reason, i))
    out = re.sub(r"\n{3,}", "\n\n", "\n".join(_unwrap(kept))).strip()
    return out, removed


def _cut_glued_on(line: str) -> tuple[str, list[Cut]]:
    """The line without the related-articles boxes glued inside it and the appeals glued onto
    its start or end, and what was cut."""
    rest, boxes = cut_related_boxes(line)
    rest, appeals = cut_appeals(rest)
    return rest, boxes + appeals


_OPEN_END = re.compile(r"(?:[^\W\d_]|,)$")


def _unwrap(lines: list[str]) -> list[str]:
    """A paragraph hard-wrapped mid-sentence, one piece a line ("… killed four policemen and" /
    "wounded 27 others," its spokesman Abdiasis" / "Abu Musab said."), joined back: a line
    ending in a letter or comma followed by one starting in lower case; once a paragraph is seen
    to be wrapped, its next lines too while it stays open, so a name broken over a line is one."""
    out: list[str] = []
    wrapped = False
    for line in lines:
        prev = out[-1] if out else ""
        opens = bool(prev) and _OPEN_END.search(prev) is not None and bool(line)
        if opens and (line[:1].islower() or wrapped):
            out[-1] = f"{prev} {line}"
            wrapped = True
            continue
        wrapped = False
        out.append(line)
    return out


def _verdict(rest: str, i: int, edges: tuple[int, int], main: str) -> Verdict | None:
    """Why line `i` (`rest`, without its glued appeals) is not the article, or None; `edges`
    are the first and last non-blank lines."""
    verdict = classify_line(rest)
    if verdict is None and is_other_script(rest, main):
        verdict = Verdict("other language")
    first, last = edges
    if (
        verdict is None
        and last > 2
        and is_byline(rest, last=i == last, edge=i in (first, last), main=main)
    ):
        verdict = Verdict("credit")
    return verdict


def clean_document(data: bytes, media_type: str | None, name: str) -> CleanedText:
    """Cleaned text of a plain-text, HTML or PDF document; CasefileError if there is none."""
    if not data or not data.strip():
        raise CasefileError(f"{name}: file is empty")
    kind = _media_type(data, media_type, name)
    warnings: list[str] = []
    encoding: str | None = None
    published: date | None = None
    decoded = ""
    if kind == "application/pdf":
        if len(data) > MAX_PDF_BYTES:
            raise CasefileError(f"{name}: PDF is {len(data) // 2**20} MB, over the 200 MB limit")
        from casefile.text.pdf import pdf_to_text

        raw, warnings = pdf_to_text(data, name)
    else:
        if len(data) > MAX_TEXT_BYTES:
            raise CasefileError(
                f"{name}: {len(data) // 2**20} MB of text is over the {MAX_TEXT_BYTES // 2**20} MB "
                "limit for one report; split it into its articles first"
            )
        if looks_binary(data) and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
            raise CasefileError(
                f"{name}: looks like a binary file (NUL or control bytes), not text"
            )
        raw, encoding = decode_text(data, name)
        if kind == "text/html":
            decoded = raw
            raw, published, warnings = html_to_text(raw, name)
    text, removed = clean_text(raw, whole_page=kind == "text/plain")
    if kind == "text/html" and sum(ch.isalpha() for ch in text) < 3:
        # the precise extraction found only a reprint notice or a link: take the page's
        # text more widely ("This copy is for your personal, non-commercial use only.")
        raw, published, warnings = html_to_text(decoded, name, favor_precision=False)
        text, removed = clean_text(raw, whole_page=False)
    if sum(ch.isalpha() for ch in text) < 3:
        raise CasefileError(f"{name}: no readable text left after cleaning")
    language = detect_language(text)
    if language.code == "unknown":
        warnings.append("language could not be determined; facts are extracted with English rules")
    if language.mixed:
        parts = ", ".join(f"{k} {v:.0%}" for k, v in sorted(language.mixed.items()))
        warnings.append(f"mixed-language text ({parts})")
    return CleanedText(text, removed, language, kind, encoding, published, warnings)
