"""This process's WebSocket connections, by room: where the broker delivers events."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from .connection import Connection


class Hub:
    def __init__(self) -> None:
        self._rooms: defaultdict[int, set[Connection]] = defaultdict(set)

    def join(self, room_id: int, connection: Connection) -> None:
        self._rooms[room_id].add(connection)
        connection.rooms.add(room_id)

    def leave(self, room_id: int, connection: Connection) -> None:
        members = self._rooms.get(room_id)
        if members is not None:
            members.discard(connection)
            if not members:
                del self._rooms[room_id]
        connection.rooms.discard(room_id)

    def drop(self, connection: Connection) -> None:
        for room_id in list(connection.rooms):
            self.leave(room_id, connection)

    def connections(self, room_id: int) -> int:
        return len(self._rooms.get(room_id, ()))

    async def deliver(self, room_id: int, event: dict[str, Any]) -> None:
        """Called by the broker for every event any process published."""
        for connection in list(self._rooms.get(room_id, ())):
            connection.offer(event)
