"""Payments behind a provider interface; a fake provider for development and tests."""
