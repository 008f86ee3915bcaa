"""The WebSocket: handshake, tickets, Origin, and every kind of live event.

Two clients connected to one app still go through the broker (Redis pub/sub, or the fake),
so these tests exercise the same path as two processes; test_cross_process.py runs two.
"""

import uuid
from typing import Any

import pytest
from fastapi.testclient import TestClient
from starlette.websockets import WebSocketDisconnect

from helpers import create_room, send, signed_in, ticket


def connect(client: TestClient, auth: dict[str, str], **kwargs: Any):
    return client.websocket_connect(f"/ws?ticket={ticket(client, auth)}", **kwargs)


def next_of(ws, kind: str) -> dict[str, Any]:
    """The next event of one type, skipping others (presence updates arrive interleaved)."""
    while True:
        event = ws.receive_json()
        if event["type"] == kind:
            return event


def join(ws, room: int) -> dict[str, Any]:
    ws.send_json({"type": "join", "room": room})
    return next_of(ws, "presence")


def test_the_handshake_greets_the_user(client) -> None:
    ada = signed_in(client)
    with connect(client, ada) as ws:
        assert ws.receive_json() == {"type": "hello", "user": "ada"}


@pytest.mark.parametrize("query", ["", "?ticket=", "?ticket=made-up"])
def test_a_missing_or_unknown_ticket_closes_with_1008(client, query: str) -> None:
    with client.websocket_connect(f"/ws{query}") as ws, pytest.raises(WebSocketDisconnect) as closed:
        ws.receive_json()
    assert closed.value.code == 1008


def test_a_ticket_works_once(client) -> None:
    ada = signed_in(client)
    spent = ticket(client, ada)
    with client.websocket_connect(f"/ws?ticket={spent}") as ws:
        assert ws.receive_json()["type"] == "hello"
    with client.websocket_connect(f"/ws?ticket={spent}") as ws, pytest.raises(WebSocketDisconnect) as closed:
        ws.receive_json()
    assert closed.value.code == 1008


def test_a_foreign_origin_is_refused(make_client) -> None:
    client = make_client(allowed_origins=["https://chat.example.com"])
    ada = signed_in(client)
    with (
        connect(client, ada, headers={"Origin": "https://evil.example"}) as ws,
        pytest.raises(WebSocketDisconnect) as closed,
    ):
        ws.receive_json()
    assert closed.value.code == 1008
    with connect(client, ada, headers={"Origin": "https://chat.example.com"}) as ws:
        assert ws.receive_json()["type"] == "hello"
    with connect(client, ada, headers={"Origin": "http://testserver"}) as ws:
        assert ws.receive_json()["type"] == "hello"


def test_messages_reach_every_member_and_resends_are_acknowledged_once(client) -> None:
    ada, bob = signed_in(client, "ada"), signed_in(client, "bob")
    room = create_room(client, ada)
    with connect(client, ada) as a, connect(client, bob) as b:
        join(a, room)
        assert join(b, room)["online"] == ["ada", "bob"]
        client_id = str(uuid.uuid4())
        a.send_json({"type": "message", "room": room, "id": client_id, "body": "hi bob"})
        received = next_of(b, "message")
        assert received["message"]["body"] == "hi bob"
        assert received["message"]["author"] == "ada"
        ack = next_of(a, "ack")
        assert ack == {"type": "ack", "id": client_id, "message_id": received["message"]["id"], "created": True}
        a.send_json({"type": "message", "room": room, "id": client_id, "body": "hi bob"})
        assert next_of(a, "ack")["created"] is False
    history = client.get(f"/rooms/{room}/messages", headers=ada).json()
    assert [m["body"] for m in history["items"]] == ["hi bob"]


def test_rest_edits_and_deletes_are_pushed_live(client) -> None:
    ada = signed_in(client)
    room = create_room(client, ada)
    with connect(client, ada) as ws:
        join(ws, room)
        message = send(client, ada, room, "helo").json()
        assert next_of(ws, "message")["message"]["id"] == message["id"]
        client.patch(f"/rooms/{room}/messages/{message['id']}", json={"body": "hello"}, headers=ada)
        assert next_of(ws, "message_edited")["message"]["body"] == "hello"
        client.delete(f"/rooms/{room}/messages/{message['id']}", headers=ada)
        assert next_of(ws, "message_deleted")["message"]["deleted"] is True


