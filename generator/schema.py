"""The contract of the spec files: their registries, extra fields and algorithm tables.

The spec files are data, and this module is the contract they are checked against. A field's
`kind` decides how it is validated and how it is typed and printed in generated code.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class FieldSpec:
    """One key that entries of a registry or table may carry."""

    key: str
    kind: str  # str, int, bool, choice, ref, refs, member, members
    doc: str
    required: bool = False
    choices: tuple[str, ...] = ()
    target: str = ""  # ref: an algorithms table; member(s): a registry class name


@dataclass(frozen=True)
class RegistrySpec:
    """A registry that a spec file may define, and the generated names for it."""

    name: str
    module: str
    function_prefix: str
    fields: tuple[FieldSpec, ...]
    summary: str


@dataclass(frozen=True)
class TableSpec:
    """A named table of algorithms in algorithms.yaml."""

    key: str
    record: str
    constant_prefix: str
    fields: tuple[FieldSpec, ...]
    summary: str


_TLS_VERSIONS = "ProtocolVersion"
_REFERENCES = FieldSpec(
    "references", "refs", "Documents that define the value, as IANA cites them."
)
_DESCRIPTION = FieldSpec("description", "str", "The registry's description of the value.")
_NOTES = FieldSpec("notes", "str", "Remarks on irregular values, from the spec's reviewers.")

ALGORITHM_TABLES: tuple[TableSpec, ...] = (
    TableSpec(
        "hashes",
        "Hash",
        "HASH_",
        (
            FieldSpec("digest_size", "int", "Output length in bytes.", required=True),
            FieldSpec("hashlib_name", "str", "Name that hashlib.new() accepts, if any."),
            _REFERENCES,
            _DESCRIPTION,
        ),
        "A hash function that suites and signature schemes name.",
    ),
    TableSpec(
        "macs",
        "Mac",
        "MAC_",
        (
            FieldSpec("hash", "ref", "Hash under HMAC, if the MAC is an HMAC.", target="hashes"),
            FieldSpec("length", "int", "MAC length in bytes (0 for AEAD and NULL).", required=True),
            FieldSpec("key_length", "int", "MAC key length in bytes.", required=True),
            FieldSpec(
                "truncated_length",
                "int",
                "MAC length under truncated_hmac (RFC 6066, Section 7), if it applies.",
            ),
            _REFERENCES,
            _DESCRIPTION,
        ),
        "A record MAC algorithm (RFC 5246, Section 6.2.3.1).",
    ),
    TableSpec(
        "ciphers",
        "BulkCipher",
        "CIPHER_",
        (
            FieldSpec("algorithm", "str", "Block or stream cipher family.", required=True),
            FieldSpec(
                "type",
                "choice",
                "Cipher type of RFC 5246, Section 6.2.3.",
                required=True,
                choices=("stream", "block", "aead"),
            ),
            FieldSpec("mode", "str", "Mode of operation, if any."),
            FieldSpec(
                "key_length", "int", "Key material from the key block, in bytes.", required=True
            ),
            FieldSpec("expanded_key_length", "int", "Export ciphers: expanded key in bytes."),
            FieldSpec(
                "effective_key_bits",
                "int",
                "Strength in bits, where it is lower than the key bits (export, DES, 3DES).",
            ),
            FieldSpec(
                "block_size", "int", "Block size in bytes (0 for stream ciphers).", required=True
            ),
            FieldSpec(
                "fixed_iv_length", "int", "Implicit IV from the key block, in bytes.", required=True
            ),
            FieldSpec(
                "record_iv_length", "int", "Explicit IV per record, in bytes.", required=True
            ),
            FieldSpec(
                "tag_length", "int", "AEAD tag length in bytes (0 otherwise).", required=True
            ),
            FieldSpec("export", "bool", "Whether the cipher is export-grade (RFC 2246)."),
            _REFERENCES,
            _DESCRIPTION,
        ),
        "A bulk encryption algorithm with its TLS 1.2 lengths (RFC 5246, Appendix C).",
    ),
    TableSpec(
        "key_exchanges",
        "KeyExchange",
        "KX_",
        (
            FieldSpec("ephemeral", "bool", "Whether the server sends fresh key-exchange values."),
            FieldSpec("psk", "bool", "Whether a pre-shared key enters the pre-master secret."),
            _REFERENCES,
            _DESCRIPTION,
        ),
        "A TLS 1.2 key exchange algorithm (RFC 5246, Section 7.4.3).",
    ),
    TableSpec(
        "authentications",
        "Authentication",
        "AUTH_",
        (
            FieldSpec(
                "signature_algorithm",
                "str",
                "SignatureAlgorithm name of the certificate key; anonymous without one.",
                required=True,
            ),
            _REFERENCES,
            _DESCRIPTION,
        ),
        "How the server authenticates in a TLS 1.2 handshake.",
    ),
)

REGISTRIES: tuple[RegistrySpec, ...] = (
    RegistrySpec(
        "ProtocolVersion",
        "versions",
        "protocol_version",
        (
            FieldSpec("display", "str", "The version as people write it.", required=True),
            FieldSpec(
                "family",
                "choice",
                "Protocol family.",
                required=True,
                choices=("ssl", "tls", "dtls"),
            ),
            FieldSpec(
                "tls_equivalent",
                "member",
                "The TLS version whose rules apply (itself for SSL and TLS).",
                required=True,
                target=_TLS_VERSIONS,
            ),
            FieldSpec(
                "prf",
                "choice",
                "Key derivation of the version; DTLS versions take their tls_equivalent's.",
                choices=("ssl3", "tls10", "tls12", "hkdf"),
            ),
            FieldSpec(
                "cbc_iv",
                "choice",
                "Whether CBC records take the IV from the key block or carry it explicitly.",
                choices=("implicit", "explicit"),
            ),
            FieldSpec(
                "verify_data_length",
                "int",
                "Finished verify_data length; absent when it is the suite's hash length.",
            ),
        ),
        "A TLS, DTLS or SSL protocol version.",
    ),
    RegistrySpec(
        "CipherSuite",
        "cipher_suites",
        "cipher_suite",
        (
            FieldSpec(
                "key_exchange", "ref", "Key exchange; None for TLS 1.3.", target="key_exchanges"
            ),
            FieldSpec(
                "authentication",
                "ref",
                "Authentication; None for TLS 1.3.",
                target="authentications",
            ),
            FieldSpec("cipher", "ref", "Bulk cipher.", target="ciphers"),
            FieldSpec("mac", "ref", "Record MAC.", target="macs"),
            FieldSpec(
                "prf_hash", "ref", "TLS 1.2 PRF hash, or the TLS 1.3 HKDF hash.", target="hashes"
            ),
            FieldSpec("export", "bool", "Whether the suite is export-grade."),
            FieldSpec("scsv", "bool", "Whether the value only signals (RFC 5746, RFC 7507)."),
            FieldSpec(
                "min_version", "member", "Lowest TLS version that allows it.", target=_TLS_VERSIONS
            ),
            FieldSpec(
                "max_version", "member", "Highest TLS version that allows it.", target=_TLS_VERSIONS
            ),
            FieldSpec("openssl_name", "str", "OpenSSL's name for the suite."),
            FieldSpec("gnutls_name", "str", "GnuTLS's name for the suite."),
            _NOTES,
        ),
        "A cipher suite and its decomposition.",
    ),
    RegistrySpec(
        "NamedGroup",
        "groups",
        "group",
        (
            FieldSpec(
                "kind",
                "choice",
                "Kind of group.",
                choices=("short_weierstrass", "montgomery", "ffdhe", "mlkem", "hybrid", "explicit"),
            ),
            FieldSpec(
                "field", "choice", "Field of an elliptic curve.", choices=("prime", "binary")
            ),
            FieldSpec("bits", "int", "Size of the curve's field or the group's modulus, in bits."),
            FieldSpec("security_bits", "int", "Estimated security strength in bits."),
            FieldSpec("tls13_only", "bool", "Whether only TLS 1.3 may negotiate it."),
            FieldSpec("obsolete", "bool", "Whether IANA marks it obsolete."),
            FieldSpec("openssl_name", "str", "OpenSSL's group name."),
            FieldSpec("cryptography", "str", "The pyca/cryptography class that implements it."),
            FieldSpec(
                "components",
                "members",
                "Hybrids: the groups combined, in wire order.",
                target="NamedGroup",
            ),
            _NOTES,
        ),
        "A supported group (elliptic curve, finite-field group or KEM).",
    ),
    RegistrySpec("ECPointFormat", "groups", "ec_point_format", (_NOTES,), "An EC point format."),
    RegistrySpec(
        "SignatureScheme",
        "signature_schemes",
        "signature_scheme",
        (
            FieldSpec("signature_algorithm", "str", "Signature algorithm."),
            FieldSpec(
                "hash", "ref", "Hash signed over, if separate from the algorithm.", target="hashes"
            ),
            FieldSpec(
                "curve", "member", "Curve the scheme is bound to, if any.", target="NamedGroup"
            ),
            FieldSpec("tls12", "bool", "Whether TLS 1.2 allows it in signatures."),
            FieldSpec("tls13", "bool", "Whether TLS 1.3 allows it in signatures."),
            _NOTES,
        ),
        "A signature scheme (RFC 8446, Section 4.2.3).",
    ),
    RegistrySpec(
        "HashAlgorithm",
        "signature_schemes",
        "hash_algorithm",
        (FieldSpec("hash", "ref", "The hash function.", target="hashes"), _NOTES),
        "A TLS 1.2 hash algorithm (RFC 5246, Section 7.4.1.4.1).",
    ),
    RegistrySpec(
        "SignatureAlgorithm",
        "signature_schemes",
        "signature_algorithm",
        (_NOTES,),
        "A TLS 1.2 signature algorithm (RFC 5246, Section 7.4.1.4.1).",
    ),
    RegistrySpec(
        "ExtensionType",
        "extensions",
        "extension_type",
        (
            FieldSpec(
                "tls13", "str", "TLS 1.3 messages that may carry it (RFC 8446, Section 4.2)."
            ),
            _NOTES,
        ),
        "A TLS extension type.",
    ),
    RegistrySpec(
        "MaxFragmentLength",
        "extensions",
        "max_fragment_length",
        (FieldSpec("length", "int", "Maximum fragment length in bytes.", required=True), _NOTES),
        "A max_fragment_length value (RFC 6066, Section 4).",
    ),
    RegistrySpec(
        "HeartbeatMode", "extensions", "heartbeat_mode", (_NOTES,), "A heartbeat mode (RFC 6520)."
    ),
    RegistrySpec(
        "HeartbeatMessageType",
        "extensions",
        "heartbeat_message_type",
        (_NOTES,),
        "A heartbeat message type (RFC 6520).",
    ),
    RegistrySpec("AlertLevel", "alerts", "alert_level", (_NOTES,), "An alert level."),
    RegistrySpec(
        "AlertDescription", "alerts", "alert_description", (_NOTES,), "An alert description."
    ),
    RegistrySpec(
        "HandshakeType", "handshake", "handshake_type", (_NOTES,), "A handshake message type."
    ),
    RegistrySpec("ContentType", "handshake", "content_type", (_NOTES,), "A record content type."),
    RegistrySpec(
        "CompressionMethod", "compression", "compression_method", (_NOTES,), "A compression method."
    ),
)

REGISTRY_BY_NAME = {registry.name: registry for registry in REGISTRIES}

# Spec files in generation order: a module comes after the modules it imports.
SPEC_FILES: tuple[str, ...] = (
    "algorithms",
    "versions",
    "groups",
    "signature_schemes",
    "cipher_suites",
    "extensions",
    "alerts",
    "handshake",
    "compression",
    "session",
    "key_schedule",
)

COMMON_ENTRY_KEYS = (
    "code",
    "name",
    "dtls_ok",
    "recommended",
    "references",
    "comment",
    "description",
)
