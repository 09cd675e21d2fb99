"""``SyncCursorPage``: one page of a cursor-paginated list, iterable over every page.

The official SDK's shape (``openai.pagination.SyncCursorPage``): ``data`` and
``has_more`` of this page; iterating the page yields the items of this page and
then fetches the following ones (``after=<id of the last item>``) until the
server says there are no more.
"""

from __future__ import annotations

from typing import Any, Callable, Generic, Iterator, List, Optional, Set, TypeVar

from .errors import APIResponseValidationError
from .transport import HttpRequest, HttpResponse

__all__ = ["SyncCursorPage"]

T = TypeVar("T")

#: Fetches the page after the given cursor (the id of the last item seen).
PageFetcher = Callable[[str], "SyncCursorPage[Any]"]


class SyncCursorPage(Generic[T]):
    """One page of a cursor-paginated list; ``for item in page`` walks every page.

    ``data`` is this page's items, ``has_more`` whether the server has more;
    ``first_id`` / ``last_id`` / ``object`` as the server sent them.
    :meth:`iter_pages`, :meth:`has_next_page` and :meth:`get_next_page` step
    page by page. A server that hands back a cursor it already gave (which
    would loop forever) raises ``APIResponseValidationError``.

    Example::

        for endpoint in client.webhooks.list(limit=50):   # every endpoint, 50 per request
            print(endpoint.id, endpoint.url)

        page = client.webhooks.list()
        print(len(page.data), page.has_more)
    """

    def __init__(
        self,
        data: List[T],
        *,
        has_more: Optional[bool],
        first_id: Optional[str] = None,
        last_id: Optional[str] = None,
        object: Optional[str] = None,
        fetch: PageFetcher,
        request: HttpRequest,
        response: HttpResponse,
    ) -> None:
        self.data = data
        self.has_more = has_more
        self.first_id = first_id
        self.last_id = last_id
        self.object = object
        self._fetch = fetch
        self._request = request
        self._response = response

    def _next_cursor(self) -> Optional[str]:
        # As the SDK: the id of this page's last item (not last_id, which may be absent).
        if not self.data:
            return None
        cursor = getattr(self.data[-1], "id", None)
        return cursor if isinstance(cursor, str) and cursor else None

    def has_next_page(self) -> bool:
        """Whether another page may follow (``has_more`` is not false and this page has a last id).

        Example::

            while page.has_next_page():
                page = page.get_next_page()
        """
        if self.has_more is False:
            return False
        return self._next_cursor() is not None

    def get_next_page(self) -> "SyncCursorPage[T]":
        """Fetch the following page (same limit, query, headers, timeout and retries).

        Raises ``RuntimeError`` (the SDK's) when there is none: check
        :meth:`has_next_page` first.

        Example::

            second = client.webhooks.list(limit=10).get_next_page()
        """
        cursor = self._next_cursor() if self.has_next_page() else None
        if cursor is None:
            raise RuntimeError(
                "No next page expected; please check `.has_next_page()` before calling `.get_next_page()`."
            )
        page: SyncCursorPage[T] = self._fetch(cursor)
        return page

    def iter_pages(self) -> Iterator["SyncCursorPage[T]"]:
        """This page, then every following one, fetched as the loop reaches it.

        Example::

            for page in client.webhooks.list(limit=100).iter_pages():
                print(len(page.data))
        """
        page = self
        seen: Set[str] = set()
        while True:
            yield page
            if not page.has_next_page():
                return
            cursor = page._next_cursor()
            if cursor in seen:
                raise APIResponseValidationError(
                    "list: the server returned a page ending at %r twice; stopping instead of looping forever"
                    % (cursor,),
                    response=page._response,
                    request=page._request,
                )
            seen.add(cursor or "")
            page = page.get_next_page()

    def __iter__(self) -> Iterator[T]:
        for page in self.iter_pages():
            yield from page.data

    def __repr__(self) -> str:
        return "<SyncCursorPage %d items has_more=%r>" % (len(self.data), self.has_more)
