"""Personas and safety: persona cards, prompt injection, embedded styling and moderation.

Importing this package is cheap; models load inside the functions that need them.
"""
