"""The case report, HTML and PDF, built from a real ingested report; the PDF is rendered to PNG."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from casefile.errors import CasefileError
from casefile.export.bag import select_items
from casefile.export.check import verify_exports
from casefile.export.report import gather, render_html, write_report
from casefile.vault.workspace import Workspace


def test_html_report_has_every_section_with_data(ingested: Workspace, tmp_path: Path) -> None:
    shas = select_items(ingested, None)
    out = write_report(ingested, shas, tmp_path / "case.html", "html", "Bucha")
    html = out.read_text()
    for heading in (
        "Summary",
        "Sources",
        "The death toll over time",
        "Map",
        "Claims and denials against the evidence",
        "Appendix: evidence items and their custody",
    ):
        assert f"<h2>{heading}</h2>" in html, heading
    for sha in shas:
        assert sha in html  # every item's full hash in the appendix
    assert "massacre of civilians" in html and "2022-04-04" in html
    assert "“410”" in html and "ABC" in html  # the toll with who said it
    assert html.count("data:image/svg+xml;base64,") == 2  # toll chart and map
    assert 'class="denies">denies' in html and "Kremlin" in html
    with ingested.db.read() as conn:
        last = list(ingested.ledger.entries(conn))[-1]
    assert b'"exported"' in last.body and b'"format":"html"' in last.body
    assert all(c.ok for c in verify_exports(ingested))


def test_sections_without_data_are_left_out(sqlite_workspace: Workspace, tmp_path: Path) -> None:
    from casefile.vault.acquire import add_sources

    f = tmp_path / "note.bin"
    f.write_bytes(b"\x00\x01binary")
    add_sources(sqlite_workspace, [str(f)])
    html = render_html(gather(sqlite_workspace, select_items(sqlite_workspace, None), "t"))
    assert "death toll" not in html and "<h2>Map</h2>" not in html
    assert "<h2>Sources</h2>" in html and "note.bin" in html


def test_report_refuses_existing_file_and_bad_format(ingested: Workspace, tmp_path: Path) -> None:
    shas = select_items(ingested, None)
    (tmp_path / "there.html").write_text("x")
    with pytest.raises(CasefileError, match="already exists"):
        write_report(ingested, shas, tmp_path / "there.html", "html")
    with pytest.raises(CasefileError, match="--format must be one of"):
        write_report(ingested, shas, tmp_path / "r.docx", "docx")


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="needs pdftoppm (poppler-utils)")
def test_pdf_report_renders(ingested: Workspace, tmp_path: Path) -> None:
    pytest.importorskip("weasyprint", reason="PDF needs the weasyprint package")
    out = write_report(ingested, select_items(ingested, None), tmp_path / "case.pdf", "pdf")
    assert out.read_bytes().startswith(b"%PDF-")
    subprocess.run(["pdftoppm", "-r", "50", "-png", str(out), str(tmp_path / "page")], check=True)
    pages = sorted(tmp_path.glob("page-*.png"))
    assert len(pages) >= 2
    text = subprocess.run(
        ["pdftotext", str(out), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "The death toll over time" in text and "Kremlin" in text
    keep = Path("/tmp/casefile-report-pages")  # for a human to look at after the run
    keep.mkdir(exist_ok=True)
    for page in pages:
        shutil.copy(page, keep / page.name)
