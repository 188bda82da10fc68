"""A Streamlit session without a browser: Streamlit's own websocket protocol, as the browser speaks it.

The server cannot tell such a session from a browser's: each is a session with its own script thread, and a page is
run by the same `rerun_script` message the browser sends when the sidebar is clicked. Used by
tests/test_concurrency.py (24 sessions at once) and bench/load.py (the server under 20 sessions, without 20 browser
tabs competing with it for the CPU).
"""

from __future__ import annotations

import asyncio
import time

from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from websockets.asyncio.client import ClientConnection, connect


def session(port: int):
    """`async with session(port) as socket:` one Streamlit session for as long as the block runs."""
    return connect(f"ws://127.0.0.1:{port}/_stcore/stream", max_size=None)


async def run_page(socket: ClientConnection, page: str, query: str, bound: float) -> tuple[float, list[str]]:
    """Run one page in the session, as a click in the sidebar does: (seconds until the script finished, the
    problems it showed: error panels and exceptions, or 'hung' when nothing came for `bound` seconds)."""
    problems = []
    started = time.monotonic()
    message = BackMsg()
    message.rerun_script.page_name = page
    message.rerun_script.query_string = query
    await socket.send(message.SerializeToString())
    while True:
        try:
            raw = await asyncio.wait_for(socket.recv(), bound)
        except TimeoutError:
            return time.monotonic() - started, [f"{page}?{query} hung"]
        reply = ForwardMsg()
        reply.ParseFromString(raw)
        kind = reply.WhichOneof("type")
        if kind == "delta" and reply.delta.WhichOneof("type") == "new_element":
            element = reply.delta.new_element
            shown = element.WhichOneof("type")
            if shown == "exception" or (shown == "alert" and element.alert.format == element.alert.ERROR):
                problems.append(f"{page}?{query}: {shown}")
        if kind == "script_finished":
            return time.monotonic() - started, problems
