"""Type-checked by mypy --strict in make test-python (not collected by pytest): the per-call
options, raw responses and error metadata are typed by the stub."""

import evovoice

def f(c: evovoice.Client) -> str:
    raw = c.with_raw_response.get_session("x")
    s: evovoice.SessionInfo = raw.parse()
    n: int = raw.status_code
    ct: str | None = raw.headers.get("content-type")
    page = c.with_options(timeout=1.0, headers={"a": "b"}, max_retries=0).with_raw_response.list_sessions(page=1)
    items = page.parse().items
    c.set_bearer_token("t")
    try:
        c.get_session("x")
    except evovoice.RateLimitError as e:
        w: float | None = e.retry_after
        rid: str | None = e.request_id
    except evovoice.ConnectionError:
        pass
    return (s.id or "") + str(n) + (ct or "") + str(items)

async def g(c: evovoice.AsyncClient) -> int:
    raw = await c.with_raw_response.get_session("x")
    return raw.status_code
