"""Printouts a clinic hands over: the client report and the exercise handout, as PDF.

``client_files`` makes the PDFs the web and the command line hand out; ``documents`` builds each one's HTML (Jinja2 templates in ``templates/``, charts as SVG
drawn in ``charts``) from the use cases' typed results; ``pdf`` turns HTML into PDF with
WeasyPrint, imported only when a PDF is asked for, so the rest of spinewise runs where
WeasyPrint's system libraries (Pango) are missing: asking for a PDF there raises
``PdfUnavailable`` (a 503 on the web, one line and exit 1 on the command line).
"""

from __future__ import annotations

from spinewise.printouts.client_files import client_report_pdf, handout_pdf, pdf_file_name
from spinewise.printouts.documents import client_report_html, handout_html
from spinewise.printouts.pdf import PdfUnavailable, html_to_pdf

__all__ = ["PdfUnavailable", "client_report_html", "client_report_pdf", "handout_html", "handout_pdf",
           "html_to_pdf", "pdf_file_name"]
