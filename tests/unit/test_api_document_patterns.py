"""The OpenAPI document's patterns say exactly what the code accepts."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest

from spinewise.domain.catalog import TEMPO_PATTERN, TEMPO_RE
from spinewise.domain.errors import InputError
from spinewise.domain.validation import integer_between
from spinewise.training.sets import CLIENT_ID_PATTERN, CLIENT_ID_RE
from spinewise.web.bodies import DATE_SCHEMA, iso_date


def _iso_date_takes(text: str) -> bool:
    try:
        iso_date(text)
    except InputError:
        return False
    return True


def test_the_date_pattern_matches_exactly_the_days_iso_date_takes():
    pattern = re.compile(DATE_SCHEMA["pattern"])
    day = date(1899, 11, 1)
    while day <= date(2201, 2, 28):
        text = day.isoformat()
        assert bool(pattern.fullmatch(text)) == _iso_date_takes(text), text
        day += timedelta(days=1)


@pytest.mark.parametrize("text", ["2026-02-29", "1900-02-29", "2100-02-29", "2026-04-31", "2026-13-01",
                                  "2026-00-10", "2026-1-01", "20260301", "1899-12-31", "2201-01-01"])
def test_the_date_pattern_refuses_what_iso_date_refuses(text):
    assert not re.fullmatch(DATE_SCHEMA["pattern"], text)
    assert not _iso_date_takes(text)


@pytest.mark.parametrize("text", ["3-1-2", "X-0-X", "2-0-1-0"])
def test_tempo_pattern_and_code_agree_on_tempos(text):
    assert re.search(TEMPO_PATTERN, text) and TEMPO_RE.match(text)


@pytest.mark.parametrize("text", ["3-1-2\n", "\uff13-1-2", "\u0663-1-2", "3-1", "x-1-2"])
def test_tempo_refuses_a_final_newline_and_non_ascii_digits(text):
    assert TEMPO_RE.match(text) is None


@pytest.mark.parametrize("text", ["abc\n", "\u0663", "", "a" * 65])
def test_client_id_refuses_what_its_documented_pattern_refuses(text):
    assert CLIENT_ID_RE.match(text) is None
    assert re.search(CLIENT_ID_PATTERN, text) is None or text.endswith("\n")


def test_an_integral_float_is_an_integer_as_in_json_schema():
    check = integer_between(0, 10)
    assert check(3.0) == 3 and isinstance(check(3.0), int)
    for bad in (3.5, True, 11.0, "3"):
        with pytest.raises(ValueError):
            check(bad)
