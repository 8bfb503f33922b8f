"""Text out of a PDF's text layer. A scan without one is reported, never OCR-guessed."""

from __future__ import annotations

import io

from casefile.errors import CasefileError

# Fewer letters than this per page on average: the pages are images (a scan), not text.
_MIN_LETTERS_PER_PAGE = 20


def pdf_to_text(data: bytes, name: str) -> tuple[str, list[str]]:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    warnings: list[str] = []
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            try:
                reader.decrypt("")
            except Exception as exc:
                raise CasefileError(f"{name}: PDF is encrypted and cannot be read") from exc
        pages = [page.extract_text() or "" for page in reader.pages]
    except CasefileError:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, OSError) as exc:
        raise CasefileError(f"{name}: not a readable PDF ({exc})") from exc
    if not pages:
        raise CasefileError(f"{name}: PDF has no pages")
    letters = sum(ch.isalpha() for page in pages for ch in page)
    if letters < _MIN_LETTERS_PER_PAGE * len(pages):
        raise CasefileError(
            f"{name}: PDF has no text layer ({len(pages)} page(s), {letters} letters): "
            "it is a scan and needs OCR, which casefile does not do; "
            "the original is kept as evidence"
        )
    empty = [i + 1 for i, page in enumerate(pages) if not page.strip()]
    if empty:
        warnings.append(f"pages without a text layer (scanned?): {empty}")
    return "\n\n".join(pages), warnings
