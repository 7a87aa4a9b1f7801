"""The blocking Client against the emulator: every operation, paging, filters, errors,
timeouts, secrets."""

from __future__ import annotations

import logging
import socket
import threading
import time
from typing import Iterator

import pytest

import evovoice
from conftest import DEV_TOKEN, VIEWER_TOKEN, Emulator


@pytest.fixture()
def client(emulator: Emulator) -> Iterator[evovoice.Client]:
    with evovoice.Client(base_url=emulator.url, bearer_token=DEV_TOKEN) as c:
        yield c


def test_every_operation(client: evovoice.Client) -> None:
    chat = client.new_session(display_name="Support", channel="Chat", to_address="+15550001111")
    assert isinstance(chat, evovoice.SessionInfo)
    assert chat.id and chat.display_name == "Support"
    assert chat.channel == "Chat" and chat.channel == evovoice.FlowChannels.CHAT
    assert isinstance(chat.channel, evovoice.FlowChannels) and isinstance(chat.channel, str)
    assert chat.direction == "Outgoing"
    assert chat.members and chat.members[0].role == "Agent"
    assert isinstance(chat.members[0], evovoice.SessionMemberInfo)
    assert chat.log and isinstance(chat.log[0], evovoice.SessionLogInfo)

    got = client.get_session(chat.id)
    assert got == chat
    assert got.to_dict()["displayName"] == "Support"
    assert "=None" not in repr(got) and repr(got).startswith("SessionInfo(")

    invited = client.invite_chat_member(chat.id, member_to_add="+15550002222", caller_id="+15550003333")
    assert any(m.identity == "+15550002222" for m in invited.members or [])
    assert len(invited.members or []) == len(chat.members or []) + 1

    voice = client.new_session(display_name="Call", channel=evovoice.FlowChannels.VOICE, destination="+15559990000")
    conf = client.add_conference_member(voice.id, call_sid=voice.call_sid, destination="+15551112222", from_number="+15553334444")
    assert conf.conference_sid and conf.conference_sid.startswith("CF")
    assert conf.most_recent_participant_call_sid

    page = client.list_sessions(specific_ids=[chat.id, voice.id])
    assert isinstance(page, evovoice.ListResponse)
    assert {s.id for s in page} == {chat.id, voice.id}
    assert len(page) == 2 and page.total_count == 2
    assert page.to_dict()["totalCount"] == 2
    assert page == client.list_sessions(specific_ids=[chat.id, voice.id])
    assert "ListResponse(items=<2 SessionInfo>" in repr(page)


def test_login_with_credentials(emulator: Emulator) -> None:
    with evovoice.Client(base_url=emulator.url) as c:
        with pytest.raises(evovoice.AuthenticationError):
            c.list_sessions()
        auth = c.login("dev@evovoice.local", "dev")
        assert auth.user_name == "dev@evovoice.local" and auth.session_id
        assert auth.session_id not in repr(auth)
        assert c.list_sessions(count_per_page=1).total_count is not None
        with pytest.raises(evovoice.AuthenticationError) as info:
            c.login("dev@evovoice.local", "wrong-password-xyz")
        assert "wrong-password-xyz" not in str(info.value) and "wrong-password-xyz" not in repr(info.value)


def test_basic_auth(emulator: Emulator) -> None:
    with evovoice.Client(base_url=emulator.url, user_name="dev@evovoice.local", password="dev") as c:
        s = c.new_session(display_name="basic", channel="Fax")
        assert s.channel == "Fax"


