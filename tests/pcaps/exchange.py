#!/usr/bin/env python3
"""One loopback TCP connection torn down in a chosen way, for record.sh.

usage: exchange.py SCENARIO ipv4|ipv6 PORT [--pause]

The server listens on 127.0.0.1 or ::1 at PORT; the client connects from an
ephemeral port. The two sides run as threads and wait for each other through
the sockets themselves and threading events, never by sleeping, so that every
recording of a scenario has the same segments (only ports and sequence
numbers differ).

With --pause the two sides first exchange 100 bytes each way, then the client
prints "paused" and waits for a line on standard input before the scenario
proper: record.sh starts the capture in between to get a capture without the
handshake.

Scenarios (what the client does, then the server):
  client-fin-first  request; response; client close; server reads EOF, closes
  server-fin-first  request; response and server close; client reads EOF, closes
  linger0           request; 1-byte reply; client close with SO_LINGER {1,0}
  close-unread      request; response the client peeks at but leaves unread; client close
  half-close        request; client shutdown(SHUT_WR); server reads EOF, responds, closes
  fin-then-rst      request; client shutdown(SHUT_WR); server responds; client
                    closes with the response unread
"""
import select
import socket
import struct
import sys
import threading

REQUEST = 300


def receive_exactly(sock, count):
    data = b""
    while len(data) < count:
        chunk = sock.recv(count - len(data))
        if not chunk:
            raise RuntimeError("EOF after %d of %d bytes" % (len(data), count))
        data += chunk
    return data


def receive_to_eof(sock):
    total = 0
    while True:
        chunk = sock.recv(65536)
        if not chunk:
            return total
        total += len(chunk)


def peek_until(sock, count):
    """Waits until `count` bytes are queued, leaving them unread."""
    while len(sock.recv(count, socket.MSG_PEEK)) < count:
        select.select([sock], [], [])


def wait_reset(sock):
    """Waits until the kernel has processed the peer's RST (state CLOSE)."""
    poller = select.poll()
    poller.register(sock, select.POLLHUP | select.POLLERR)
    poller.poll()


def set_linger0(sock):
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))


def server_side(scenario, conn, client_closed):
    receive_exactly(conn, REQUEST)
    if scenario == "client-fin-first":
        conn.sendall(b"r" * 200)
        receive_to_eof(conn)
    elif scenario == "server-fin-first":
        conn.sendall(b"r" * 200)
    elif scenario == "linger0":
        conn.sendall(b"k")
        wait_reset(conn)
    elif scenario == "close-unread":
        conn.sendall(b"r" * 500)
        wait_reset(conn)
    elif scenario == "half-close":
        receive_to_eof(conn)
        conn.sendall(b"r" * 400)
    elif scenario == "fin-then-rst":
        receive_to_eof(conn)
        conn.sendall(b"r" * 300)
        client_closed.wait()
        wait_reset(conn)
    conn.close()


def client_side(scenario, sock, client_closed):
    sock.sendall(b"q" * REQUEST)
    if scenario == "client-fin-first":
        receive_exactly(sock, 200)
    elif scenario == "server-fin-first":
        receive_to_eof(sock)
    elif scenario == "linger0":
        receive_exactly(sock, 1)
        set_linger0(sock)
    elif scenario == "close-unread":
        peek_until(sock, 500)
    elif scenario == "half-close":
        sock.shutdown(socket.SHUT_WR)
        receive_to_eof(sock)
    elif scenario == "fin-then-rst":
        sock.shutdown(socket.SHUT_WR)
        peek_until(sock, 300)
    else:
        raise SystemExit("unknown scenario " + scenario)
    sock.close()
    client_closed.set()


def warm_up(conn, sock):
    sock.sendall(b"w" * 100)
    receive_exactly(conn, 100)
    conn.sendall(b"w" * 100)
    receive_exactly(sock, 100)
    print("paused", flush=True)
    sys.stdin.readline()


def main():
    scenario, family_name, port = sys.argv[1], sys.argv[2], int(sys.argv[3])
    pause = "--pause" in sys.argv[4:]
    family = socket.AF_INET if family_name == "ipv4" else socket.AF_INET6
    address = "127.0.0.1" if family == socket.AF_INET else "::1"
    listener = socket.socket(family, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind((address, port))
    listener.listen(1)
    sock = socket.create_connection((address, port))
    conn, _ = listener.accept()
    listener.close()
    if pause:
        warm_up(conn, sock)
    client_closed = threading.Event()
    server = threading.Thread(target=server_side, args=(scenario, conn, client_closed))
    server.start()
    client_side(scenario, sock, client_closed)
    server.join()


if __name__ == "__main__":
    main()
