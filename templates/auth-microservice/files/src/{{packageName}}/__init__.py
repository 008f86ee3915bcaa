"""Authentication microservice: RS256 access tokens, rotating refresh tokens, Redis-backed revocation."""

__version__ = "0.1.0"
