"""Clustering: decisions and contradicting records keep persons apart."""

from __future__ import annotations

from casefile.people.cluster import Profile, cluster


def test_people_links_do_not_chain_through_contradicting_records() -> None:
    # 1 and 3: two namesakes with different full birth dates; 2 (age only) links to both
    profiles = {1: Profile("M", "1960-04-12"), 2: Profile("M", None), 3: Profile("M", "1987-09-30")}
    edges = [(1, 2, 0.97), (2, 3, 0.95)]
    cl = cluster([1, 2, 3], edges, 0.9, profiles=profiles)
    assert cl.person_of[1] == cl.person_of[2] != cl.person_of[3]
    assert cl.contradicted == {(2, 3)}
    # without profiles the chain joins all three
    assert len(set(cluster([1, 2, 3], edges, 0.9).person_of.values())) == 1


def test_people_typo_in_a_birth_date_or_swapped_day_is_no_contradiction() -> None:
    profiles = {
        1: Profile("F", "1975-04-26"),
        2: Profile("F", "1975-04-21"),  # one digit (and two from another list's typo)
        3: Profile("F", "1975-06-14"),  # another day and month
        4: Profile(None, "1975-04-26"),
    }
    cl = cluster([1, 2, 3, 4], [(1, 2, 0.99), (1, 4, 0.99), (2, 3, 0.98)], 0.9, profiles=profiles)
    assert cl.person_of[1] == cl.person_of[2] == cl.person_of[4] != cl.person_of[3]
    swapped = {1: Profile(None, "1975-04-06"), 2: Profile(None, "1975-06-04")}
    assert len(set(cluster([1, 2], [(1, 2, 0.99)], 0.9, profiles=swapped).person_of.values())) == 1


def test_people_two_sexes_do_not_chain_but_the_model_and_a_reviewer_judge_a_pair() -> None:
    profiles = {1: Profile("M"), 2: Profile(None), 3: Profile("F")}
    chain = cluster([1, 2, 3], [(1, 2, 0.99), (2, 3, 0.98)], 0.9, profiles=profiles)
    assert chain.person_of[1] == chain.person_of[2] != chain.person_of[3]
    assert chain.contradicted == {(2, 3)}
    # a pair on its own: its sexes were weighed by the model that scored it
    direct = cluster([1, 3], [(1, 3, 0.99)], 0.9, profiles=profiles)
    assert direct.person_of[1] == direct.person_of[3]
    decided = cluster([1, 2, 3], [(1, 2, 0.99)], 0.9, same=[(2, 3), (1, 3)], profiles=profiles)
    assert len(set(decided.person_of.values())) == 1
    # but a model's link does not chain onto what a reviewer joined
    joined = cluster([1, 2, 3], [(1, 2, 0.99)], 0.9, same=[(2, 3)], profiles=profiles)
    assert joined.person_of[2] == joined.person_of[3] != joined.person_of[1]


def test_people_a_record_that_saw_both_birth_dates_bridges_them() -> None:
    # 1: the original; 2 a duplicate with a wrong birth date, 3 one with a typo in it. The
    # model linked 2 to 1 with both dates in view, so 2 and 3 may share a person through 1.
    profiles = {
        1: Profile(None, "1961-08-23"),
        2: Profile(None, "1994-02-11"),
        3: Profile(None, "1961-08-28"),
    }
    edges = [(1, 3, 0.99), (1, 2, 0.97)]
    cl = cluster([1, 2, 3], edges, 0.9, profiles=profiles)
    assert len(set(cl.person_of.values())) == 1
    assert not cl.contradicted
    # a record in between without a birth date saw nothing: the chain stays broken
    blind = {**profiles, 1: Profile(None, None)}
    cl = cluster([1, 2, 3], edges, 0.9, profiles=blind)
    assert cl.person_of[1] == cl.person_of[3] != cl.person_of[2]
    assert cl.contradicted == {(1, 2)}
    # and a bridge with a birth date but no sex does not bridge two sexes
    sexes = {1: Profile(None, "1961-08-23"), 2: Profile("M", None), 3: Profile("F", None)}
    cl = cluster([1, 2, 3], edges, 0.9, profiles=sexes)
    assert cl.person_of[1] == cl.person_of[3] != cl.person_of[2]
