#!/usr/bin/env python3
"""The source article's client: Python's http.client sends a chunked PUT,
reads the response's status and headers with getresponse(), and calls
conn.close() without reading the body. finrst runs it as an external mode
(python-http-client) and watches what its close() puts on the wire.

usage: article_client.py HOST PORT"""
import sys

# http.client imports ssl only to offer HTTPSConnection; this client speaks
# plain HTTP, and loading ssl (OpenSSL's libraries) cost 30 ms of each 110 ms
# start here. HTTPConnection's code is the same without it.
sys.modules["ssl"] = None
import http.client  # noqa: E402 (after the ssl block on purpose)


def chunk_data(data, size_per_chunk):
    chunks = [data[i:i + size_per_chunk] for i in range(0, len(data), size_per_chunk)]
    return "".join(f"{len(c):x}\r\n{c}\r\n" for c in chunks) + "0\r\n\r\n"


def main():
    host, port = sys.argv[1], int(sys.argv[2])
    body = "x" * 4000
    conn = http.client.HTTPConnection(host, port)
    conn.putrequest("PUT", "/")
    conn.putheader("Transfer-Encoding", "chunked")
    conn.endheaders()
    conn.send(chunk_data(body, 1000).encode("utf-8"))
    resp = conn.getresponse()
    print(resp.status, resp.reason)
    conn.close()


if __name__ == "__main__":
    main()
