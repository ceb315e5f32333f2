"""One student's browser tab, spoken at the protocol level: what benchmarks/classroom.py drives.

A tab fetches the page and its scripts over HTTP (keeping cookies, so a proxy's affinity cookie
sends every request to the same app process), asks /_stcore/health for the XSRF cookie, opens the
websocket /_stcore/stream with the subprotocols ["streamlit", <xsrf token>], and then does what
Streamlit's frontend does: it sends BackMsg.rerun_script with a ClientState (page, query string,
widget states, fragment id) and reads ForwardMsgs until the run's script_finished. It keeps the
widgets each run draws (their ids come in the deltas), and runs the timers that `auto_rerun`
messages ask for, as the browser's run_every timers do: a fragment rerun every interval, whether
or not the previous one finished, cleared by a full run, a page change or `stop_auto_rerun`.

The frontend sends the value of every widget on the page with each rerun; this client sends the
values it changed. The server keeps the others (a widget missing from a rerun keeps its previous
value), so the script sees what it would see from a browser.
"""
from __future__ import annotations

import asyncio
import random
import re
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any, Callable
from urllib.parse import urlsplit

import requests
from websockets.asyncio.client import connect
from websockets.exceptions import ConnectionClosed

from streamlit.proto.Alert_pb2 import Alert
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ClientState_pb2 import ClientState
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.WidgetStates_pb2 import WidgetState

FINISHED = {ForwardMsg.FINISHED_SUCCESSFULLY, ForwardMsg.FINISHED_WITH_COMPILE_ERROR,
            ForwardMsg.FINISHED_FRAGMENT_RUN_SUCCESSFULLY}
CUT_SHORT = ForwardMsg.FINISHED_EARLY_FOR_RERUN
SIDEBAR = 1  # the root container of a delta path: 0 main, 1 sidebar
# Widgets a student may change, and how (see `changed_value`). Others (uploads, the latent pad,
# downloads, text fields) take a person's own input and are left alone.
CHANGEABLE = ("button", "checkbox", "slider", "button_group", "radio", "selectbox", "number_input")
ASSET = re.compile(r'(?:src|href)="\./((?:static/)[^"]+)"')
XSRF_COOKIE = "_streamlit_xsrf"
BROWSER_CONNECTIONS = 6  # what browsers open per host over HTTP/1.1


class Disconnected(Exception):
    """The websocket closed while the tab was still open."""


@dataclass
class Widget:
    kind: str  # the Element's type: "slider", "button", ...
    proto: Any  # that element's message (Slider, Button, ...)
    fragment_id: str  # "" outside fragments
    in_sidebar: bool
    seen_in: str = ""  # the run that last drew it

    @property
    def id(self) -> str:
        return self.proto.id


@dataclass
class Run:
    """A script run as the tab saw it: from new_session to script_finished."""

    run_id: str
    fragment_ids: tuple[str, ...]
    started: float
    elements: list[tuple[str, str, Any]] = field(default_factory=list)  # (fragment id, type, message)
    status: int | None = None
    finished: float | None = None

    @property
    def full(self) -> bool:
        return not self.fragment_ids


@dataclass
class Problem:
    """An exception box or an error alert that a student saw."""

    kind: str  # "exception", "warning" (an exception drawn as a warning), "error_alert"
    page: str
    text: str  # the first line
    at: float


