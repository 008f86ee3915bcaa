"""Realtime chat: REST for accounts, rooms and history; WebSocket for live events."""

__version__ = "0.1.0"
