"""Moderation of user input, NPC output (streamed windows) and generation prompts.

``SafetyGuard`` (in :mod:`persona.safety.guard`) ties a classifier, a persona's policy and the
audit log together. The embedded classifier needs no download; Llama Guard and
OpenAI-compatible moderation endpoints are optional neural classifiers.
"""

from persona.safety.categories import ACTIONS, CATEGORIES, Action, Category

__all__ = ["ACTIONS", "CATEGORIES", "Action", "Category"]
