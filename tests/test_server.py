"""The served page: Streamlit's one HTML page leaves the server in Dutch with our stylesheet; nothing else is
touched (ui/server.py)."""

import asyncio

from ui.server import DutchPage, dutch_page

PAGE = b'<!doctype html><html lang="en"><head><title>Streamlit</title></head><body><div id="root"></div></body></html>'


def test_the_page_is_dutch_and_links_the_stylesheet_once():
    assert dutch_page(PAGE) == (b'<!doctype html><html lang="nl"><head><title>Streamlit</title>'
                                b'<link rel="stylesheet" href="./regiomonitor/page.css"></head><body>'
                                b'<div id="root"></div></body></html>')


def run(path: str, content_type: bytes, body: bytes, headers=((b"accept-encoding", b"gzip"),)):
    seen, sent = {}, []

    async def app(scope, receive, send):
        seen["headers"] = scope["headers"]
        await send({"type": "http.response.start", "status": 200,
                    "headers": [(b"content-type", content_type), (b"content-length", str(len(body)).encode())]})
        await send({"type": "http.response.body", "body": body[:10], "more_body": True})
        await send({"type": "http.response.body", "body": body[10:]})

    async def send(message):
        sent.append(message)

    scope = {"type": "http", "method": "GET", "path": path, "headers": list(headers)}
    asyncio.run(DutchPage(app)(scope, None, send))
    return seen["headers"], sent


def test_middleware_rewrites_the_page_uncompressed_and_fixes_its_length():
    headers, sent = run("/thema", b"text/html; charset=utf-8", PAGE)
    assert headers == []  # asked uncompressed: it is read on its way out
    body = b"".join(m.get("body", b"") for m in sent[1:])
    assert body == dutch_page(PAGE)
    assert (b"content-length", str(len(body)).encode()) in sent[0]["headers"]


def test_middleware_leaves_assets_and_other_content_alone():
    headers, sent = run("/static/js/main.js", b"text/javascript", b"x" * 40)
    assert headers == [(b"accept-encoding", b"gzip")]
    assert b"".join(m.get("body", b"") for m in sent[1:]) == b"x" * 40
    _, sent = run("/rapportage.json", b"application/json", b'{"lang": "en"}')
    assert b"".join(m.get("body", b"") for m in sent[1:]) == b'{"lang": "en"}'
