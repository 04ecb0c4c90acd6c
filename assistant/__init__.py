"""Ustad: an offline-first AI teaching assistant for civil servants learning to use AI tools."""

__version__ = "0.1.0"
