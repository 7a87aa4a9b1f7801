"""The items of a page are objects of their own, built when the page was read: they stay valid and
equal after their page is gone, whatever the threads doing the reading and freeing."""

from __future__ import annotations

import gc
import threading

import evovoice
from conftest import DEV_TOKEN, Emulator


def test_items_outlive_their_page(seeded: Emulator) -> None:
    with evovoice.Client(seeded.url, bearer_token=DEV_TOKEN) as c:
        page = c.list_sessions(count_per_page=20)
        first, last = page.items[0], page.items[-1]
        expected = (first.to_dict(), last.to_dict())
        assert page.items[0] is first  # the same objects on every access
        del page
        gc.collect()
        assert (first.to_dict(), last.to_dict()) == expected
        assert first.id
        assert first.members is None or isinstance(first.members, list)
        assert c.get_session(first.id) == first  # a page item equals the same session fetched alone
        assert evovoice.SessionInfo.from_dict(first.to_dict()) == first


def test_pages_freed_while_other_threads_read(seeded: Emulator) -> None:
    with evovoice.Client(seeded.url, bearer_token=DEV_TOKEN) as c:
        kept = []
        errors = []

        def work() -> None:
            try:
                for _ in range(20):
                    page = c.list_sessions(count_per_page=30)
                    kept.append(page.items[3])
                    assert len({s.id for s in page}) == len(page)
            except Exception as e:  # pragma: no cover - reported below
                errors.append(e)

        threads = [threading.Thread(target=work) for _ in range(3)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert not errors
        gc.collect()
        assert len({s.id for s in kept}) == 1 and all(s == kept[0] for s in kept)


def test_parse_response_page_items(seeded: Emulator) -> None:
    import urllib.request

    req = urllib.request.Request(f"{seeded.url}/sessions?countPerPage=10", headers={"Authorization": f"Bearer {DEV_TOKEN}"})
    body = urllib.request.urlopen(req, timeout=10).read()
    page = evovoice.parse_response("ListSessions", 200, body)
    assert isinstance(page, evovoice.ListResponse) and len(page) == 10
    item = page.items[9]
    del page
    gc.collect()
    assert item.id
