import datetime as dt
import json

from hypothesis import given
from hypothesis import strategies as st

from luukku.audit import chain


def reference_canonical(values):
    """The canonical form as the chain defines it: json.dumps of the chained fields."""
    payload = {}
    for field in chain.CHAINED_FIELDS:
        value = values.get(field)
        if isinstance(value, dt.datetime):
            value = value.astimezone(dt.UTC).isoformat(timespec="microseconds")
        elif value is not None and not isinstance(value, str):
            value = str(value)
        payload[field] = value
    return json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


field_value = st.one_of(
    st.none(),
    st.text(),
    st.integers(min_value=0, max_value=2**63 - 1),
)
moments = st.datetimes(
    min_value=dt.datetime(2000, 1, 1), max_value=dt.datetime(2100, 1, 1), timezones=st.just(dt.UTC)
)


@given(
    values=st.fixed_dictionaries(dict.fromkeys(chain.CHAINED_FIELDS, field_value)),
    moment=moments,
)
def test_fast_canonical_form_is_byte_for_byte_the_json_form(values, moment):
    # given any values for the chained fields, including quotes, control characters and non-ASCII text
    values["occurred_at"] = moment

    # when both serialisations are made
    fast = chain.canonical(values)

    # then they are identical, so a hash computed either way is the same
    assert fast == reference_canonical(values)
    assert chain.row_hash([values[f] for f in chain.CHAINED_FIELDS]) == chain.entry_hash(values)


def test_helsinki_time_and_utc_time_of_the_same_instant_hash_alike():
    # given one instant written in Helsinki time and in UTC
    helsinki = dt.datetime(2026, 11, 23, 14, 0, 0, 5, tzinfo=dt.timezone(dt.timedelta(hours=2)))
    utc = helsinki.astimezone(dt.UTC)

    # when entries differing only in that representation are hashed
    # then the hashes are the same, and the serialisation shows UTC with microseconds
    assert chain.entry_hash({"occurred_at": helsinki}) == chain.entry_hash({"occurred_at": utc})
    assert b'"occurred_at":"2026-11-23T12:00:00.000005+00:00"' in chain.canonical({"occurred_at": utc})
