"""Rules that tie fields of entries together, checked once every reference resolves.

The schema checks each field alone. These rules catch entries whose fields contradict each
other or the RFCs, so that a suite cannot lose its cipher or gain a TLS 1.3 key exchange
without an error at the offending line.
"""

from __future__ import annotations

from generator.errors import ErrorLog
from generator.model import Entry, Spec

_ALGORITHM_FIELDS = ("key_exchange", "authentication", "cipher", "mac", "prf_hash")
# The groups a hybrid may combine (draft-ietf-tls-ecdhe-mlkem): a KEM and an ECDH group.
_HYBRID_PARTS = frozenset({"mlkem", "short_weierstrass", "montgomery"})
# The TLS 1.3 messages of RFC 8446, Section 4.2, abbreviated as its table does.
_TLS13_MESSAGES = ("CH", "SH", "EE", "CT", "CR", "NST", "HRR")


# The spec files each group of rules reads. A group runs only when all of them validated
# without error, so that a broken file yields its own errors and no follow-on ones.
_RULE_INPUTS = {
    "suites": {"cipher_suites", "versions", "algorithms"},
    "versions": {"versions"},
    "authentications": {"algorithms", "signature_schemes"},
    "groups": {"groups"},
    "signature_schemes": {"signature_schemes", "groups", "algorithms"},
    "extensions": {"extensions"},
}


def check_rules(spec: Spec, log: ErrorLog, clean: set[str]) -> None:
    """Log every entry that breaks a rule of its registry.

    `clean` names the spec files (by stem) that validated without error; rules that read
    any other file are skipped.
    """
    for registry in spec.registries.values():
        if registry.spec.module not in clean:
            continue
        for entry in registry.entries:
            if not entry.references:
                log.add(
                    entry.position,
                    f"{registry.spec.name} entry {entry.name!r} has no references",
                    "add 'references: [...]' naming the RFC or registry that defines it",
                )
        check_unique_names(registry.spec.name, registry.entries, log)
        if registry.grease:
            for entry in registry.entries:
                if is_grease(entry.code):
                    log.add(
                        entry.position,
                        f"{registry.spec.name} entry {entry.name!r} has the GREASE code"
                        f" 0x{entry.code:04X}",
                        "RFC 8701, Section 2 reserves it; pick another code",
                    )
    runs = {group for group, inputs in _RULE_INPUTS.items() if inputs <= clean}
    suites = spec.registries.get("CipherSuite")
    if suites is not None and "suites" in runs:
        for entry in suites.entries:
            check_cipher_suite(spec, entry, log)
    versions = spec.registries.get("ProtocolVersion")
    if versions is not None and "versions" in runs:
        for entry in versions.entries:
            check_version(entry, log)
    if "authentications" in runs:
        check_authentications(spec, log)
    if "groups" in runs:
        check_groups(spec, log)
    if "signature_schemes" in runs:
        check_signature_schemes(spec, log)
    if "extensions" in runs:
        check_extensions(spec, log)


def is_grease(code: int) -> bool:
    """Return whether a 16-bit value is one of the GREASE values of RFC 8701, Section 2."""
    return code & 0x0F0F == 0x0A0A and code >> 8 == code & 0xFF


def check_authentications(spec: Spec, log: ErrorLog) -> None:
    """Log an authentication whose signature_algorithm is not a SignatureAlgorithm name."""
    registry = spec.registries.get("SignatureAlgorithm")
    if registry is None:
        return
    names = {entry.name for entry in registry.entries}
    for row in spec.algorithms.get("authentications", {}).values():
        name = row.values.get("signature_algorithm")
        if name is not None and name not in names:
            log.add(
                row.position,
                f"authentication {row.name!r} has signature_algorithm {name!r},"
                " which is not a SignatureAlgorithm",
                f"use one of {', '.join(sorted(names))}",
            )


