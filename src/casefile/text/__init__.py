"""Cleaning: bytes of plain text, HTML or PDF to the article text that facts are extracted from.

`clean_document` is the one entry point; spans of every extracted fact refer to `CleanedText.text`.
"""

from casefile.text.clean import CleanedText, RemovedLine, clean_document, clean_text
from casefile.text.language import LanguageGuess, detect_language

__all__ = [
    "CleanedText",
    "LanguageGuess",
    "RemovedLine",
    "clean_document",
    "clean_text",
    "detect_language",
]
