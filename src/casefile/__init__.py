"""casefile: from the first news report to a court-ready case file."""

__version__ = "0.1.0"
