"""The coordinator pool from Python: kept in the file, ranked by the family's wishes, checked."""

import pytest

import kring

from story import person, walk


def entry(store, name, languages, available=True):
    return {
        "coordinator": {
            "person": person(store, name),
            "affiliations": [],
            "languages": languages,
            "gender": "female",
            "region": "Noord",
            "cultures": [],
            "religion": None,
        },
        "available": available,
    }


def test_the_pool_ranks_available_coordinators_by_the_familys_wishes_and_is_kept(tmp_path, clock):
    path = tmp_path / "pool.kring"
    with kring.Store.create(path) as store:
        case, _ = walk(store, clock, stop_after="request_conference")
        assert store.case(case).preferences.language == "nl"
        speaks_dutch = entry(store, "Lotte Vink", ["nl"])
        speaks_french = entry(store, "Bram Eggink", ["fr"])
        away = entry(store, "Iris Wolters", ["nl"], available=False)
        for e in (speaks_french, away, speaks_dutch):
            assert store.register_coordinator(e) is None
        assert len(store.coordinator_pool()) == 3
        ranked = store.match_coordinators(case)
        assert [m.coordinator.person.name for m in ranked] == ["Lotte Vink", "Bram Eggink"]
        assert [m.fits for m in ranked] == [["language"], []]
        assert away["coordinator"]["person"]["id"] not in {m.coordinator.person.id for m in ranked}
        dutch_id = speaks_dutch["coordinator"]["person"]["id"]
        assert store.pool_entry(dutch_id).to_dict() == speaks_dutch
        # A profile with an empty name is refused, typed, and the pool is unchanged.
        nameless = entry(store, "", ["nl"])
        with pytest.raises(kring.InvalidInput) as refused:
            store.register_coordinator(nameless)
        assert refused.value.code == "invalid_input"
        with pytest.raises(kring.NotFound) as unknown:
            store.pool_entry(nameless["coordinator"]["person"]["id"])
        assert unknown.value.code == "not_found"
        pool = store.coordinator_pool()
        assert len(pool) == 3
    # The pool is kept in the file.
    with kring.Store.open(path) as store:
        assert store.coordinator_pool() == pool
        assert store.pool_entry(dutch_id).available is True
        assert [m.coordinator.person.name for m in store.match_coordinators(case)] == ["Lotte Vink", "Bram Eggink"]