class Tab:
    """One browser tab on the app at `base_url`. `clock()` gives the class's time in seconds."""

    def __init__(self, base_url: str, clock: Callable[[], float], rerun_timeout_s: float = 180.0) -> None:
        self.base_url = base_url.rstrip("/")
        self.clock = clock
        self.rerun_timeout_s = rerun_timeout_s
        self.http = requests.Session()
        self.http.trust_env = False  # talk to the server itself, never through an environment proxy
        self.pages: dict[str, tuple[str, str]] = {}  # url path -> (page script hash, title)
        self.page = ""  # url path of the page in view
        self.query_string = ""
        self.widgets: dict[str, Widget] = {}
        self.values: dict[str, WidgetState] = {}  # the widget values this tab has set
        self.problems: list[Problem] = []
        self.runs: list[Run] = []
        self.current: Run | None = None
        self.on_run_finished: list[Callable[[Run], None]] = []
        self.auto_reruns: dict[str, tuple[float, asyncio.Task]] = {}
        self.timed_fragments: set[str] = set()  # every fragment an auto_rerun message named
        self.ticks_sent = 0
        self.disconnected: str | None = None
        self.load_s: float | None = None  # HTML, scripts, health and host config fetched
        self._socket = None
        self._reader: asyncio.Task | None = None
        self._closing = False
        self._finished = asyncio.Condition()

    # --- opening and closing -----------------------------------------------------------------------
    def _fetch_page(self) -> int:
        """What a browser fetches before it opens the websocket; returns the bytes received."""
        html = self.http.get(self.base_url + "/", timeout=60)
        html.raise_for_status()
        received = len(html.content)

        def fetch(asset: str) -> int:
            answer = self.http.get(f"{self.base_url}/{asset}", timeout=60)
            answer.raise_for_status()
            return len(answer.content)

        # After the HTML (whose answer may set a proxy's affinity cookie), the scripts and styles
        # over BROWSER_CONNECTIONS connections at once, as a browser loads them.
        with ThreadPoolExecutor(BROWSER_CONNECTIONS) as pool:
            received += sum(pool.map(fetch, dict.fromkeys(ASSET.findall(html.text))))
        for path in ("/_stcore/health", "/_stcore/host-config"):
            answer = self.http.get(self.base_url + path, timeout=60)
            answer.raise_for_status()
            received += len(answer.content)
        return received

    async def open(self) -> float:
        """Load the page, connect, and run the app's first page (as the address / does); returns
        the seconds from the request for the HTML to that run's end."""
        started = time.perf_counter()
        await asyncio.to_thread(self._fetch_page)
        self.load_s = time.perf_counter() - started
        xsrf = self.http.cookies.get(XSRF_COOKIE) or ""
        parts = urlsplit(self.base_url)
        scheme = "wss" if parts.scheme == "https" else "ws"
        cookies = "; ".join(f"{name}={value}" for name, value in self.http.cookies.items())
        self._socket = await connect(
            f"{scheme}://{parts.netloc}{parts.path}/_stcore/stream", subprotocols=["streamlit", xsrf],
            origin=f"{parts.scheme}://{parts.netloc}", additional_headers={"Cookie": cookies} if cookies else None,
            proxy=None, max_size=None, open_timeout=self.rerun_timeout_s)
        self._reader = asyncio.create_task(self._read())
        await self.rerun(page_hash="", page_name="")
        return time.perf_counter() - started

    async def close(self) -> None:
        self._closing = True
        self._cancel_auto_reruns()
        if self._socket is not None:
            await self._socket.close()
        if self._reader is not None:
            await asyncio.gather(self._reader, return_exceptions=True)
        self.http.close()

    # --- reruns ------------------------------------------------------------------------------------
    def _client_state(self, *, page_hash: str | None, page_name: str | None, fragment_id: str,
                      auto: bool, extra: list[WidgetState]) -> ClientState:
        state = ClientState(fragment_id=fragment_id, is_auto_rerun=auto)
        state.context_info.timezone = "UTC"
        state.context_info.timezone_offset = 0
        state.context_info.locale = "en-US"
        state.context_info.url = f"{self.base_url}/{self.page}"
        if page_hash is None:  # the page in view
            state.page_script_hash = self.pages.get(self.page, ("", ""))[0]
            state.query_string = self.query_string
            chosen = {key: value for key, value in self.values.items() if key in self.widgets}
        else:
            state.page_script_hash = page_hash
            state.page_name = page_name or ""
            chosen = {}
        for widget_state in extra:
            chosen[widget_state.id] = widget_state
        state.widget_states.widgets.extend(chosen.values())
        return state

    async def _send(self, state: ClientState) -> None:
        if self.disconnected:
            raise Disconnected(self.disconnected)
        try:
            await self._socket.send(BackMsg(rerun_script=state).SerializeToString())
        except ConnectionClosed as closed:
            self._lost(f"closed while sending: {closed}")
            raise Disconnected(self.disconnected) from None

    async def rerun(self, *, page_hash: str | None = None, page_name: str | None = None, fragment_id: str = "",
                    extra: list[WidgetState] = ()) -> Run | None:
        """Send one rerun and wait for its run to finish; the finished Run, or None on a timeout.

        page_hash: switch to that page (None: the page in view). fragment_id: rerun that fragment
        alone. extra: widget states for this rerun only (a button's trigger, a form's values).
        """
        if page_hash is not None:
            self._cancel_auto_reruns()  # the frontend drops run_every timers on a page change
        sent = self.clock()
        seen = len(self.runs)
        await self._send(self._client_state(page_hash=page_hash, page_name=page_name, fragment_id=fragment_id,
                                            auto=False, extra=list(extra)))

        def answered() -> Run | None:
            for run in self.runs[seen:]:
                if run.started < sent or run.status not in FINISHED:
                    continue
                if (fragment_id and fragment_id in run.fragment_ids) or (not fragment_id and run.full):
                    return run
            return None

        async with self._finished:
            try:
                await asyncio.wait_for(self._finished.wait_for(lambda: answered() or self.disconnected),
                                       self.rerun_timeout_s)
            except asyncio.TimeoutError:
                return None
        if self.disconnected:
            raise Disconnected(self.disconnected)
        return answered()

    # --- run_every timers --------------------------------------------------------------------------
    def _start_auto_rerun(self, fragment_id: str, interval: float) -> None:
        self.timed_fragments.add(fragment_id)
        known = self.auto_reruns.get(fragment_id)
        if known is not None and known[0] == interval:
            return
        self._stop_auto_rerun(fragment_id)
        self.auto_reruns[fragment_id] = (interval, asyncio.create_task(self._tick(fragment_id, interval)))

    async def _tick(self, fragment_id: str, interval: float) -> None:
        while True:
            await asyncio.sleep(interval)
            try:
                await self._send(self._client_state(page_hash=None, page_name=None, fragment_id=fragment_id,
                                                    auto=True, extra=[]))
            except Disconnected:
                return
            self.ticks_sent += 1

    def _stop_auto_rerun(self, fragment_id: str) -> None:
        known = self.auto_reruns.pop(fragment_id, None)
        if known is not None:
            known[1].cancel()

    def _cancel_auto_reruns(self) -> None:
        for fragment_id in list(self.auto_reruns):
            self._stop_auto_rerun(fragment_id)

    # --- reading -----------------------------------------------------------------------------------
    def _lost(self, reason: str) -> None:
        if self.disconnected is None and not self._closing:
            self.disconnected = reason
        self._cancel_auto_reruns()

    async def _read(self) -> None:
        try:
            async for data in self._socket:
                message = ForwardMsg()
                message.ParseFromString(data)
                await self._handle(message)
        except ConnectionClosed as closed:
            self._lost(f"closed by the server: {closed}")
        else:
            self._lost("closed by the server")
        async with self._finished:
            self._finished.notify_all()

    async def _handle(self, message: ForwardMsg) -> None:
        kind = message.WhichOneof("type")
        now = self.clock()
        if kind == "new_session":
            run = message.metadata.run
            self.current = Run(run.script_run_id, tuple(run.fragment_ids), now)
            if self.current.full:
                self._cancel_auto_reruns()
                self._page_from_hash(message.new_session.page_script_hash)
        elif kind == "navigation":
            for page in message.navigation.app_pages:
                if not page.is_hidden:  # a hidden page (an old address that forwards) is not walked
                    self.pages[page.url_pathname] = (page.page_script_hash, page.page_name)
            self._page_from_hash(message.navigation.page_script_hash)
        elif kind == "page_info_changed":
            self.query_string = message.page_info_changed.query_string
        elif kind == "delta" and message.delta.WhichOneof("type") == "new_element":
            self._element(message.delta.fragment_id, message.delta.new_element, message.metadata.delta_path)
        elif kind == "auto_rerun":
            self._start_auto_rerun(message.auto_rerun.fragment_id, message.auto_rerun.interval)
        elif kind == "stop_auto_rerun":
            for fragment_id in message.stop_auto_rerun.fragment_ids:
                self._stop_auto_rerun(fragment_id)
        elif kind == "script_finished" and self.current is not None:
            run, self.current = self.current, None
            run.status, run.finished = message.script_finished, now
            if run.full and run.status in FINISHED:
                drawn = {widget_id for widget_id, widget in self.widgets.items() if widget.seen_in == run.run_id}
                self.widgets = {key: value for key, value in self.widgets.items() if key in drawn}
            self.runs.append(run)
            for listener in self.on_run_finished:
                listener(run)
            async with self._finished:
                self._finished.notify_all()

    def _page_from_hash(self, page_hash: str) -> None:
        for url_path, (known, _) in self.pages.items():
            if known == page_hash:
                self.page = url_path

    def _element(self, fragment_id: str, element: Any, path: Any) -> None:
        kind = element.WhichOneof("type")
        proto = getattr(element, kind)
        if self.current is not None:
            self.current.elements.append((fragment_id, kind, proto))
        if kind == "exception":
            first = (proto.message or "").strip().splitlines()
            self.problems.append(Problem("warning" if proto.is_warning else "exception", self.title,
                                         f"{proto.type}: {first[0] if first else ''}", self.clock()))
        elif kind == "alert" and proto.format == Alert.ERROR:
            first = proto.body.strip().splitlines()
            self.problems.append(Problem("error_alert", self.title, first[0] if first else "", self.clock()))
        elif kind in CHANGEABLE or kind in ("text_input", "download_button"):
            self.widgets[proto.id] = Widget(kind, proto, fragment_id, bool(path) and path[0] == SIDEBAR,
                                            self.current.run_id if self.current is not None else "")

    @property
    def title(self) -> str:
        return self.pages.get(self.page, ("", self.page))[1]

    # --- what a student does -------------------------------------------------------------------------
    def changeable(self) -> list[Widget]:
        """Widgets in the page's main area, outside forms, enabled, that `changed_value` can move."""
        return [widget for widget in self.widgets.values()
                if widget.kind in CHANGEABLE and not widget.in_sidebar and not widget.proto.form_id
                and not widget.proto.disabled]

    def submit_buttons(self, pattern: str) -> list[Widget]:
        """Form submit buttons whose widget id ends in a key matching `pattern` (a regex)."""
        return [widget for widget in self.widgets.values()
                if widget.kind == "button" and widget.proto.is_form_submitter
                and re.search(pattern + "$", widget.id) and not widget.proto.disabled]

    def form_fields(self, form_id: str) -> list[Widget]:
        return [widget for widget in self.widgets.values() if widget.proto.form_id == form_id]

    def widget_state(self, widget: Widget, value: Any) -> WidgetState:
        """The WidgetState that sets `widget` to `value` (a number for number inputs)."""
        state = WidgetState(id=widget.id)
        if widget.kind == "number_input":
            state.double_value = float(value)
        elif widget.kind == "text_input":
            state.string_value = str(value)
        else:
            raise ValueError(f"setting a {widget.kind} to a given value is not supported")
        return state

    def remember(self, state: WidgetState) -> None:
        if not state.HasField("trigger_value") or not state.trigger_value:
            self.values[state.id] = state


