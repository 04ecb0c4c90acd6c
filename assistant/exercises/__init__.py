"""Prompt-engineering exercises: the bank (data in knowledge/exercises), grading, hints and progress."""
