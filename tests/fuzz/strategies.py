"""Odd input, as a browser, a script or a spreadsheet might send it."""

from hypothesis import strategies as st

# Characters of every category Python strings can hold and UTF-8 can carry (no lone surrogates),
# NUL and the other control characters included.
any_character = st.characters(codec="utf-8", min_codepoint=0)

ODD_TEXTS = [
    "",
    " ",
    "\x00",
    "before\x00after",
    "\t\r\n",
    "\u202eRTL override\u202c",
    "شارك في الحوار",
    "ทดสอบ",
    "👩‍👩‍👧‍👦🇮🇩",
    "\u200b\u200d\ufeff",
    "e\u0301\u0301\u0301",
    "\U0010ffff\uffff\ufffe",
    "\x7f\x85\u2028\u2029",
    "<script>alert(1)</script>",
    "'; DROP TABLE monitoring_activityreport; --",
    "=HYPERLINK(\"http://example.org\")",
    "%s %(x)s {0} {x}",
    "_x0000_",
]

odd_text = st.one_of(
    st.sampled_from(ODD_TEXTS),
    st.text(any_character, max_size=40),
    # Far beyond every max_length of the forms and models, in 1- to 4-byte characters.
    st.tuples(st.sampled_from(["x", "é", "中", "😀", "\x00"]), st.sampled_from([201, 256, 5001, 70000])).map(
        lambda pair: pair[0] * pair[1]
    ),
)

# The edges of the integer columns (32 and 64 bits) half the time: that is where databases differ.
huge_numbers = st.one_of(
    st.sampled_from([
        str(2**31), str(2**63 - 1), str(2**63), str(2**64), str(-(2**63)), str(-(2**63) - 1), "1" + "0" * 4300,
    ]),
    st.integers(min_value=-(10**40), max_value=10**40).map(str),
)

odd_numbers = st.one_of(
    huge_numbers,
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
    st.decimals(allow_nan=True, allow_infinity=True).map(str),
    st.sampled_from([
        "NaN", "-nan", "sNaN", "Infinity", "-Infinity", "inf", "1e999999999", "1E+5", "1e-7", "0E-1000000",
        "1e10", "9999999999.99", "10000000000", "0.005", "-0", "1_000", "1,5", "0x10", "١٢٣", "１２", "²", " 12 ",
        "12.", ".5", "+-1", "1" * 5000,
    ]),
    odd_text,
)

odd_dates = st.one_of(
    st.dates().map(lambda date: date.isoformat()),
    st.sampled_from([
        "2019-02-30", "2025-02-29", "2024-02-29", "99999-01-01", "0000-00-00", "0001-01-01", "9999-12-31", "-1",
        "2025-13-45", "2025-4-4", "04/04/2025", "4/5/25", "2025-04-04T10:00", "2025-04-04 10:00:00", "20250404",
        "1" * 100 + "-01-01", "2025-04-04\x00", "２０２５-０４-０４", "Apr 4 2025",
    ]),
    odd_text,
)

odd_ids = st.one_of(
    huge_numbers,
    st.sampled_from(["0", "-1", "", " ", "1.0", "1e3", "None", "null", "[]", "\x00", "１"]),
    odd_text,
)
