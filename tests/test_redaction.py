"""The shared redaction rules (realtime_sync._redaction), on their own.

Errors, logs, the CLI, fixtures and the sideband all use these functions;
the end-to-end canary checks are in test_secrets.py.
"""

import base64
import logging
import urllib.parse

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from realtime_sync import RealtimeClient, _redaction
from realtime_sync._redaction import (
    MIN_SECRET_LENGTH,
    REDACTED,
    SecretFilter,
    contains_secret,
    find_secrets,
    known_secrets,
    register_secret,
    scrub_bytes,
    scrub_headers,
    scrub_text,
    scrub_value,
)

KEY = "sk-proj-unitTEST0123456789abcdefXYZ"


def b64_at(prefix, key=KEY):
    return base64.b64encode((prefix + key).encode()).decode()


@pytest.mark.parametrize(
    "text",
    [
        "plain " + KEY,
        "glued x" + KEY + "y",
        "json \\u0073\\u006b-proj-unitTEST0123456789abcdefXYZ",
        "json-all " + "".join("\\u%04X" % ord(c) for c in KEY),
        "x-escape " + "".join("\\x%02x" % ord(c) for c in KEY),
        "percent " + urllib.parse.quote(KEY, safe=""),
        "percent-all " + "".join("%%%02x" % ord(c) for c in KEY),
        "percent-twice " + "".join("%%25%02X" % ord(c) for c in KEY),
        "mixed \\u0073k-proj-unit%54EST0123456789abcdefXYZ",
        "html " + "".join("&#%d;" % ord(c) for c in KEY),
        "html-hex " + "".join("&#x%x;" % ord(c) for c in KEY),
        "slashes " + KEY.replace("-", "\\-"),
        "upper " + KEY.upper(),
        "base64-0 " + b64_at(""),
        "base64-1 " + b64_at(":"),
        "base64-2 " + b64_at("u:"),
        "base64-url " + base64.urlsafe_b64encode(("\xff\xfe" + KEY).encode("latin-1")).decode(),
        "hex " + KEY.encode().hex(),
        "HEX " + KEY.encode().hex().upper(),
    ],
)
def test_a_known_secret_is_found_in_every_encoding(text):
    assert find_secrets(text, [KEY], known=False) == [KEY]
    scrubbed = scrub_text(text, [KEY], known=False)
    assert REDACTED in scrubbed
    assert not contains_secret(scrubbed, [KEY], known=False), scrubbed
    # Only the encoded secret is replaced: the words around it stay.
    assert scrubbed.split(" ", 1)[0] == text.split(" ", 1)[0]


@pytest.mark.parametrize(
    "text, token",
    [
        ("ek_abc", "ek_abc"),
        ("glued xek_abc-def!", "ek_abc-def"),
        ('{"ek_key": 1}', "ek_key"),
        ("ek_abc%2Ddef", "ek_abc-def"),
        ("ek%5Fabc", "ek_abc"),
        ("Basic " + base64.b64encode(b"ek_basic123:").decode(), "ek_basic123"),
        ("Basic " + base64.b64encode(b"user:ek_basic123").decode(), "ek_basic123"),
        ("Basic " + base64.b64encode(b"us:ek_basic123").decode(), "ek_basic123"),
        ("Basic " + base64.b64encode(b"u:ek_basic123").decode(), "ek_basic123"),
        ("key sk-proj-0123456789abcdefgh", "sk-proj-0123456789abcdefgh"),
        ("whsec_dGVzdC1zaWduaW5n", "whsec_dGVzdC1zaWduaW5n"),
    ],
)
def test_tokens_are_secrets_without_being_known(text, token):
    assert find_secrets(text, known=False) == [token]
    assert not contains_secret(scrub_text(text, known=False), known=False)


@pytest.mark.parametrize(
    "text",
    ["", "rtc_123 sess_456 gpt-realtime", "task-manager-0123456789abcdef", "peek at this", "100% done", "sk-short"],
)
def test_ordinary_text_is_left_alone(text):
    assert scrub_text(text, [KEY], known=False) is text
    assert find_secrets(text, [KEY], known=False) == []


