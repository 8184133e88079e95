"""WHOQOL-BREF and Goal Attainment Scaling, scored exactly as DOMAIN.md §5, and the ``luukku score`` command."""

from __future__ import annotations

import json
import math

import pytest
from django.core.management import execute_from_command_line
from hypothesis import given
from hypothesis import strategies as st

from luukku.assessment import instruments

EXAMPLE = [4, 4, 4, 5, 4, 3, 4, 5, 3, 4, 5, 3, 4, 3, 4, 3, 4, 4, 5, 4, 3, 5, 4, 3, 4, 4]


def test_whoqol_worked_example_matches_domain_md():
    # given the worked example's raw answers
    # when scored
    result = instruments.whoqol_bref(EXAMPLE).as_json()
    # then Q1/Q2 are raw and the four domains are as DOMAIN.md §5 gives them
    assert result["q1"] == 4 and result["q2"] == 4
    expected = {
        "physical": (12.571, 53.57),
        "psychological": (15.333, 70.83),
        "social": (16.0, 75.00),
        "environment": (14.5, 65.625),
    }
    for domain, (score, score_100) in expected.items():
        assert result[domain]["score"] == pytest.approx(score, abs=0.01)
        assert result[domain]["score_100"] == pytest.approx(score_100, abs=0.01)


def test_whoqol_reverses_items_3_4_and_26():
    # given answers of 5 everywhere except items 3, 4 and 26, which are 1 (the best answer once reversed)
    answers = [5] * 26
    answers[2] = answers[3] = answers[25] = 1
    # when scored
    result = instruments.whoqol_bref(answers)
    # then every domain is at its maximum 20 (100)
    for domain in (result.physical, result.psychological, result.social, result.environment):
        assert domain.score == pytest.approx(20) and domain.score_100 == pytest.approx(100)


@pytest.mark.parametrize(
    ("domain", "items", "minimum"),
    [
        ("physical", (3, 4, 10, 15, 16, 17, 18), 6),
        ("psychological", (5, 6, 7, 11, 19, 26), 5),
        ("social", (20, 21, 22), 2),
        ("environment", (8, 9, 12, 13, 14, 23, 24, 25), 6),
    ],
)
def test_whoqol_domain_minimum_items(domain, items, minimum):
    # given the example with all but `minimum` items of one domain left unanswered
    enough = list(EXAMPLE)
    for number in items[minimum:]:
        enough[number - 1] = None
    too_few = list(enough)
    too_few[items[minimum - 1] - 1] = None
    # when both are scored (both still have at least 21 answers)
    scored = instruments.whoqol_bref(enough).as_json()
    unscored = instruments.whoqol_bref(too_few).as_json()
    # then the domain with its minimum is scored and one fewer makes it null, while the others stay
    assert scored[domain] is not None
    assert unscored[domain] is None
    assert all(unscored[other] is not None for other in instruments.WHOQOL_DOMAINS if other != domain)


def test_whoqol_mean_of_answered_items_only():
    # given the physical domain with item 18 unanswered
    answers = list(EXAMPLE)
    answers[17] = None
    # when scored
    result = instruments.whoqol_bref(answers)
    # then the mean is over the six answered items (6-4, 6-5, 4, 4, 3, 4) × 4
    assert result.physical.score == pytest.approx((2 + 1 + 4 + 4 + 3 + 4) / 6 * 4)


def test_whoqol_fewer_than_21_answered_is_discarded():
    # given 20 answered items
    answers = list(EXAMPLE[:20]) + [None] * 6
    # when scored
    result = instruments.whoqol_bref(answers)
    # then the whole form is discarded: every value is null
    assert result.discarded is True
    assert result.as_json() == {
        "q1": None,
        "q2": None,
        "physical": None,
        "psychological": None,
        "social": None,
        "environment": None,
    }


