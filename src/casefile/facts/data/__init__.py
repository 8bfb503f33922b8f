"""Data files of casefile.facts (a package so that wheels carry the CSV)."""
