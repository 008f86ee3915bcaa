"""Messages over REST: idempotent sends, history pages, edits, deletes and read markers."""

import uuid

from helpers import create_room, send, signed_in


def test_a_resend_with_the_same_id_returns_the_original(client) -> None:
    ada = signed_in(client)
    room = create_room(client, ada)
    client_id = uuid.uuid4()
    first = send(client, ada, room, "hello", client_id)
    assert first.status_code == 201
    assert first.headers["Location"] == f"/rooms/{room}/messages/{first.json()['id']}"
    again = send(client, ada, room, "hello (retry)", client_id)
    assert again.status_code == 200
    assert again.json() == first.json()
    assert client.get(f"/rooms/{room}/messages", headers=ada).json()["total"] == 1


def test_a_client_id_belongs_to_one_room(client) -> None:
    ada = signed_in(client)
    first, second = create_room(client, ada, "one"), create_room(client, ada, "two")
    client_id = uuid.uuid4()
    assert send(client, ada, first, "hello", client_id).status_code == 201
    assert send(client, ada, second, "hello", client_id).status_code == 409


def test_history_pages_backwards_with_a_cursor(client) -> None:
    ada = signed_in(client)
    room = create_room(client, ada)
    for index in range(5):
        send(client, ada, room, f"message {index}")
    first = client.get(f"/rooms/{room}/messages?limit=2", headers=ada).json()
    assert [m["body"] for m in first["items"]] == ["message 4", "message 3"]
    assert first["total"] == 5
    second = client.get(f"/rooms/{room}/messages?limit=2&before={first['next_before']}", headers=ada).json()
    assert [m["body"] for m in second["items"]] == ["message 2", "message 1"]
    last = client.get(f"/rooms/{room}/messages?limit=2&before={second['next_before']}", headers=ada).json()
    assert [m["body"] for m in last["items"]] == ["message 0"]
    assert last["next_before"] is None


def test_public_history_is_readable_by_everyone_signed_in(client) -> None:
    ada, bob = signed_in(client, "ada"), signed_in(client, "bob")
    room = create_room(client, ada)
    send(client, ada, room, "welcome")
    history = client.get(f"/rooms/{room}/messages", headers=bob).json()
    assert [(m["author"], m["body"]) for m in history["items"]] == [("ada", "welcome")]


def test_only_the_author_edits_or_deletes(client) -> None:
    ada, bob = signed_in(client, "ada"), signed_in(client, "bob")
    room = create_room(client, ada)
    client.post(f"/rooms/{room}/join", headers=bob)
    message = send(client, ada, room, "helo").json()
    path = f"/rooms/{room}/messages/{message['id']}"
    assert client.patch(path, json={"body": "hacked"}, headers=bob).status_code == 403
    assert client.delete(path, headers=bob).status_code == 403
    edited = client.patch(path, json={"body": "hello"}, headers=ada)
    assert edited.status_code == 200
    assert edited.json()["body"] == "hello"
    assert edited.json()["edited_at"] is not None
    assert client.get(path, headers=bob).json()["body"] == "hello"
    assert client.delete(path, headers=ada).status_code == 204
    assert client.delete(path, headers=ada).status_code == 404
    assert client.get(path, headers=bob).json()["deleted"] is True
    assert client.get(f"/rooms/{room}/messages/999999", headers=bob).status_code == 404
    (shown,) = client.get(f"/rooms/{room}/messages", headers=bob).json()["items"]
    assert shown["deleted"] is True
    assert shown["body"] == ""


def test_editing_a_message_of_another_room_is_not_found(client) -> None:
    ada = signed_in(client)
    first, second = create_room(client, ada, "one"), create_room(client, ada, "two")
    message = send(client, ada, first, "here").json()
    assert client.patch(f"/rooms/{second}/messages/{message['id']}", json={"body": "x"}, headers=ada).status_code == 404


def test_read_markers_only_move_forward(client) -> None:
    ada = signed_in(client)
    room = create_room(client, ada)
    older, newer = send(client, ada, room, "one").json(), send(client, ada, room, "two").json()
    assert client.put(f"/rooms/{room}/read", json={"message_id": newer["id"]}, headers=ada).status_code == 204
    assert client.put(f"/rooms/{room}/read", json={"message_id": older["id"]}, headers=ada).status_code == 204
    assert client.put(f"/rooms/{room}/read", json={"message_id": 999_999}, headers=ada).status_code == 404


def test_hostile_input_is_refused_in_the_error_shape(client) -> None:
    ada = signed_in(client)
    room = create_room(client, ada)
    for response in (
        client.get(f"/rooms/{2**53}/messages", headers=ada),
        client.get(f"/rooms/{room}/messages?before=0", headers=ada),
        send(client, ada, room, "nul \x00 byte"),
        client.post("/rooms", json={"name": None}, headers=ada),
        client.post("/rooms", json={"name": "x" * 100_000}, headers=ada),
    ):
        assert response.status_code in {413, 422}, response.text
        assert set(response.json()["error"]) >= {"code", "message"}


def test_concurrent_resends_store_one_message(client) -> None:
    """Sends racing with one id: the database's unique constraint picks the winner."""
    from concurrent.futures import ThreadPoolExecutor

    ada = signed_in(client)
    room = create_room(client, ada)
    client_id = uuid.uuid4()
    with ThreadPoolExecutor(max_workers=6) as pool:
        statuses = sorted(pool.map(lambda _: send(client, ada, room, "once", client_id).status_code, range(6)))
    assert statuses == [200] * 5 + [201]
    assert client.get(f"/rooms/{room}/messages", headers=ada).json()["total"] == 1
