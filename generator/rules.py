"""Rules that tie fields of one entry together, checked once every reference resolves.

The schema checks each field alone; these rules catch entries whose fields contradict each
other or the RFCs, so that a suite cannot lose its cipher or gain a TLS 1.3 key exchange
without an error at the line that says so.
"""

from __future__ import annotations

from generator.errors import ErrorLog
from generator.model import Entry, Spec

_ALGORITHM_FIELDS = ("key_exchange", "authentication", "cipher", "mac", "prf_hash")


def check_rules(spec: Spec, log: ErrorLog) -> None:
    """Log every entry that breaks a rule of its registry."""
    for registry in spec.registries.values():
        for entry in registry.entries:
            if not entry.references:
                log.add(
                    entry.position,
                    f"{registry.spec.name} entry {entry.name!r} has no references",
                    "add 'references: [...]' naming the RFC or registry that defines it",
                )
    suites = spec.registries.get("CipherSuite")
    if suites is not None:
        for entry in suites.entries:
            check_cipher_suite(spec, entry, log)


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
    for key in _ALGORITHM_FIELDS:
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
