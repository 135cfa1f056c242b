"""newsweave: turn piles of scraped news articles into events, stories and who-said-what."""

__version__ = "0.1.0"
