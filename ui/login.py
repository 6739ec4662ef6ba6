"""Who may use the studio: sign-in from ``[ui] users`` (scrypt password hashes) or an API key.

``[ui] login``: ``auto`` (the default) asks for a sign-in whenever the studio listens on
anything but loopback, ``on`` always, ``off`` never (and then the studio refuses any address
but loopback). A studio that needs a sign-in but has nobody who could sign in refuses to start.

A person signs in with a user name and either the password whose hash ``[ui.users]`` holds
(``python app.py keys password NAME``) or an API key (``python app.py keys create --name NAME``:
the user name is the key's name or id). The signed-in name is the studio user: memory, its
export and deletion, and the artifacts served are that user's only. Wrong passwords are
throttled per client address and per user name, like wrong API keys (ui/api/ratelimit.py).
"""

from __future__ import annotations

import asyncio
import ipaddress
from typing import TYPE_CHECKING

from agent.errors import InputError
from agent.store import SAFE_ID
from ui.api.auth import hashing_thread
from ui.api.keys import KeyStore, check_password
from ui.api.ratelimit import FailureThrottle

if TYPE_CHECKING:
    from agent.config import Settings

LOOPBACK_NAMES = ("localhost", "127.0.0.1", "::1", "[::1]")


def is_loopback(host: str) -> bool:
    """Whether listening on ``host`` reaches this machine only."""
    if host.lower() in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


class StudioLogin:
    """The studio's sign-in check (Gradio's ``auth``) and its failure throttle."""

    def __init__(self, *, settings: "Settings", keys: KeyStore | None = None) -> None:
        self.users = dict(settings.ui.users)
        self.keys = keys or KeyStore.for_data_dir(settings.data_dir)
        api = settings.api
        self.throttle = FailureThrottle(burst=api.failed_auth_burst, per_min=api.failed_auth_per_min)
        self._hashing = hashing_thread("atelier-sign-in")

    @staticmethod
    def required(settings: "Settings", host: str) -> bool:
        """Whether the studio on ``host`` asks for a sign-in; refuses an open studio off loopback."""
        mode = settings.ui.login
        if mode == "off" and not is_loopback(host):
            raise InputError(f"the studio would listen on {host} without a sign-in (setting ui.login = 'off'); "
                             "listen on 127.0.0.1, or set ui.login to 'auto' and create a sign-in "
                             "(`python app.py keys create --name NAME` or `python app.py keys password NAME`)")
        return mode == "on" or (mode == "auto" and not is_loopback(host))

    def check_can_sign_in(self) -> None:
        """Refuse to start a studio that asks for a sign-in nobody has."""
        if not self.users and not self.keys.list():
            raise InputError("the studio asks for a sign-in but none exists: create an API key "
                             "(`python app.py keys create --name NAME`, then sign in as NAME with the key) or a "
                             "password (`python app.py keys password NAME` into atelier.toml [ui.users]), "
                             "or listen on 127.0.0.1")

    async def check(self, username: str, password: str) -> bool:
        """Gradio's ``auth`` callable: whether this user name and secret sign in."""
        username = (username or "").strip()
        if not SAFE_ID.match(username) or not password:
            return False
        if self.throttle.attempt(address=None, account=username) > 0:
            return False  # the address throttle in front of /login (ui/access.py) says when to retry
        ok = await asyncio.get_running_loop().run_in_executor(self._hashing, self._verify, username, password)
        if ok:
            self.throttle.succeeded(address=None, account=username)
        return ok

    def _verify(self, username: str, password: str) -> bool:
        if username in self.users and check_password(password, self.users[username]):
            return True
        key_id = self.keys.key_id_of(password)
        if key_id is None or not self.keys.exists(key_id):
            return False
        key = self.keys.verify(password)
        return key is not None and username in (key.key_id, key.name)

    def close(self) -> None:
        self._hashing.shutdown(wait=False, cancel_futures=True)
