"""A real Synapse homeserver for the tests: SQLite, no federation, raised rate limits, on a free local port."""

import ctypes
import hashlib
import hmac
import json
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from signedjson.key import generate_signing_key, write_signing_keys

SERVER_NAME = "herald.test"
SHARED_SECRET = "herald-test-registration-secret"
PASSWORD = "correct horse battery staple"
LIMIT = {"per_second": 10_000, "burst_count": 10_000}

LOG_CONFIG = """\
version: 1
formatters:
  precise:
    format: '%(asctime)s %(name)s %(levelname)s %(message)s'
handlers:
  file:
    class: logging.FileHandler
    formatter: precise
    filename: {path}
root:
  level: WARNING
  handlers: [file]
disable_existing_loggers: false
"""


@dataclass(frozen=True)
class MatrixUser:
    """A registered account and its access token."""

    user_id: str
    access_token: str
    device_id: str


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def die_with_parent() -> None:
    """In the child: the kernel kills Synapse when the test run dies, even by SIGKILL (no orphan)."""
    pr_set_pdeathsig = 1
    ctypes.CDLL("libc.so.6", use_errno=True).prctl(pr_set_pdeathsig, signal.SIGKILL)


def rate_limits() -> dict[str, Any]:
    """Every rc_* limit raised so that the tests measure Herald, not Synapse's anti-abuse limits."""
    return {
        "rc_message": LIMIT,
        "rc_registration": LIMIT,
        "rc_room_creation": LIMIT,
        "rc_joins": {"local": LIMIT, "remote": LIMIT},
        "rc_joins_per_room": LIMIT,
        "rc_invites": {"per_room": LIMIT, "per_user": LIMIT, "per_issuer": LIMIT},
        "rc_login": {"address": LIMIT, "account": LIMIT, "failed_attempts": LIMIT},
        "rc_admin_redaction": LIMIT,
        "rc_media_create": LIMIT,
        "rc_3pid_validation": LIMIT,
        "rc_presence": {"per_user": LIMIT},
        "rc_delayed_event_mgmt": LIMIT,
        "rc_reports": LIMIT,
    }


class Synapse:
    """Starts and stops one Synapse; registers users through the shared-secret admin API."""

    def __init__(self, workdir: Path) -> None:
        self.workdir = workdir
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = workdir / "homeserver.log"
        self.process: subprocess.Popen[bytes] | None = None

    def write_config(self) -> Path:
        key = self.workdir / "signing.key"
        with key.open("w") as out:
            write_signing_keys(out, [generate_signing_key("a_herald")])
        (self.workdir / "log.yaml").write_text(LOG_CONFIG.format(path=self.log))
        config = {
            "server_name": SERVER_NAME,
            "public_baseurl": self.url + "/",
            "pid_file": str(self.workdir / "homeserver.pid"),
            "listeners": [
                {
                    "port": self.port,
                    "bind_addresses": ["127.0.0.1"],
                    "type": "http",
                    "tls": False,
                    "resources": [{"names": ["client"], "compress": False}],
                }
            ],
            "database": {"name": "sqlite3", "args": {"database": str(self.workdir / "homeserver.db")}},
            "log_config": str(self.workdir / "log.yaml"),
            "media_store_path": str(self.workdir / "media"),
            "signing_key_path": str(key),
            "registration_shared_secret": SHARED_SECRET,
            "macaroon_secret_key": "herald-test-macaroon",
            "form_secret": "herald-test-form",
            "report_stats": False,
            "trusted_key_servers": [],
            "suppress_key_server_warning": True,
            "federation_domain_whitelist": [],
            "bcrypt_rounds": 4,
            "url_preview_enabled": False,
            "enable_registration": False,
            "presence": {"enabled": False},
            **rate_limits(),
        }
        path = self.workdir / "homeserver.yaml"
        path.write_text(json.dumps(config, indent=2))  # JSON is YAML
        return path

    def start(self) -> None:
        config = self.write_config()
        with (self.workdir / "stdout.log").open("wb") as out:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "synapse.app.homeserver", "-c", str(config)],
                cwd=self.workdir, stdout=out, stderr=subprocess.STDOUT, preexec_fn=die_with_parent,
            )  # fmt: skip
        deadline = time.monotonic() + 60
        while not self._answers():
            if self.process.poll() is not None or time.monotonic() > deadline:
                self.stop()
                raise RuntimeError(f"Synapse did not start:\n{self.output()}")
            time.sleep(0.1)

    def _answers(self) -> bool:
        try:
            with urllib.request.urlopen(self.url + "/_matrix/client/versions", timeout=1) as response:
                return bool(response.status == 200)
        except (urllib.error.URLError, OSError):
            return False

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

    def output(self) -> str:
        parts = [path.read_text(errors="replace") for path in (self.workdir / "stdout.log", self.log) if path.exists()]
        return "\n".join(parts)[-5000:]

    def register(self, name: str, admin: bool = False) -> MatrixUser:
        """A new account through /_synapse/admin/v1/register with the shared secret's HMAC."""
        endpoint = self.url + "/_synapse/admin/v1/register"
        with urllib.request.urlopen(endpoint, timeout=10) as response:
            nonce = json.load(response)["nonce"]
        message = b"\x00".join([nonce.encode(), name.encode(), PASSWORD.encode(), b"admin" if admin else b"notadmin"])
        mac = hmac.new(SHARED_SECRET.encode(), message, hashlib.sha1).hexdigest()
        body = {"nonce": nonce, "username": name, "password": PASSWORD, "admin": admin, "mac": mac}
        request = urllib.request.Request(
            endpoint, data=json.dumps(body).encode(), headers={"Content-Type": "application/json"}
        )
        with urllib.request.urlopen(request, timeout=10) as response:
            reply = json.load(response)
        return MatrixUser(reply["user_id"], reply["access_token"], reply["device_id"])
