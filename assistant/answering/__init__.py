"""Grounded answering: retrieve, decide whether to answer, build a context, answer, cite."""
