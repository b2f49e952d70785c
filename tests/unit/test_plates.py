"""Plate maths: the plates on each side of a bar, from the plates the person owns."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from spinewise.domain.plates import DEFAULT_PLATES, PlateError, plate_load

KG = DEFAULT_PLATES["kg"]


def test_a_load_the_plates_make_is_loaded_heaviest_first() -> None:
    found = plate_load(target=100, bar=20, plates=KG, unit="kg")
    assert found.exact and found.loaded == 100
    assert found.per_side == (25.0, 15.0)
    assert found.words() == "Bar 20 kg, each side: 25 + 15"


def test_the_bar_alone_needs_no_plates() -> None:
    found = plate_load(target=20, bar=20, plates=KG, unit="kg")
    assert found.exact and found.per_side == ()
    assert "no plates" in found.words()


def test_only_plates_owned_in_pairs_go_on() -> None:
    # one pair of 20s: 100 kg needs 40 a side, so 20 + 15 + 5 instead of 20 + 20
    found = plate_load(target=100, bar=20, plates={20.0: 2, 15.0: 2, 5.0: 2}, unit="kg")
    assert found.per_side == (20.0, 15.0, 5.0)
    # a single plate cannot be used: it would unbalance the bar
    alone = plate_load(target=60, bar=20, plates={20.0: 1, 10.0: 4}, unit="kg")
    assert alone.per_side == (10.0, 10.0)


def test_heaviest_first_backs_off_when_the_rest_cannot_be_made() -> None:
    found = plate_load(target=60, bar=20, plates={15.0: 2, 10.0: 4}, unit="kg")
    assert found.exact and found.per_side == (10.0, 10.0)


def test_a_load_the_plates_cannot_make_says_so_with_the_nearest_below_and_above() -> None:
    found = plate_load(target=101, bar=20, plates=KG, unit="kg")
    assert not found.exact
    assert (found.below, found.above) == (100.0, 102.5)
    assert found.loaded == 100.0 and found.per_side == (25.0, 15.0)
    assert found.words().startswith("101 kg cannot be made with your plates; nearest: 100 kg or 102.5 kg.")


def test_a_load_beyond_every_plate_has_nothing_above() -> None:
    found = plate_load(target=500, bar=20, plates=KG, unit="kg")
    assert not found.exact and found.above is None
    assert found.below == 20 + sum(w * c for w, c in KG.items())  # every plate on


def test_a_load_under_the_bar_names_the_bar_as_the_nearest_above() -> None:
    found = plate_load(target=15, bar=20, plates=KG, unit="kg")
    assert not found.exact and found.below is None and found.above == 20


def test_pounds_with_pound_plates() -> None:
    found = plate_load(target=225, bar=45, plates=DEFAULT_PLATES["lb"], unit="lb")
    assert found.exact and found.per_side == (45.0, 45.0)
    odd = plate_load(target=137.5, bar=45, plates=DEFAULT_PLATES["lb"], unit="lb")
    assert not odd.exact and (odd.below, odd.above) == (135.0, 140.0)


def test_fractional_plates_add_up_exactly() -> None:
    found = plate_load(target=22.5, bar=20, plates={1.25: 2}, unit="kg")
    assert found.exact and found.per_side == (1.25,)


@pytest.mark.parametrize(("bar", "plates", "message"), [
    (-1, KG, "bar"), (20, {0.0: 2}, "plates"), (20, {20.0: -2}, "plates"), (20, {0.001: 2}, "plates"),
])
def test_an_impossible_inventory_is_refused_naming_it(bar: float, plates: dict[float, int], message: str) -> None:
    with pytest.raises(PlateError, match=f"^{message}:"):
        plate_load(target=60, bar=bar, plates=plates, unit="kg")


@given(st.dictionaries(st.sampled_from([25.0, 20.0, 15.0, 10.0, 5.0, 2.5, 1.25]), st.integers(0, 8), max_size=7),
       st.floats(0, 300).map(lambda x: round(x * 4) / 4))
def test_what_is_said_always_adds_up(plates: dict[float, int], target: float) -> None:
    found = plate_load(target=target, bar=20, plates=plates, unit="kg")
    assert found.loaded == pytest.approx(20 + 2 * sum(found.per_side))
    for plate in set(found.per_side):
        assert found.per_side.count(plate) <= plates[plate] // 2
    if found.exact:
        assert found.loaded == pytest.approx(target)
    else:
        assert found.below is None or found.below < target
        assert found.above is None or found.above > target
        assert found.below is None or found.loaded == pytest.approx(found.below)
