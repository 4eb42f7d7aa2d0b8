"""Compile the TLS spec in spec/ into the tlsspec package in generated/."""
