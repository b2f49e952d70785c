"""HTML to PDF with WeasyPrint, loaded only when a PDF is made."""

from __future__ import annotations

import logging
from typing import Any

from spinewise.domain.errors import SpinewiseError

log = logging.getLogger("spinewise.printouts")


class PdfUnavailable(SpinewiseError):
    """WeasyPrint (or the system libraries it needs, Pango and a font) cannot be loaded
    here: no PDF can be made, everything else works."""

    def __init__(self, reason: str) -> None:
        self.message = ("PDFs cannot be made on this server: WeasyPrint could not be loaded "
                        f"({reason}); install Pango (Debian: apt-get install libpango-1.0-0 "
                        "libpangoft2-1.0-0) and a font")
        super().__init__(self.message)


def _weasyprint() -> Any:
    try:
        import weasyprint
    except (ImportError, OSError) as exc:  # OSError: a missing shared library (Pango)
        log.warning("WeasyPrint unavailable: %s", exc)
        raise PdfUnavailable(str(exc).splitlines()[0] if str(exc) else type(exc).__name__) from None
    return weasyprint


def html_to_pdf(html: str) -> bytes:
    """The PDF of a self-contained HTML document (its styles in ``<style>``, charts as
    inline SVG; nothing is fetched from anywhere). Its ``<title>`` becomes the PDF's."""
    weasyprint = _weasyprint()

    def no_fetching(url: str, *_args: Any, **_kwargs: Any) -> dict[str, Any]:
        raise ValueError(f"printouts fetch nothing ({url[:60]})")

    document = weasyprint.HTML(string=html, url_fetcher=no_fetching, base_url=None)
    pdf: bytes = document.write_pdf()
    return pdf