def changed_value(widget: Widget, rng: random.Random) -> WidgetState:
    """A WidgetState that changes `widget` as a person would: another option, a flipped box, one
    step of a number, a click of a button. Option widgets send the option's label as shown."""
    proto, state = widget.proto, WidgetState(id=widget.id)
    if widget.kind == "button":
        state.trigger_value = True
    elif widget.kind == "checkbox":
        state.bool_value = not (proto.value if proto.set_value else proto.default)
    elif widget.kind == "slider" and proto.options:  # a select_slider: its options' labels
        current = int(_slider_values(proto)[0])
        state.string_array_value.data.append(proto.options[_other(current, len(proto.options), rng)])
    elif widget.kind == "slider":
        current = _slider_values(proto)[0]
        step = proto.step or 1
        moved = current + step if current + step <= proto.max else current - step
        state.double_array_value.data.append(max(proto.min, moved))
    elif widget.kind == "button_group":
        current = proto.default[0] if proto.default else -1
        state.string_array_value.data.append(proto.options[_other(current, len(proto.options), rng)].content)
    elif widget.kind in ("radio", "selectbox"):
        current = proto.default if proto.HasField("default") else -1
        state.string_value = proto.options[_other(current, len(proto.options), rng)]
    elif widget.kind == "number_input":
        current = proto.value if proto.set_value else proto.default
        step = proto.step or 1
        moved = current + step if not proto.has_max or current + step <= proto.max else current - step
        state.double_value = max(proto.min, moved) if proto.has_min else moved
    else:
        raise ValueError(f"cannot change a {widget.kind}")
    return state


def _slider_values(proto) -> list[float]:
    """A slider's values as the browser holds them: the value the server set, else its default
    (a message may set an empty value, which the browser ignores), else its minimum."""
    for values in ((proto.value if proto.set_value else []), proto.default):
        if len(values):
            return list(values)
    return [proto.min]


def _other(current: int, count: int, rng: random.Random) -> int:
    choices = [index for index in range(count) if index != current]
    return rng.choice(choices) if choices else current
