from __future__ import annotations

import json

import pytest

from luukku.catalogue.vocabulary import DATA_FILE, age_from_text, load, query_words, vocabulary


def test_every_topic_of_the_vocabulary_is_reachable_from_everyday_words():
    # given the situation vocabulary data file
    vocab = vocabulary()
    # when the topics its entries lead to are collected
    reachable = {code for entry in vocab.entries for code in entry.topics}
    # then each of the 29 topics can be reached, and only known topics are used
    assert len(vocab.topics) == 29
    assert reachable == set(vocab.topics)


def test_a_vocabulary_naming_an_unknown_topic_is_refused(tmp_path):
    # given a copy of the vocabulary with an entry pointing at a service id instead of a topic
    data = json.loads(DATA_FILE.read_text(encoding="utf-8"))
    data["situations"].append({"words": ["turva"], "topics": {"turvakoti": 1.0}})
    broken = tmp_path / "vocabulary.json"
    broken.write_text(json.dumps(data), encoding="utf-8")
    # when it is loaded
    # then it is refused, naming the unknown code
    with pytest.raises(ValueError, match="turvakoti"):
        load(broken)


@pytest.mark.parametrize(
    ("text", "topic", "danger"),
    [
        ("mies uhkaa tappaa mut", "violence", True),
        ("kukaan ei haluu olla mun kaa välkällä", "bullying", False),
        ("poika ei suostu menemään kouluun ja pelaa yöt", "school_absence", False),
        ("eron jälkeen riidellään lasten tapaamisista", "custody_dispute", False),
        ("vår dotter blir mobbad på nätet", "bullying", False),
        ("my 16 year old stopped eating", "mental_health", False),
    ],
)
def test_everyday_words_are_read_as_topics_and_danger(text, topic, danger):
    # given a family's own words
    # when the vocabulary reads them
    reading = vocabulary().read(query_words(text))
    # then the situation's topic is found and danger is flagged only where it is
    assert topic in reading.topics
    assert reading.danger is danger


@pytest.mark.parametrize(
    ("text", "age"),
    [
        ("14v kertoo", 14),
        ("8-vuotias sanoo", 8),
        ("kaksoset 6kk", 0),
        ("my 16 year old", 16),
        ("en 8-åring", 8),
        ("oon 17 eikä", 17),
        ("ei ikää", None),
    ],
)
def test_age_is_read_from_the_text(text, age):
    # given a text that may tell the child's age
    # when the age is read
    # then it is the age the text tells, or None
    assert age_from_text(text) == age
