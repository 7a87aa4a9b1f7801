"""Smoke test of an installed `evovoice` (wheel or sdist) against the emulator at
EVOVOICE_EMULATOR_URL: the version, the package's location, the blocking and the async client,
and the exception tree. Run by tests/dist/test-dist.sh after the README's own example."""
import asyncio
import os
import sys

import evovoice

expected_version, where = sys.argv[1], sys.argv[2]
assert evovoice.__version__ == expected_version, (evovoice.__version__, expected_version)
assert evovoice.__file__.startswith(where), f"evovoice imported from {evovoice.__file__}, not {where}"
url = os.environ["EVOVOICE_EMULATOR_URL"]

with evovoice.Client(base_url=url, bearer_token="evovoice-dev-token") as client:
    s = client.new_session(display_name="dist smoke", channel="Chat")
    assert client.get_session(s.id).display_name == "dist smoke"
    assert any(x.id == s.id for x in client.iter_sessions())
    try:
        client.get_session("no-such-session")
        raise AssertionError("a missing session did not raise")
    except evovoice.NotFoundError as e:
        assert isinstance(e, evovoice.ApiError) and isinstance(e, evovoice.EvoVoiceError)
        assert e.status == 404


async def main() -> None:
    async with evovoice.AsyncClient(base_url=url, bearer_token="evovoice-dev-token") as c:
        assert (await c.get_session(s.id)).id == s.id
    try:
        async with evovoice.AsyncClient(base_url=url, bearer_token="wrong") as c:
            await c.get_session(s.id)
        raise AssertionError("a wrong token did not raise")
    except evovoice.AuthenticationError as e:
        assert e.status == 401


asyncio.run(main())
print(f"evovoice {evovoice.__version__} from {os.path.dirname(evovoice.__file__)}: ok")
