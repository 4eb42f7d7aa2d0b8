"""Hypothesis strategies drawn from the cipher-suite registry and IANA's export of it."""

from __future__ import annotations

import tlsspec
from hypothesis import strategies as st
from tlsspec import CipherSuiteInfo, Status

from tests import iana_csv
from tests.paths import SOURCES

# RFC 8701, Section 2: 0x0A0A, 0x1A1A, ... 0xFAFA.
GREASE_CODES = tuple(0x0A0A + 0x1010 * index for index in range(16))

_EXPORT_ROWS = iana_csv.read(SOURCES / "tls-parameters-4.csv")
_UNASSIGNED_ROWS = tuple(row for row in _EXPORT_ROWS if row.status is Status.UNASSIGNED)
_PRIVATE_USE_ROWS = tuple(row for row in _EXPORT_ROWS if row.status is Status.PRIVATE_USE)


def cipher_suites() -> st.SearchStrategy[CipherSuiteInfo]:
    """Draw the record of any assigned cipher suite, signalling values included."""
    return st.sampled_from(tlsspec.cipher_suite_infos())


def negotiable_cipher_suites() -> st.SearchStrategy[CipherSuiteInfo]:
    """Draw the record of an assigned suite that is not a signalling value (SCSV)."""
    return st.sampled_from([info for info in tlsspec.cipher_suite_infos() if not info.scsv])


def openssl_named_suites() -> st.SearchStrategy[CipherSuiteInfo]:
    """Draw the record of an assigned suite that has an OpenSSL name."""
    return st.sampled_from(
        [info for info in tlsspec.cipher_suite_infos() if info.openssl_name is not None]
    )


def gnutls_named_suites() -> st.SearchStrategy[CipherSuiteInfo]:
    """Draw the record of an assigned suite that has a GnuTLS name."""
    return st.sampled_from(
        [info for info in tlsspec.cipher_suite_infos() if info.gnutls_name is not None]
    )


def grease_codes() -> st.SearchStrategy[int]:
    """Draw one of the 16 GREASE values of RFC 8701, Section 2."""
    return st.sampled_from(GREASE_CODES)


def unassigned_codes() -> st.SearchStrategy[int]:
    """Draw a value from a row that IANA's export marks Unassigned, GREASE values excluded."""
    rows = st.sampled_from(_UNASSIGNED_ROWS)
    codes = rows.flatmap(lambda row: st.integers(min_value=row.first, max_value=row.last))
    return codes.filter(lambda code: code not in GREASE_CODES)


def private_use_codes() -> st.SearchStrategy[int]:
    """Draw a value from the range that IANA's export reserves for private use."""
    rows = st.sampled_from(_PRIVATE_USE_ROWS)
    return rows.flatmap(lambda row: st.integers(min_value=row.first, max_value=row.last))


def unregistered_names(registered: frozenset[str]) -> st.SearchStrategy[str]:
    """Draw a string that is not in `registered`, shaped like a suite name or not at all."""
    suite_like = st.from_regex(r"TLS_[A-Z0-9_]{1,40}", fullmatch=True)
    openssl_like = st.from_regex(r"[A-Z0-9]{1,10}(-[A-Z0-9]{1,10}){0,4}", fullmatch=True)
    return st.one_of(suite_like, openssl_like, st.text(max_size=40)).filter(
        lambda name: name not in registered
    )
