"""Start the test OpenID Connect provider (``tests/oidc_provider/``) in a
second process: its own settings and SQLite file in a temporary folder, an
RSA signing key generated here, one registered client whose callback is
SkillGap's, and the given users; served by ``runserver --noreload`` on a
free loopback port, ready once its discovery document answers."""

from __future__ import annotations

import os
import secrets
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import requests
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

HERE = Path(__file__).parent
START_TIMEOUT_S = 30


@dataclass
class Provider:
    server_url: str  # what SkillGap's OIDC_SERVER_URL is set to
    client_id: str
    client_secret: str
    process: subprocess.Popen
    log: Path
    configuration: dict = field(default_factory=dict)

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def rsa_private_key_pem() -> str:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    return key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ).decode()


def start(folder: Path, *, redirect_uri: str, users: list[tuple[str, str, str]]) -> Provider:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "DATABASE_URL"))
    }
    env.update(
        DJANGO_SETTINGS_MODULE="idp.settings",
        IDP_DATABASE=str(folder / "provider.sqlite3"),
        IDP_RSA_PRIVATE_KEY=rsa_private_key_pem(),
        IDP_SECRET_KEY=secrets.token_urlsafe(40),
        PYTHONPATH=str(HERE),
    )
    manage = [sys.executable, str(HERE / "manage.py")]
    client_id, client_secret = secrets.token_urlsafe(16), secrets.token_urlsafe(32)
    subprocess.run([*manage, "migrate", "--verbosity=0"], cwd=HERE, env=env, check=True)
    subprocess.run(
        [
            *manage,
            "seed_provider",
            f"--client-id={client_id}",
            f"--client-secret={client_secret}",
            f"--redirect-uri={redirect_uri}",
            *(f"--user={u}:{p}:{e}" for u, p, e in users),
        ],
        cwd=HERE,
        env=env,
        check=True,
    )
    port = free_port()
    log = folder / "provider.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            [*manage, "runserver", "--noreload", "--nothreading", f"127.0.0.1:{port}"],
            cwd=HERE,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    provider = Provider(f"http://127.0.0.1:{port}/o", client_id, client_secret, process, log)
    discovery = f"{provider.server_url}/.well-known/openid-configuration"
    deadline = time.monotonic() + START_TIMEOUT_S
    while True:
        if process.poll() is not None:
            raise RuntimeError(f"the OIDC provider stopped at start-up:\n{log.read_text()}")
        try:
            response = requests.get(discovery, timeout=2)
            response.raise_for_status()
            provider.configuration = response.json()
            return provider
        except requests.RequestException as error:
            if time.monotonic() > deadline:
                provider.stop()
                message = f"the OIDC provider did not answer {discovery}:\n{log.read_text()}"
                raise RuntimeError(message) from error
            time.sleep(0.2)