def test_the_minimum_length_decides_what_is_hunted_beyond_the_literal():
    short = "s" * (MIN_SECRET_LENGTH - 1)
    long_enough = "s" * MIN_SECRET_LENGTH
    # Literally: both. Encoded or in another case: only the long one.
    assert scrub_text("a %s b" % short, [short], known=False) == "a <redacted> b"
    assert scrub_text("a %s b" % short.upper(), [short], known=False) == "a %s b" % short.upper()
    assert scrub_text("a %s b" % long_enough.upper(), [long_enough], known=False) == "a <redacted> b"
    encoded = base64.b64encode(short.encode()).decode()
    assert scrub_text(encoded, [short], known=False) == encoded
    assert scrub_text(base64.b64encode(long_enough.encode()).decode(), [long_enough], known=False) == REDACTED
    # The registry ignores short keys, keeps long ones.
    register_secret(short)
    assert short not in known_secrets()
    register_secret(long_enough)
    assert long_enough in known_secrets()


def test_a_replace_callback_names_the_secret_found():
    seen = []

    def replace(found):
        seen.append(found)
        return "<%d>" % len(seen)

    text = "a %s b ek_x%%2Dy c %s" % (urllib.parse.quote(KEY, safe=""), KEY.upper())
    assert scrub_text(text, [KEY], replace=replace, known=False) == "a <1> b <2> c <3>"
    assert seen == [KEY, "ek_x-y", KEY]


def test_registered_keys_and_the_environment_are_known(monkeypatch):
    monkeypatch.setenv("OPENAI_API_KEY", "sk-from-the-environment-0000")
    assert "sk-from-the-environment-0000" in known_secrets()
    assert scrub_text("x sk-from-the-environment-0000") == "x <redacted>"
    RealtimeClient("client-key-without-prefix-42")
    assert scrub_text("echo client-key-without-prefix-42") == "echo <redacted>"
    assert scrub_text("echo client-key-without-prefix-42", known=False) == "echo client-key-without-prefix-42"


def test_the_registry_is_bounded():
    for i in range(300):
        register_secret("bounded-registry-key-%04d" % i)
    known = known_secrets()
    assert "bounded-registry-key-0299" in known and "bounded-registry-key-0000" not in known
    assert len([k for k in known if k.startswith("bounded-registry-key-")]) == 256


def test_values_are_scrubbed_keys_included_and_deep_nesting_is_fine():
    value = {"ek_key": [KEY, {"v": "ek_v", "n": 1, "t": (KEY, None)}], "ok": "fine"}
    assert scrub_value(value, [KEY], known=False) == {
        REDACTED: [REDACTED, {"v": REDACTED, "n": 1, "t": [REDACTED, None]}],
        "ok": "fine",
    }
    assert value["ek_key"][0] == KEY  # a copy: the input is untouched
    deep = current = []
    for _ in range(50000):
        nxt = []
        current.append(nxt)
        current = nxt
    current.append("ek_deep")
    scrubbed = scrub_value(deep, known=False)
    for _ in range(50000):
        scrubbed = scrubbed[0]
    assert scrubbed == [REDACTED]


def test_bytes_keep_what_is_not_utf8_and_headers_are_scrubbed():
    data = b"\xff\xfe key=" + KEY.encode() + b" \x80"
    assert scrub_bytes(data, [KEY], known=False) == b"\xff\xfe key=<redacted> \x80"
    clean = b"\xff nothing"
    assert scrub_bytes(clean, [KEY], known=False) is clean
    assert scrub_headers([("x-request-id", KEY), ("x-ok", "1")], [KEY], known=False) == [
        ("x-request-id", REDACTED),
        ("x-ok", "1"),
    ]


