"""Cleaning: boilerplate removal, encodings, HTML, PDF, language, and bad input."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from casefile.errors import CasefileError
from casefile.text import clean_document

SEED = Path(__file__).resolve().parent.parent / "data" / "seed" / "bucha-report.txt"


def test_seed_boilerplate_removed_with_reasons() -> None:
    cleaned = clean_document(SEED.read_bytes(), None, SEED.name)
    reasons = [r.reason for r in cleaned.removed]
    assert reasons.count("advertisement") == 5
    assert reasons.count("donation appeal") == 1
    assert "Advert" not in cleaned.text.split("\n")
    assert "click here" not in cleaned.text
    assert cleaned.text.startswith("Russia has been accused")
    assert cleaned.language.code == "en"
    assert cleaned.encoding == "utf-8"


def test_cp1251_ukrainian_text() -> None:
    text = "Росія заперечує всі звинувачення щодо Бучі, заявили в Києві.\nРеклама\n"
    cleaned = clean_document(text.encode("cp1251"), "text/plain", "report.txt")
    assert cleaned.text == "Росія заперечує всі звинувачення щодо Бучі, заявили в Києві."
    assert cleaned.language.code == "uk"
    assert [r.reason for r in cleaned.removed] == ["advertisement"]


def test_russian_detected() -> None:
    cleaned = clean_document(
        "Песков отверг обвинения в причастности к убийствам.".encode(), None, "r.txt"
    )
    assert cleaned.language.code == "ru"


def test_html_main_text_and_date() -> None:
    body = "<p>Ukrainian officials said 12 civilians were killed in Bucha on Sunday.</p>" * 3
    html = (
        "<html><head><title>Report</title><meta property='article:published_time' "
        "content='2022-04-04'></head><body><nav>Home | World | Sport</nav><article>"
        f"<h1>Bodies found</h1>{body}<p>Advertisement</p>"
        "<p>Sign up for our newsletter here</p></article><footer>Contact us</footer></body></html>"
    )
    cleaned = clean_document(html.encode(), "text/html", "page.html")
    assert "12 civilians were killed in Bucha" in cleaned.text
    assert "Home | World" not in cleaned.text
    assert "newsletter" not in cleaned.text
    assert cleaned.media_type == "text/html"


def test_newsletter_and_click_here_lines() -> None:
    raw = (
        "Shelling hit Kharkiv overnight.\nSubscribe to our newsletter\n"
        "Click here to read more\nThree people were injured, officials said."
    )
    cleaned = clean_document(raw.encode(), None, "a.txt")
    assert (
        cleaned.text
        == "Shelling hit Kharkiv overnight.\nThree people were injured, officials said."
    )
    assert {r.reason for r in cleaned.removed} == {"newsletter prompt", "click-through prompt"}


def test_empty_file() -> None:
    with pytest.raises(CasefileError, match="empty"):
        clean_document(b"  \n", None, "empty.txt")


def test_binary_named_txt() -> None:
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4
    with pytest.raises(CasefileError, match="binary"):
        clean_document(png, None, "photo.txt")


def test_broken_html_without_text() -> None:
    with pytest.raises(CasefileError, match="no article text"):
        clean_document(b"<html><body><div><script>var x=1;</script><div", "text/html", "b.html")


def test_fifty_megabytes_refused() -> None:
    big = b"Shelling continued in Kharkiv. " * (50 * 1024 * 1024 // 31)
    with pytest.raises(CasefileError, match="over the"):
        clean_document(big, None, "dump.txt")


def test_scanned_pdf_reported_not_pretended() -> None:
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    buf = io.BytesIO()
    writer.write(buf)
    with pytest.raises(CasefileError, match="no text layer"):
        clean_document(buf.getvalue(), None, "scan.pdf")


def test_not_a_pdf() -> None:
    with pytest.raises(CasefileError, match="not a readable PDF"):
        clean_document(b"%PDF-1.4 garbage garbage", None, "x.pdf")


def test_unknown_language_warns() -> None:
    cleaned = clean_document(
        b"Lorem ipsum dolor sit amet, consectetur adipiscing elit.", None, "l.txt"
    )
    assert cleaned.language.code == "unknown"
    assert any("language could not be determined" in w for w in cleaned.warnings)


def test_mixed_language_noted() -> None:
    en = "Officials in Kyiv said that the shelling of residential areas continued overnight. " * 3
    uk = "Посадовці в Києві заявили, що обстріл житлових кварталів тривав усю ніч. " * 3
    cleaned = clean_document(f"{en}\n{uk}".encode(), None, "m.txt")
    assert set(cleaned.language.mixed) == {"en", "uk"}
    assert any("mixed-language" in w for w in cleaned.warnings)


def _text_pdf(lines: list[str]) -> bytes:
    """A one-page PDF with a real text layer (Helvetica), written by hand: no PDF library
    in the project writes text."""
    ops = (
        "BT /F1 12 Tf 72 720 Td 14 TL "
        + " ".join(
            "(" + ln.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)") + ") '"
            for ln in lines
        )
        + " ET"
    )
    objects = [
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        "/Resources << /Font << /F1 5 0 R >> >> >>",
        f"<< /Length {len(ops)} >>\nstream\n{ops}\nendstream",
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = b"%PDF-1.4\n"
    offsets = []
    for i, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{i} 0 obj\n{body}\nendobj\n".encode("latin-1")
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    for off in offsets:
        out += f"{off:010d} 00000 n \n".encode()
    out += (
        f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n"
    ).encode()
    return out


def test_pdf_text_layer_extracted() -> None:
    pdf = _text_pdf(
        [
            "At least 12 civilians were killed in Izium, officials said.",
            "Advertisement",
            "Prosecutors have opened a war crimes investigation.",
        ]
    )
    cleaned = clean_document(pdf, "application/pdf", "report.pdf")
    assert "At least 12 civilians were killed in Izium" in cleaned.text
    assert "Advertisement" not in cleaned.text
    assert cleaned.media_type == "application/pdf"
    assert cleaned.language.code == "en"