def test_paging_with_iter_sessions(seeded: Emulator) -> None:
    with evovoice.Client(base_url=seeded.url, bearer_token=DEV_TOKEN) as c:
        everything = c.list_sessions(all=True)
        want = [s.id for s in everything]
        assert len(want) > 7 * 3
        first = c.list_sessions(count_per_page=7)
        assert first.total_count == len(want)
        assert first.total_pages == -(-len(want) // 7)
        assert len(first) == 7

        it = c.iter_sessions(count_per_page=7)
        assert isinstance(it, evovoice.SessionIterator)
        got = [s.id for s in it]
        assert got == want  # same default order, every session once
        assert list(it) == []  # exhausted

        # lazy: taking a few items fetches only the first page
        lazy = c.iter_sessions(count_per_page=7)
        assert [next(lazy).id for _ in range(3)] == want[:3]

        archived = list(c.iter_sessions(search_archive=True, count_per_page=2))
        assert archived and not set(s.id for s in archived) & set(want)
        # a starting page is honoured
        assert [s.id for s in c.iter_sessions(count_per_page=7, page=1)] == want[7:]


def test_filters(seeded: Emulator) -> None:
    with evovoice.Client(base_url=seeded.url, bearer_token=DEV_TOKEN) as c:
        every = list(c.iter_sessions(count_per_page=50))
        acme = c.list_sessions(account_ids=["acc-acme"], all=True)
        assert acme.items and all(s.account_id == "acc-acme" for s in acme)
        assert len(acme) == sum(1 for s in every if s.account_id == "acc-acme")

        two = [every[0].id, every[1].id]
        assert sorted(s.id for s in c.list_sessions(specific_ids=two)) == sorted(two)

        needle = next(s.from_address for s in every if s.from_address)
        assert needle
        fr = c.list_sessions(from_=needle[-4:], all=True)
        assert fr.items and all(
            needle[-4:].lower() in " ".join(filter(None, [s.from_address, s.from_name, s.from_phone_number])).lower() for s in fr
        )
        asc = c.list_sessions(sort_field="dateCreated", sort_order="Ascend", all=True)
        dates = [s.date_created for s in asc]
        assert dates == sorted(dates)  # type: ignore[type-var]
        desc = c.list_sessions(sort_order=evovoice.SortOrders.DESCEND, sort_field="dateCreated", all=True)
        assert [s.id for s in desc] != [s.id for s in asc]


def test_errors_map_to_classes(emulator: Emulator, client: evovoice.Client) -> None:
    with pytest.raises(evovoice.ValidationError) as bad:
        client.new_session(display_name="no channel")
    e = bad.value
    assert isinstance(e, evovoice.ApiError) and isinstance(e, evovoice.EvoVoiceError)
    assert e.status == 400 and e.error_code == "NotEmpty" and e.kind == "api"
    assert [(f.field_name, f.error_code) for f in e.field_errors] == [("Channel", "NotEmpty")]
    assert isinstance(e.field_errors[0], evovoice.FieldError)
    assert e.field_errors[0].message and "Channel" in str(e)
    assert isinstance(e.response_status, evovoice.ResponseStatus)
    assert e.response_status.error_code == "NotEmpty"

    with pytest.raises(evovoice.NotFoundError) as nf:
        client.get_session("does-not-exist")
    assert nf.value.status == 404 and nf.value.error_code == "NotFound"
    assert nf.value.message == "Session 'does-not-exist' was not found"

    with evovoice.Client(base_url=emulator.url, bearer_token="wrong-token-123456") as anon:
        with pytest.raises(evovoice.AuthenticationError) as un:
            anon.list_sessions()
    assert un.value.status == 401 and un.value.error_code == "Unauthorized"
    assert "wrong-token-123456" not in str(un.value) + repr(un.value)

    with evovoice.Client(base_url=emulator.url, bearer_token=VIEWER_TOKEN) as viewer:
        with pytest.raises(evovoice.ForbiddenError) as fb:
            viewer.new_session(channel="Chat")
        assert fb.value.status == 403 and fb.value.error_code == "Forbidden"
        assert viewer.list_sessions(count_per_page=1) is not None  # reading is allowed

    # operation-specific refusals: invite on a voice session
    voice = client.new_session(channel="Voice")
    with pytest.raises(evovoice.ValidationError) as arg:
        client.invite_chat_member(voice.id, member_to_add="x@example.com")
    assert arg.value.error_code == "ArgumentException"

    # refused before any I/O
    with pytest.raises(evovoice.InvalidRequestError):
        client.get_session("")
    with pytest.raises(ValueError):
        client.get_session("a\nb")


def test_attribute_style_auth_failures(attribute_emulator: Emulator) -> None:
    with evovoice.Client(base_url=attribute_emulator.url, bearer_token="nope-nope") as c:
        with pytest.raises(evovoice.AuthenticationError) as un:
            c.list_sessions()
        assert un.value.status == 401 and un.value.error_code == "401"
    with evovoice.Client(base_url=attribute_emulator.url, bearer_token=VIEWER_TOKEN) as c:
        with pytest.raises(evovoice.ForbiddenError) as fb:
            c.new_session(channel="Chat")
        assert fb.value.status == 403


def test_keyword_arguments_are_checked(client: evovoice.Client) -> None:
    with pytest.raises(TypeError, match="unexpected keyword argument 'colour'"):
        client.new_session(channel="Chat", colour="blue")
    with pytest.raises(TypeError, match="'dispaly_name'"):
        client.list_sessions(dispaly_name="x")
    with pytest.raises(TypeError, match="unexpected keyword argument 'destinaton'"):
        client.add_conference_member("id", destinaton="+1")
    with pytest.raises(TypeError, match="'member'"):
        client.invite_chat_member("id", member="+1")
    with pytest.raises(TypeError, match="'page' must be int"):
        client.list_sessions(page="1")
    with pytest.raises(TypeError, match="account_ids"):
        client.list_sessions(account_ids="acc-acme")  # a str is not a list
    with pytest.raises(TypeError, match="display_name"):
        client.new_session(display_name=3, channel="Chat")
    with pytest.raises(TypeError, match="multiple values"):
        client.invite_chat_member("id", session_id="other", member_to_add="x")
    # None means absent
    assert client.list_sessions(account_ids=None, count_per_page=1) is not None


def test_unknown_enum_values_travel_and_are_kept(client: evovoice.Client) -> None:
    with pytest.raises(evovoice.ValidationError) as info:
        client.new_session(channel="Carrier-Pigeon")
    assert info.value.field_errors or info.value.error_code
    value = evovoice.parse_response("GetSession", 200, '{"channel":"Sms","dialState":"Active"}')
    assert isinstance(value, evovoice.SessionInfo)
    assert value.channel == "Sms" and isinstance(value.channel, evovoice.FlowChannels)
    assert value.channel not in evovoice.FlowChannels.KNOWN
    assert value.dial_state is evovoice.SessionDialState.ACTIVE


def test_from_dict_round_trip(client: evovoice.Client) -> None:
    s = client.new_session(display_name="rt", channel="Chat")
    again = evovoice.SessionInfo.from_dict(s.to_dict())
    assert again == s and again is not s
    assert s != client.new_session(display_name="rt2", channel="Chat")
    assert s != "not a session"


def test_close_and_context_manager(emulator: Emulator) -> None:
    c = evovoice.Client(base_url=emulator.url, bearer_token=DEV_TOKEN)
    assert c.base_url == emulator.url and c.timeout == 30.0
    c.close()
    with pytest.raises(evovoice.InvalidRequestError, match="closed"):
        c.list_sessions()
    assert "closed" in repr(c)
    with evovoice.Client(base_url=emulator.url, bearer_token=DEV_TOKEN) as c2:
        pass
    with pytest.raises(evovoice.InvalidRequestError):
        c2.get_session("x")


def test_bad_construction() -> None:
    with pytest.raises(evovoice.InvalidRequestError):
        evovoice.Client(base_url="ftp://example.com")
    with pytest.raises(ValueError, match="give either bearer_token or user_name and password, not both"):
        evovoice.Client(bearer_token="a", user_name="b", password="c")
    with pytest.raises(evovoice.InvalidRequestError, match="password needs a user_name"):
        evovoice.Client(password="c")
    with pytest.raises(ValueError):
        evovoice.Client(timeout=-1)
    assert evovoice.Client(timeout=None).timeout is None


class SilentServer:
    """Accepts connections on 127.0.0.1 and never answers."""

    def __init__(self) -> None:
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.url = f"http://127.0.0.1:{self.sock.getsockname()[1]}"
        self.conns: list[socket.socket] = []
        self.thread = threading.Thread(target=self._accept, daemon=True)
        self.thread.start()

    def _accept(self) -> None:
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            self.conns.append(conn)

    def close(self) -> None:
        self.sock.close()
        for c in self.conns:
            c.close()


@pytest.fixture()
def silent() -> Iterator[SilentServer]:
    s = SilentServer()
    yield s
    s.close()


def test_timeout(silent: SilentServer) -> None:
    with evovoice.Client(base_url=silent.url, bearer_token=DEV_TOKEN, timeout=0.3) as c:
        start = time.monotonic()
        with pytest.raises(evovoice.TimeoutError) as info:
            c.get_session("x")
        assert time.monotonic() - start < 5
    e = info.value
    assert isinstance(e, TimeoutError) and isinstance(e, evovoice.EvoVoiceError) and e.kind == "timeout"


def test_transport_error() -> None:
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()  # nothing listens there now
    with evovoice.Client(base_url=f"http://127.0.0.1:{port}", bearer_token=DEV_TOKEN) as c:
        with pytest.raises(evovoice.TransportError) as info:
            c.list_sessions()
    assert info.value.kind == "transport" and DEV_TOKEN not in str(info.value)


def test_gil_is_released_while_waiting(silent: SilentServer) -> None:
    """Another Python thread keeps running while a call waits on the network."""
    ticks = 0
    stop = threading.Event()

    def spin() -> None:
        nonlocal ticks
        while not stop.is_set():
            ticks += 1
            time.sleep(0.001)

    t = threading.Thread(target=spin)
    t.start()
    with evovoice.Client(base_url=silent.url, timeout=0.5) as c:
        with pytest.raises(evovoice.TimeoutError):
            c.list_sessions()
    stop.set()
    t.join()
    assert ticks > 50


def test_threads_share_a_client(client: evovoice.Client) -> None:
    ids: list[str] = []
    lock = threading.Lock()

    def work() -> None:
        s = client.new_session(display_name="thread", channel="Chat")
        with lock:
            ids.append(s.id or "")

    threads = [threading.Thread(target=work) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(set(ids)) == 8


def test_secrets_never_show(emulator: Emulator, caplog: pytest.LogCaptureFixture, capfd: pytest.CaptureFixture[str]) -> None:
    token = "tok-SECRET-5f1a9c"
    password = "pw-SECRET-77b2"
    caplog.set_level(logging.DEBUG)
    logging.getLogger().setLevel(logging.DEBUG)
    texts: list[str] = []
    for c in (
        evovoice.Client(base_url=emulator.url, bearer_token=token),
        evovoice.Client(base_url=emulator.url, user_name="dev@evovoice.local", password=password),
    ):
        texts += [repr(c), str(c)]
        try:
            c.get_session("nope")
        except evovoice.EvoVoiceError as e:
            texts += [repr(e), str(e), repr(e.args), repr(getattr(e, "response_status", None))]
        try:
            c.login("dev@evovoice.local", password)
        except evovoice.EvoVoiceError as e:
            texts += [repr(e), str(e)]
        c.close()
    out, err = capfd.readouterr()
    texts += [caplog.text, out, err]
    blob = "\n".join(texts)
    assert token not in blob and password not in blob
    assert "SECRET" not in blob