def test_whoqol_21_answered_is_scored():
    # given exactly 21 answered items (five of them empty, none from the same domain twice too many)
    answers = list(EXAMPLE)
    for number in (1, 2, 9, 11, 21):
        answers[number - 1] = None
    # when scored
    result = instruments.whoqol_bref(answers)
    # then it is not discarded; Q1 and Q2 are missing but the domains are scored
    assert result.discarded is False and result.answered == 21
    assert result.q1 is None and result.physical is not None and result.social is not None


@pytest.mark.parametrize("bad", [0, 6, -1, 3.5, True])
def test_whoqol_answer_outside_1_to_5_is_refused(bad):
    # given an answer outside 1–5
    answers = list(EXAMPLE)
    answers[4] = bad
    # when scored, then a clear Finnish message names the item
    with pytest.raises(instruments.InstrumentInputError, match="Kysymyksen 5 vastaus"):
        instruments.whoqol_bref(answers)


def test_whoqol_more_than_26_answers_is_refused():
    # given 27 answers, when parsed or scored, then both refuse
    with pytest.raises(instruments.InstrumentInputError, match="26 kysymystä"):
        instruments.parse_answers(",".join(["4"] * 27))
    with pytest.raises(instruments.InstrumentInputError, match="26 kysymystä"):
        instruments.whoqol_bref([4] * 27)


def test_parse_answers_empty_place_is_unanswered():
    # given "4,,4", when parsed, then the middle item is unanswered
    assert instruments.parse_answers("4,,4") == [4, None, 4]
    # and a place that is not a number is refused
    with pytest.raises(instruments.InstrumentInputError, match="ei ole kokonaisluku"):
        instruments.parse_answers("4,x,4")


@given(st.lists(st.one_of(st.none(), st.integers(min_value=1, max_value=5)), min_size=26, max_size=26))
def test_whoqol_scores_stay_within_their_ranges(answers):
    # given any answers 1–5 or unanswered, when scored
    result = instruments.whoqol_bref(answers)
    # then every domain score is within 4–20 and its transform within 0–100, and <21 answers means discarded
    for domain in (result.physical, result.psychological, result.social, result.environment):
        if domain is not None:
            assert 4 <= domain.score <= 20
            assert 0 <= domain.score_100 <= 100
    assert result.discarded == (sum(a is not None for a in answers) < 21)


def test_gas_worked_example_is_55():
    # given the worked example of DOMAIN.md §5, when scored, then T = 55.0
    result = instruments.gas_t_score([-2, 0, -1, 2, 0, 1], [3, 5, 1, 4, 2, 6])
    assert result.t_score == pytest.approx(55.0)
    assert result.as_json() == {"t_score": 55.0}


def test_gas_unweighted_means_all_weights_one():
    # given scores without weights
    scores = [-1, 0, 2]
    # when scored both ways, then they agree, and match the formula with w = 1
    expected = 50 + 10 * 1 / math.sqrt(0.7 * 3 + 0.3 * 9)
    assert instruments.gas_t_score(scores).t_score == pytest.approx(expected)
    assert instruments.gas_t_score(scores, [1, 1, 1]).t_score == pytest.approx(expected)


def test_gas_edge_cases():
    # given all goals at the expected level, then T is exactly 50
    assert instruments.gas_t_score([0, 0, 0, 0]).t_score == pytest.approx(50.0)
    # given all at +2 or −2 for three goals, then T = 50 ± 10·6/√(0.7·3 + 0.3·9)
    extreme = 10 * 6 / math.sqrt(0.7 * 3 + 0.3 * 9)
    assert instruments.gas_t_score([2, 2, 2]).t_score == pytest.approx(50 + extreme)
    assert instruments.gas_t_score([-2, -2, -2]).t_score == pytest.approx(50 - extreme)
    # given a single goal, then ±2 moves T by exactly 20
    assert instruments.gas_t_score([2]).t_score == pytest.approx(70.0)


