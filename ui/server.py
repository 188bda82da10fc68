"""The dashboard's web page in Dutch, with visible focus and a print stylesheet: what Streamlit's own page cannot be
told from a script.

Streamlit serves one HTML page (`<html lang="en">`) for every path and draws the app into it over a websocket. Its
supported ASGI entry (`st.App`, run by `streamlit run serve.py`) lets us add middleware. This middleware changes
that one page as it leaves the server: `lang="nl"`, so screen readers speak Dutch and browsers hyphenate and check
Dutch, and a link to our stylesheet (ui/page.css: visible focus, and print without the sidebar, with whole cards and
charts). It is constant text of this repository, never anything from a plan or data file, and no page script
writes HTML (tests/test_security.py keeps it so).
"""

from __future__ import annotations

from pathlib import Path

STYLESHEET = Path(__file__).resolve().parent / "page.css"
STYLESHEET_PATH = "/regiomonitor/page.css"
# Linked relative to the page, so that it is found under a `--server.baseUrlPath` (and a proxy) as well.
_LINK = b'<link rel="stylesheet" href="./regiomonitor/page.css"></head>'
_PAGE_LANG = (b'<html lang="en">', b'<html lang="nl">')
_HEAD_END = b"</head>"
_NOT_PAGES = ("/_stcore/", "/static/", "/media/", "/component/", "/regiomonitor/")
"""Parts of a path that is not the page: Streamlit's server, assets and media, and our stylesheet."""


def dutch_page(html: bytes) -> bytes:
    """Streamlit's page with lang="nl" and our stylesheet linked in its head."""
    return html.replace(*_PAGE_LANG, 1).replace(_HEAD_END, _LINK, 1)


class DutchPage:
    """ASGI middleware: the HTML page on its way out gets dutch_page(); everything else passes untouched. The page
    is asked for uncompressed (it is a few kilobytes), so that it can be read; assets and the websocket are not
    touched at all."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http" or scope["method"] != "GET" or any(p in scope["path"] for p in _NOT_PAGES):
            await self.app(scope, receive, send)
            return
        scope = {**scope, "headers": [(k, v) for k, v in scope["headers"] if k.lower() != b"accept-encoding"]}
        start: dict = {}
        body: list[bytes] = []

        async def rewrite(message):
            if message["type"] == "http.response.start":
                start.update(message)
                if not _is_html(message):
                    await send(message)
                return
            if not start or not _is_html(start):
                await send(message)
                return
            body.append(message.get("body", b""))
            if message.get("more_body"):
                return
            page = dutch_page(b"".join(body))
            headers = [(k, v) for k, v in start["headers"] if k.lower() != b"content-length"]
            await send({**start, "headers": [*headers, (b"content-length", str(len(page)).encode())]})
            await send({"type": "http.response.body", "body": page})

        await self.app(scope, receive, rewrite)


def _is_html(start: dict) -> bool:
    return any(k.lower() == b"content-type" and v.startswith(b"text/html") for k, v in start.get("headers", []))


async def stylesheet(request):
    from starlette.responses import Response

    return Response(STYLESHEET.read_bytes(), media_type="text/css",
                    headers={"cache-control": "public, max-age=3600"})
