"""Ingest: a report goes into the vault, then through cleaning and extraction into stored facts."""