def check_version(entry: Entry, log: ErrorLog) -> None:
    """Log an SSL or TLS version without its derivation rules, or a DTLS version with them."""
    keys = ("prf", "cbc_iv", "verify_data_length")
    what = f"ProtocolVersion entry {entry.name!r}"
    if entry.extra.get("family") == "dtls":
        for key in keys:
            if entry.extra.get(key) is not None:
                log.add(
                    entry.extra_positions[key],
                    f"{what} is a DTLS version with its own {key}",
                    "remove it, because the rules of tls_equivalent apply",
                )
        return
    prf = entry.extra.get("prf")
    if prf is None:
        log.add(entry.position, f"{what} has no prf", "add 'prf: ssl3|tls10|tls12|hkdf'")
        return
    for key in keys[1:]:
        if (entry.extra.get(key) is None) != (prf == "hkdf"):
            log.add(
                entry.extra_positions.get(key, entry.position),
                f"{what} has prf {prf} but {'no' if prf != 'hkdf' else 'a'} {key}",
                f"{'add' if prf != 'hkdf' else 'remove'} {key}: TLS 1.3 alone has none",
            )


def check_unique_names(registry: str, entries: list[Entry], log: ErrorLog) -> None:
    """Log an OpenSSL or GnuTLS name that two entries share, since lookups need one owner."""
    for key in ("openssl_name", "gnutls_name"):
        owners: dict[str, Entry] = {}
        for entry in entries:
            name = entry.extra.get(key)
            if not name:
                continue
            if name in owners:
                log.add(
                    entry.extra_positions[key],
                    f"{registry} entries {owners[name].name!r} and {entry.name!r} share the"
                    f" {key} {name!r}",
                    f"give each entry its own {key}",
                )
            else:
                owners[name] = entry


def check_groups(spec: Spec, log: ErrorLog) -> None:
    """Log hybrids whose components are not the plain groups they combine."""
    registry = spec.registries.get("NamedGroup")
    if registry is None:
        return
    by_name = {entry.name: entry for entry in registry.entries}
    for entry in registry.entries:
        components = entry.extra.get("components") or ()
        where = entry.extra_positions["components"]
        if entry.extra.get("kind") != "hybrid":
            if components:
                log.add(
                    where,
                    f"group {entry.name} is not a hybrid but lists components",
                    "remove 'components:'",
                )
            continue
        for name in components:
            part = by_name.get(name)
            if part is None:
                continue  # an unknown name is already reported
            if part.extra.get("kind") not in _HYBRID_PARTS:
                log.add(
                    where,
                    f"hybrid group {entry.name} lists {name}, a {part.extra.get('kind')} group",
                    f"list only {', '.join(sorted(_HYBRID_PARTS))} groups",
                )


def check_signature_schemes(spec: Spec, log: ErrorLog) -> None:
    """Log a signature scheme bound to a group that is not an elliptic curve for signing."""
    schemes = spec.registries.get("SignatureScheme")
    groups = spec.registries.get("NamedGroup")
    if schemes is None or groups is None:
        return
    kinds = {entry.name: entry.extra.get("kind") for entry in groups.entries}
    for entry in schemes.entries:
        curve = entry.extra.get("curve")
        if curve is not None and curve in kinds and kinds[curve] != "short_weierstrass":
            log.add(
                entry.extra_positions["curve"],
                f"signature scheme {entry.name} is bound to {curve}, a {kinds[curve]} group",
                "name a short Weierstrass curve, or none for EdDSA and other schemes",
            )


def check_extensions(spec: Spec, log: ErrorLog) -> None:
    """Log TLS 1.3 message lists that name something other than RFC 8446's messages."""
    registry = spec.registries.get("ExtensionType")
    if registry is None:
        return
    for entry in registry.entries:
        text = entry.extra.get("tls13")
        if text is None:
            continue
        unknown = [
            token for token in (t.strip() for t in text.split(",")) if token not in _TLS13_MESSAGES
        ]
        if unknown:
            log.add(
                entry.extra_positions["tls13"],
                f"tls13 of extension {entry.name} names {', '.join(repr(t) for t in unknown)}",
                f"list messages as RFC 8446, Section 4.2 does: {', '.join(_TLS13_MESSAGES)}",
            )


