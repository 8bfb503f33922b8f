"""The article text (and its publication date when the page states one) out of an HTML page."""

from __future__ import annotations

from datetime import date

from casefile.errors import CasefileError


def html_to_text(
    markup: str, name: str, *, favor_precision: bool = True
) -> tuple[str, date | None, list[str]]:
    """Main text, the page's publication date, warnings."""
    import trafilatura

    warnings: list[str] = []
    if "<" not in markup or ">" not in markup:
        raise CasefileError(f"{name}: declared as HTML but contains no markup")
    lowered = markup.lower()
    if "</html>" not in lowered and "</body>" not in lowered:
        warnings.append("HTML is truncated (no closing </body> or </html>); text may be incomplete")
    try:
        text = trafilatura.extract(
            markup,
            include_comments=False,
            include_tables=True,
            favor_precision=favor_precision,
            favor_recall=not favor_precision,
            deduplicate=False,
            with_metadata=False,
        )
    except Exception as exc:  # lxml raises a zoo of parser errors on broken markup
        raise CasefileError(f"{name}: HTML could not be parsed ({exc})") from exc
    if not text or not text.strip():
        raise CasefileError(
            f"{name}: no article text found in the HTML (broken page, or only navigation/scripts)"
        )
    published: date | None = None
    try:
        meta = trafilatura.extract_metadata(markup)
        if meta is not None and meta.date:
            published = date.fromisoformat(str(meta.date)[:10])
    except (ValueError, TypeError, AttributeError):
        warnings.append("publication date on the page could not be read")
    return text, published, warnings