@pytest.mark.parametrize(
    ("scores", "weights", "message"),
    [
        ([3, 0], None, "−2…\\+2"),
        ([-3], None, "−2…\\+2"),
        ([1, 0], [1], "painoja 1"),
        ([], None, "vähintään yhden"),
        ([1], [0], "positiivinen"),
    ],
)
def test_gas_bad_input_is_refused(scores, weights, message):
    # given a score outside −2…+2, mismatched lengths, no goals or a non-positive weight
    # when scored, then a clear message says what is wrong
    with pytest.raises(instruments.InstrumentInputError, match=message):
        instruments.gas_t_score(scores, weights)


@given(
    st.lists(st.integers(min_value=-2, max_value=2), min_size=1, max_size=12).flatmap(
        lambda scores: st.tuples(
            st.just(scores),
            st.lists(st.integers(min_value=1, max_value=10), min_size=len(scores), max_size=len(scores)),
        )
    )
)
def test_gas_is_monotone_and_symmetric(case):
    # given any scores and weights, when every score is negated
    scores, weights = case
    t = instruments.gas_t_score(scores, weights).t_score
    mirrored = instruments.gas_t_score([-x for x in scores], weights).t_score
    # then T mirrors around 50
    assert t - 50 == pytest.approx(50 - mirrored)


# --- The command ---------------------------------------------------------------------------------------------------


def run(capsys, *args):
    execute_from_command_line(["luukku", "score", *args])
    return capsys.readouterr().out


def test_cli_whoqol_json(capsys):
    # given the worked example on the command line, when scored with --json
    out = run(capsys, "whoqol-bref", "--answers", ",".join(map(str, EXAMPLE)), "--json")
    # then the JSON has q1, q2 and the four domains with score and score_100
    data = json.loads(out)
    assert set(data) == {"q1", "q2", "physical", "psychological", "social", "environment"}
    assert data["physical"]["score"] == pytest.approx(12.571, abs=0.01)
    assert data["environment"]["score_100"] == pytest.approx(65.625, abs=0.01)


def test_cli_whoqol_empty_place_and_discard(capsys):
    # given only three places, the middle one empty, when scored
    data = json.loads(run(capsys, "whoqol-bref", "--answers", "4,,4", "--json"))
    # then the form is discarded and every value is null
    assert all(value is None for value in data.values())


def test_cli_gas_json_with_negative_first_score(capsys):
    # given the worked example whose scores start with a minus sign, when scored
    out = run(capsys, "gas", "--scores", "-2,0,-1,2,0,1", "--weights", "3,5,1,4,2,6", "--json")
    # then T = 55.0
    assert json.loads(out) == {"t_score": 55.0}
    # and without weights every goal weighs 1
    assert json.loads(run(capsys, "gas", "--scores", "0,0", "--json")) == {"t_score": 50.0}


def test_cli_text_output(capsys):
    # given no --json, then the result is readable Finnish
    out = run(capsys, "gas", "--scores", "-2,0,-1,2,0,1", "--weights", "3,5,1,4,2,6")
    assert "55.0" in out and "T-luku" in out


@pytest.mark.parametrize(
    "args",
    [
        ("whoqol-bref", "--answers", "4,7,4", "--json"),
        ("whoqol-bref", "--answers", ",".join(["4"] * 27), "--json"),
        ("gas", "--scores", "-3,0", "--json"),
        ("gas", "--scores", "1,0", "--weights", "1", "--json"),
        ("gas", "--json"),
    ],
)
def test_cli_bad_input_exits_non_zero(capsys, args):
    # given bad input, when the command runs
    with pytest.raises(SystemExit) as exit_info:
        execute_from_command_line(["luukku", "score", *args])
    # then it exits non-zero with a message on standard error and nothing on standard output
    captured = capsys.readouterr()
    assert exit_info.value.code != 0
    assert captured.err.strip() and not captured.out.strip()
