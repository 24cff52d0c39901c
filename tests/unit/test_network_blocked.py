"""The suite runs with the network beyond this machine blocked (pyproject's pytest-socket
options): a connection to a non-loopback address fails, loopback still works (the dev server,
PostgreSQL and the browser tests' live server use it)."""
import socket
import threading

import pytest
from pytest_socket import SocketConnectBlockedError

# TEST-NET-1 and a public resolver's address: never reached, whether or not the machine is online.
FOREIGN = [("192.0.2.1", 80), ("8.8.8.8", 53), ("2001:db8::1", 443)]


@pytest.mark.parametrize("address", FOREIGN, ids=[a for a, _p in FOREIGN])
def test_a_connection_beyond_loopback_is_refused(address):
    family = socket.AF_INET6 if ":" in address[0] else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.settimeout(1)
    with pytest.warns(UserWarning, match="socket.connect"), \
            pytest.raises(SocketConnectBlockedError, match=address[0]):
        sock.connect(address)


def test_the_standard_library_http_client_is_refused_too():
    import http.client

    connection = http.client.HTTPConnection("192.0.2.1", 80, timeout=1)
    with pytest.warns(UserWarning), pytest.raises(SocketConnectBlockedError):
        connection.request("GET", "/")


def test_loopback_still_connects():
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(1)
    accepted = []
    thread = threading.Thread(target=lambda: accepted.append(server.accept()[0]))
    thread.start()
    try:
        client = socket.create_connection(server.getsockname(), timeout=2)
        thread.join(timeout=2)
        assert accepted
        client.close()
        accepted[0].close()
    finally:
        server.close()