def test_the_log_filter_renders_then_scrubs():
    record = logging.LogRecord("x", logging.INFO, __file__, 1, "a %s b %d", (KEY, 3), None)
    register_secret(KEY)
    assert SecretFilter().filter(record) is True
    assert record.getMessage() == "a <redacted> b 3"
    broken = logging.LogRecord("x", logging.INFO, __file__, 1, "a %s %s", ("only one",), None)
    assert SecretFilter().filter(broken) is True  # logging reports the bad format itself


# Secrets from a small alphabet share prefixes (the trie's branches) and are prefixes of each other;
# none of these characters is in REDACTED, so a leftover can only be a secret that was missed.
_ALIKE = st.text(alphabet="xyzXYZ019", min_size=MIN_SECRET_LENGTH, max_size=24)


@settings(max_examples=30, deadline=None)
@given(
    secrets=st.lists(_ALIKE, min_size=1, max_size=40, unique=True),
    picks=st.lists(st.tuples(st.integers(0, 39), st.booleans(), st.sampled_from(["", " ", "-", "\n"])), max_size=8),
)
def test_many_alike_secrets_are_all_found_whole_in_any_case(secrets, picks):
    # Each secret in the text may be upper-cased (a proxy) and glued to its neighbours.
    text = "".join(
        (secrets[i % len(secrets)].upper() if upper else secrets[i % len(secrets)]) + sep for i, upper, sep in picks
    )
    scrubbed = scrub_text(text, secrets, known=False)
    for secret in secrets:
        assert secret.lower() not in scrubbed.lower()
    assert scrub_text(text, secrets, known=False) == scrubbed


def test_a_longer_secret_wins_over_its_prefix_in_either_case():
    short, long = "xyzXYZ0123", "XYZxyz0123456789"
    assert scrub_text("a " + long.lower() + " b", [short, long], known=False) == "a " + REDACTED + " b"
    assert find_secrets("q" + long + "q", [short.upper(), long], known=False) == [long]


def test_non_ascii_secrets_and_text_are_matched_in_any_case():
    secret = "ключ-Секрет-0123"
    assert scrub_text("x " + secret.upper() + " y", [secret], known=False) == "x " + REDACTED + " y"
    assert scrub_text("é " + "SK-ASCII-ONLY-KEY-0123" + " é", ["sk-ascii-only-key-0123"], known=False) == (
        "é " + REDACTED + " é"
    )


def test_hundreds_of_registered_keys_find_each_one_in_a_large_body():
    # The registry holds up to 256 keys (one per client made in this process). Every one must
    # still be found, in its encodings, in a body of the size an error answer can have.
    keys = ["k%03d-" % n + base64.b32encode(bytes([n, n * 7 % 256, 3, n ^ 85, 9])).decode() * 3 for n in range(256)]
    for key in keys:
        register_secret(key)
    filler = base64.b64encode(bytes(range(256)) * 1200).decode()  # ~400 KB of base64-alphabet text
    hidden = [keys[3], keys[128].upper(), base64.b64encode(keys[200].encode()).decode(), keys[255].encode().hex()]
    body = filler[:1000] + hidden[0] + filler[1000:5000] + " " + " ".join(hidden[1:]) + " " + filler[5000:]
    scrubbed = scrub_text(body)
    assert scrubbed.count(REDACTED) == len(hidden)
    assert not any(h in scrubbed for h in hidden)


@settings(max_examples=50, deadline=None)
@given(
    words=st.lists(st.text(alphabet="ab.", min_size=1, max_size=7), min_size=1, max_size=30, unique=True),
    text=st.text(alphabet="ab.c", max_size=60),
)
def test_the_trie_shaped_alternation_finds_what_a_longest_first_alternation_finds(words, text):
    import re

    plain = re.compile("|".join(re.escape(w) for w in sorted(words, key=lambda w: (-len(w), w))))
    trie = re.compile(_redaction._alternation(words))
    assert [m.span() for m in trie.finditer(text)] == [m.span() for m in plain.finditer(text)]
