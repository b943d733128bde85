"""Reform metadata read out of news: events, the people at them, and what they found."""

from .extract import Proposal, extract_news

__all__ = ["Proposal", "extract_news"]
