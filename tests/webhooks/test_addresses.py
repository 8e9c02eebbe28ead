"""Where a delivery may go (server-side request forgery): the rule of
``webhooks.addresses`` in production, and how an attempt connects: to the
address checked, with the URL's host in ``Host`` and as the TLS server name,
whose certificate is verified."""

from __future__ import annotations

import ssl
import subprocess
import threading

import pytest
from django.core.exceptions import ValidationError

from tests.factories import submitted
from webhooks import addresses
from webhooks.models import Delivery, Event


@pytest.mark.parametrize(
    "url",
    [
        "https://127.0.0.2/",
        "https://10.0.0.1/",
        "https://172.16.5.4/",
        "https://192.168.1.1/",
        "https://169.254.169.254/",
        "https://100.64.0.1/",
        "https://0.0.0.0/",
        "https://224.0.0.251/",
        "https://239.1.2.3/",
        "https://[::1]/",
        "https://[fc00::1]/",
        "https://[fd12:3456::1]/",
        "https://[fe80::1]/",
        "https://[::ffff:127.0.0.1]/",
        "https://[::]/",
        "https://[ff02::1]/",
    ],
)
def test_in_production_inside_addresses_are_refused(production, url):
    with pytest.raises(ValidationError) as refused:
        addresses.check(url)
    assert refused.value.code == "private"


def test_in_production_a_public_https_address_is_allowed(production):
    target = addresses.check("https://93.184.215.14:8443/hooks?team=1")
    assert (target.scheme, target.host, target.port) == ("https", "93.184.215.14", 8443)
    assert (target.path, target.address) == ("/hooks?team=1", "93.184.215.14")


def test_an_unresolvable_host_is_refused(production):
    with pytest.raises(ValidationError) as refused:
        addresses.check("https://nothing.invalid/")
    assert refused.value.code == "unresolved"


def test_outside_production_private_addresses_and_http_may_be_allowed(settings):
    settings.WEBHOOKS_ALLOW_PRIVATE = True
    assert addresses.check("http://127.0.0.1:8001/").address == "127.0.0.1"
    settings.WEBHOOKS_ALLOW_PRIVATE = False
    with pytest.raises(ValidationError):
        addresses.check("http://127.0.0.1:8001/")


def test_the_host_header_names_the_urls_host_not_the_address(
    receiver, make_endpoint, engineer, team, django_capture_on_commit_callbacks
):
    url = f"http://localhost:{receiver.port}/hooks"
    make_endpoint(url, [Event.ASSESSMENT_SUBMITTED], receiver=receiver)
    with django_capture_on_commit_callbacks(execute=True):
        submitted(engineer)
    [request] = receiver.requests
    assert request.headers["Host"] == f"localhost:{receiver.port}"
    assert request.valid


@pytest.fixture
def tls_server(tmp_path):
    """A TLS server on loopback with a self-signed certificate for
    ``localhost``; records the server name each client asked for."""
    key, cert = tmp_path / "key.pem", tmp_path / "cert.pem"
    subprocess.run(
        [
            "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
            "-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost",
            "-keyout", str(key), "-out", str(cert),
        ],
        check=True,
        capture_output=True,
    )  # fmt: skip
    import socket

    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    names: list[str | None] = []
    context.sni_callback = lambda sock, name, ctx: names.append(name)
    listener = socket.create_server(("127.0.0.1", 0))
    listener.settimeout(5)

    def serve():
        try:
            conn, _ = listener.accept()
            with context.wrap_socket(conn, server_side=True):
                pass
        except (OSError, ssl.SSLError):
            pass  # the client refused our certificate: expected

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    yield listener.getsockname()[1], names
    thread.join(5)
    listener.close()


def test_https_sends_the_host_as_server_name_and_refuses_an_unverified_certificate(
    tls_server, make_endpoint, engineer, team, django_capture_on_commit_callbacks
):
    port, names = tls_server
    make_endpoint(f"https://localhost:{port}/hooks", [Event.ASSESSMENT_SUBMITTED])
    with django_capture_on_commit_callbacks(execute=True):
        submitted(engineer)
    delivery = Delivery.objects.get()
    assert (delivery.status, delivery.attempts) == ("pending", 1)
    assert "CERTIFICATE_VERIFY_FAILED" in delivery.last_error
    assert names == ["localhost"]


def test_check_deploy_warns_when_production_allows_private_addresses(settings):
    from django.core.checks import run_checks

    settings.PRODUCTION = True
    settings.WEBHOOKS_ALLOW_PRIVATE = True
    assert "skillgap.W101" in {m.id for m in run_checks(include_deployment_checks=True)}
    settings.WEBHOOKS_ALLOW_PRIVATE = False
    assert "skillgap.W101" not in {m.id for m in run_checks(include_deployment_checks=True)}
