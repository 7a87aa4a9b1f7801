# pyright: strict
"""Deliberate mistakes: test_typing.py runs mypy --strict and pyright (strict) on this file and
asserts that each line marked `# expect: <mypy code> <pyright rule>` is reported with that code
and rule, and nothing else is."""

import evovoice


def mistakes(client: evovoice.Client, session: evovoice.SessionInfo, name: str) -> None:
    client.new_session(channel="Chatt")  # expect: arg-type reportArgumentType
    client.list_sessions(sort_order="sideways")  # expect: arg-type reportArgumentType
    client.iter_sessions(sort_order="up")  # expect: arg-type reportArgumentType
    # The sort field is the wire name of a SessionInfo field (dateCreated), not its Python name.
    client.list_sessions(sort_field="date_created")  # expect: arg-type reportArgumentType
    client.new_session(channel="Chat", direction="Sideways")  # expect: arg-type reportArgumentType
    client.new_session(display_name="Support")  # expect: call-arg reportCallIssue
    client.invite_chat_member("s1", caller_id="+15550100")  # expect: call-arg reportCallIssue
    client.add_conference_member("s1", call_sid="CA1")  # expect: call-arg reportCallIssue
    client.with_raw_response.invite_chat_member("s1")  # expect: call-arg reportCallIssue
    # A plain str is not known to be a channel: wrap it, evovoice.FlowChannels(name).
    client.new_session(channel=name)  # expect: arg-type reportArgumentType
    session.to_dict(by_alias="no")  # expect: arg-type reportArgumentType
    version: int = evovoice.__version__  # expect: assignment reportAssignmentType
    print(version)


async def async_mistakes(client: evovoice.AsyncClient) -> None:
    await client.new_session(channel="Chatt")  # expect: arg-type reportArgumentType
    await client.invite_chat_member("s1")  # expect: call-arg reportCallIssue