def test_typing_is_throttled_and_never_stored(client) -> None:
    ada, bob = signed_in(client, "ada"), signed_in(client, "bob")
    room = create_room(client, ada)
    with connect(client, ada) as a, connect(client, bob) as b:
        join(a, room)
        join(b, room)
        a.send_json({"type": "typing", "room": room})
        assert next_of(b, "typing") == {"type": "typing", "room": room, "user": "ada"}
        a.send_json({"type": "typing", "room": room})  # within the throttle window: dropped
        a.send_json({"type": "message", "room": room, "id": str(uuid.uuid4()), "body": "done typing"})
        # Events from one sender arrive in order, so a second typing event would come first.
        event = b.receive_json()
        while event["type"] == "presence":
            event = b.receive_json()
        assert event["type"] == "message"
    assert client.get(f"/rooms/{room}/messages", headers=ada).json()["total"] == 1


def test_presence_follows_joins_and_leaves(client) -> None:
    ada, bob = signed_in(client, "ada"), signed_in(client, "bob")
    room = create_room(client, ada)
    with connect(client, ada) as a:
        assert join(a, room)["online"] == ["ada"]
        with connect(client, bob) as b:
            join(b, room)
            assert next_of(a, "presence")["online"] == ["ada", "bob"]
            assert client.get(f"/rooms/{room}/presence", headers=ada).json()["online"] == ["ada", "bob"]
            b.send_json({"type": "leave", "room": room})
            assert next_of(a, "presence")["online"] == ["ada"]
            b.send_json({"type": "join", "room": room})
            assert next_of(a, "presence")["online"] == ["ada", "bob"]
        assert next_of(a, "presence")["online"] == ["ada"]


def test_a_user_with_two_tabs_stays_online_when_one_closes(client) -> None:
    ada, bob = signed_in(client, "ada"), signed_in(client, "bob")
    room = create_room(client, ada)
    with connect(client, bob) as b:
        assert join(b, room)["online"] == ["bob"]
        with connect(client, ada) as second_tab:
            join(second_tab, room)
            assert next_of(b, "presence")["online"] == ["ada", "bob"]
            with connect(client, ada) as first_tab:
                join(first_tab, room)
                assert next_of(b, "presence")["online"] == ["ada", "bob"]
            # The first tab's close publishes presence again: ada's other tab keeps her online.
            assert next_of(b, "presence")["online"] == ["ada", "bob"]
            assert client.get(f"/rooms/{room}/presence", headers=bob).json()["online"] == ["ada", "bob"]
        assert next_of(b, "presence")["online"] == ["bob"]


def test_read_markers_are_shared_live(client) -> None:
    ada, bob = signed_in(client, "ada"), signed_in(client, "bob")
    room = create_room(client, ada)
    message = send(client, ada, room, "read me").json()
    with connect(client, ada) as a, connect(client, bob) as b:
        join(a, room)
        join(b, room)
        b.send_json({"type": "read", "room": room, "message_id": message["id"]})
        assert next_of(a, "read") == {"type": "read", "room": room, "user": "bob", "message_id": message["id"]}


def test_frames_are_checked(client) -> None:
    ada, bob = signed_in(client, "ada"), signed_in(client, "bob")
    room = create_room(client, ada)
    secret = create_room(client, ada, "secret", private=True)
    with connect(client, bob) as ws:
        ws.send_text("not json")
        assert next_of(ws, "error")["code"] == "bad_frame"
        ws.send_json({"type": "shout", "room": room})
        assert next_of(ws, "error")["code"] == "bad_frame"
        ws.send_json({"type": "message", "room": room, "id": str(uuid.uuid4()), "body": "hi"})
        assert next_of(ws, "error")["code"] == "not_joined"
        ws.send_json({"type": "join", "room": secret})
        assert next_of(ws, "error")["code"] == "not_found"
        ws.send_json({"type": "join", "room": room})  # a public room: joining makes bob a member
        next_of(ws, "presence")
        ws.send_json({"type": "message", "room": room, "id": str(uuid.uuid4()), "body": "x" * 5000})
        assert next_of(ws, "error")["code"] == "bad_frame"
    assert client.get(f"/rooms/{room}", headers=bob).json()["member"] is True


def test_a_client_sending_too_fast_is_rate_limited(make_client) -> None:
    client = make_client(ws_messages_per_second=1)
    ada = signed_in(client)
    with connect(client, ada) as ws:
        ws.receive_json()
        for _ in range(3):
            ws.send_json({"type": "heartbeat"})
        events = [ws.receive_json() for _ in range(3)]
    assert [event["type"] for event in events] == ["pong", "pong", "error"]
    assert events[2]["code"] == "rate_limited"