def check_cipher_suite(spec: Spec, entry: Entry, log: ErrorLog) -> None:
    """Log what contradicts itself in one cipher suite's decomposition."""
    extra = entry.extra
    what = f"cipher suite {entry.name}"
    versions = {e.name: e for e in spec.registries["ProtocolVersion"].entries}

    for key in ("min_version", "max_version"):
        version = versions.get(extra.get(key) or "")
        if version is None:
            log.add(entry.position, f"{what} has no {key}", f"add '{key}:' with a TLS version")
        elif version.extra.get("family") == "dtls":
            log.add(
                entry.extra_positions[key],
                f"{key} of {what} is the DTLS version {version.name}",
                "name a TLS version; DTLS versions follow from their TLS equivalent",
            )
    low = versions.get(extra.get("min_version") or "")
    high = versions.get(extra.get("max_version") or "")
    comparable = all(v is not None and v.extra.get("family") != "dtls" for v in (low, high))
    if comparable and low is not None and high is not None and low.code > high.code:
        log.add(
            entry.extra_positions["max_version"],
            f"{what} ends at {high.name}, before its min_version {low.name}",
            "swap the two or fix one of them",
        )

    if extra.get("scsv"):
        for key in _ALGORITHM_FIELDS:
            if extra.get(key) is not None:
                log.add(
                    entry.extra_positions[key],
                    f"{what} is a signalling value but names a {key.replace('_', ' ')}",
                    f"remove '{key}:'; an SCSV negotiates nothing",
                )
        return

    tls13_only = low is not None and low.name == "TLS_1_3"
    tls12 = versions.get("TLS_1_2")
    ordered = comparable and low is not None and high is not None and low.code <= high.code
    before_tls12 = ordered and high is not None and tls12 is not None and high.code < tls12.code
    for key in _ALGORITHM_FIELDS:
        if key == "prf_hash" and before_tls12:
            if extra.get(key) is not None:
                log.add(
                    entry.extra_positions[key],
                    f"{what} ends at {high.name if high else '?'} but names a prf_hash",
                    "remove 'prf_hash:'; the PRF of TLS 1.0 and 1.1 (RFC 2246, Section 5) has"
                    " no suite hash",
                )
            continue
        needed = not (tls13_only and key in ("key_exchange", "authentication"))
        if needed and extra.get(key) is None:
            log.add(entry.position, f"{what} has no {key}", f"add '{key}:' from algorithms.yaml")
        if not needed and extra.get(key) is not None:
            log.add(
                entry.extra_positions[key],
                f"{what} is a TLS 1.3 suite but names a {key.replace('_', ' ')}",
                f"remove '{key}:'; TLS 1.3 negotiates it separately (RFC 8446, Section 4.1.1)",
            )

    cipher = spec.algorithms.get("ciphers", {}).get(extra.get("cipher") or "")
    if cipher is None:
        return
    aead_cipher = cipher.values.get("type") == "aead"
    aead_mac = extra.get("mac") == "AEAD"
    if aead_cipher != aead_mac:
        log.add(
            entry.extra_positions["mac"],
            f"{what} has cipher {cipher.name} ({cipher.values.get('type')}) with mac {extra.get('mac')}",
            "use mac AEAD exactly when the cipher is an AEAD cipher (RFC 5246, Section 6.2.3.3)",
        )
    if bool(extra.get("export")) != bool(cipher.values.get("export")):
        log.add(
            entry.extra_positions["export"],
            f"{what} has export {bool(extra.get('export'))} but cipher {cipher.name} has export"
            f" {bool(cipher.values.get('export'))}",
            "an export suite uses an export cipher (RFC 2246, Section 6.3.1), so make them agree",
        )
