"""A minimal browser for scripts: cookies, CSRF tokens and HTML forms over plain HTTP, standard library only.

Used by the load test and the tests that start a real server (production settings, database fault)
to act as a person would: log in, open a form, change a field, submit what the page holds.
"""

import http.cookiejar
import socket
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from html.parser import HTMLParser


class FormParser(HTMLParser):
    """The fields of the first POST <form> whose action or class holds `match`, as a browser submits them."""

    def __init__(self, match):
        super().__init__(convert_charrefs=True)
        self.match = match
        self.inside, self.done = False, False
        self.fields = []  # (name, value), in document order, repeated names kept
        self.select, self.select_values, self.textarea, self.text = None, None, None, []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and not self.done and self.match in f'{attrs.get("action") or ""} {attrs.get("class") or ""}':
            if attrs.get("method", "get").lower() == "post":
                self.inside = True
            return
        if not self.inside:
            return
        name = attrs.get("name")
        if tag == "input" and name:
            kind = attrs.get("type", "text").lower()
            if kind in ("checkbox", "radio") and "checked" not in attrs:
                return
            if kind in ("submit", "button", "file", "image"):
                return
            self.fields.append((name, attrs.get("value", "on" if kind in ("checkbox", "radio") else "")))
        elif tag == "select" and name:
            self.select, self.select_values = name, []
        elif tag == "option" and self.select is not None and "selected" in attrs:
            self.select_values.append(attrs.get("value", ""))
        elif tag == "textarea" and name:
            self.textarea, self.text = name, []

    def handle_data(self, data):
        if self.textarea is not None:
            self.text.append(data)

    def handle_endtag(self, tag):
        if not self.inside:
            return
        if tag == "select" and self.select is not None:
            self.fields.extend((self.select, value) for value in self.select_values)
            self.select = None
        elif tag == "textarea" and self.textarea is not None:
            self.fields.append((self.textarea, "".join(self.text).removeprefix("\n")))
            self.textarea = None
        elif tag == "form":
            self.inside, self.done = False, True


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def free_port():
    """A TCP port on 127.0.0.1 that nothing listens on, for a server started by a script."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch(url, **headers):
    """One request without cookies or redirects: (status, response headers, body bytes)."""
    opener = urllib.request.build_opener(NoRedirect)
    try:
        with opener.open(urllib.request.Request(url, headers=headers), timeout=10) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


class Session:
    """One person's browser: its own cookies; responses are (status, body text, Location, seconds)."""

    def __init__(self, base, timeout=30):
        self.base, self.timeout = base.rstrip("/"), timeout
        self.cookies = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.cookies), NoRedirect)

    def csrf_token(self):
        return next((c.value for c in self.cookies if c.name == "csrftoken"), "")

    def request(self, path, data=None):
        body = urllib.parse.urlencode(data, doseq=True).encode() if data is not None else None
        headers = {"Referer": self.base + "/"}
        request = urllib.request.Request(self.base + path, data=body, headers=headers)
        started = time.perf_counter()
        try:
            with self.opener.open(request, timeout=self.timeout) as response:
                status, text, location = response.status, response.read().decode(), response.headers.get("Location")
        except urllib.error.HTTPError as error:
            status, text, location = error.code, error.read().decode(errors="replace"), error.headers.get("Location")
        return status, text, location, time.perf_counter() - started

    def get(self, path):
        return self.request(path)

    def download(self, path):
        """(status, body bytes, headers) of a file."""
        try:
            with self.opener.open(urllib.request.Request(self.base + path), timeout=self.timeout) as response:
                return response.status, response.read(), dict(response.headers)
        except urllib.error.HTTPError as error:
            return error.code, error.read(), dict(error.headers)

    def post_files(self, path, data, files):
        """A multipart form, as a browser sends one with a file field: `files` maps a field to (name, bytes)."""
        boundary = uuid.uuid4().hex
        parts = []
        for name, value in [*data, ("csrfmiddlewaretoken", self.csrf_token())]:
            parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode())
        for name, (filename, content) in files.items():
            parts.append(
                f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{filename}"\r\n'
                f"Content-Type: application/octet-stream\r\n\r\n".encode() + content + b"\r\n"
            )
        body = b"".join(parts) + f"--{boundary}--\r\n".encode()
        headers = {"Referer": self.base + "/", "Content-Type": f"multipart/form-data; boundary={boundary}"}
        request = urllib.request.Request(self.base + path, data=body, headers=headers)
        try:
            with self.opener.open(request, timeout=self.timeout) as response:
                return response.status, response.read().decode(), response.headers.get("Location")
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode(errors="replace"), error.headers.get("Location")

    def post(self, path, data):
        return self.request(path, [*data, ("csrfmiddlewaretoken", self.csrf_token())])

    def log_in(self, username, password):
        self.get("/accounts/login/")
        status, text, location, _ = self.post("/accounts/login/", [("username", username), ("password", password)])
        if status != 302:
            raise RuntimeError(f"{username} could not log in ({status})")


def form_fields(html, match):
    parser = FormParser(match)
    parser.feed(html)
    return parser.fields


def replace(fields, changes):
    """The fields with some values changed: `changes` maps a name, or a name's suffix, to a value."""
    result = []
    for name, value in fields:
        for key, new in changes.items():
            if name == key or name.endswith(key):
                value = new
        result.append((name, value))
    return result
