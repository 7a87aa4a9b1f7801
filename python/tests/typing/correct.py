# pyright: strict
"""What the stubs allow: test_typing.py checks that mypy --strict and pyright (strict) find
nothing here."""

import copy
import pickle

import evovoice
from evovoice import FlowChannels, ListResponse, SessionInfo, SortOrders


def uses(client: evovoice.Client) -> str:
    s = client.new_session(channel="Chat", display_name="Support", direction="Incoming")
    client.new_session(channel=FlowChannels.VOICE)
    client.new_session(channel=FlowChannels("Hologram"))  # a value newer than this SDK
    if s.channel is not None:
        client.new_session(channel=s.channel)
    page: ListResponse[SessionInfo] = client.list_sessions(sort_order="Descend", sort_field="dateCreated")
    client.list_sessions(sort_order=SortOrders.ASCEND)
    for item in client.iter_sessions(sort_order="Ascend"):
        print(item.id)
    client.invite_chat_member("s1", member_to_add="agent@example.com")
    client.add_conference_member("s1", destination="+15550100")
    rows: list[dict[str, object]] = [x.to_dict(by_alias=False) for x in page]
    same: SessionInfo = SessionInfo.from_dict(s.to_dict())
    again: ListResponse[SessionInfo] = ListResponse.from_dict(page.to_dict(), SessionInfo)
    copied: SessionInfo = copy.deepcopy(s)
    restored = pickle.loads(pickle.dumps(s))
    print(rows, same == copied, again == page, hash(s), restored)
    match s:
        case SessionInfo(channel="Chat", id=str() as sid):
            print(sid)
        case _:
            pass
    version: str = evovoice.__version__
    return version


async def uses_async(client: evovoice.AsyncClient) -> None:
    s = await client.new_session(channel="Fax")
    await client.invite_chat_member("s1", member_to_add="agent@example.com")
    async for item in client.iter_sessions(search_archive=True):
        print(item.id, s.id)
