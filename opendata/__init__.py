"""Commune news and administrative-reform metadata as open data."""

__version__ = "0.1.0"
