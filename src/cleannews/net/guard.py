"""The address guard: only absolute http(s) URLs, and connections only to public addresses,
checked on the address actually connected to (every redirect hop goes through it too)."""

from __future__ import annotations

import asyncio
import ipaddress
import socket
import ssl
import time
from collections.abc import Iterable
from typing import Any

import httpcore
import httpx

from ..config import FetchOptions
from ..errors import BlockedAddress, UnsupportedURL

_KEEPALIVE = 30.0
_SWEEP_EVERY = 256


def check_url(url: str) -> httpx.URL:
    """The parsed URL, or UnsupportedURL for anything but absolute http(s) URLs."""
    try:
        parsed = httpx.URL(url)
    except (httpx.InvalidURL, TypeError, ValueError) as exc:
        raise UnsupportedURL(f"invalid URL: {exc}", url=url) from exc
    if not parsed.scheme:
        raise UnsupportedURL("not an absolute URL (no http:// or https://)", url=url)
    if parsed.scheme not in ("http", "https"):
        raise UnsupportedURL(
            f"unsupported URL scheme {parsed.scheme!r}: only http and https", url=url
        )
    if not parsed.host:
        raise UnsupportedURL("URL has no host", url=url)
    return parsed


def is_public_address(address: str) -> bool:
    """True for a globally routable unicast address; False for loopback, private, link-local,
    shared, reserved, multicast and unspecified ones, including IPv4 hidden in IPv6 forms."""
    try:
        ip = ipaddress.ip_address(address.split("%", 1)[0])
    except ValueError:
        return False
    if isinstance(ip, ipaddress.IPv6Address):
        embedded = ip.ipv4_mapped or ip.sixtofour or (ip.teredo[1] if ip.teredo else None)
        if embedded is not None and not is_public_address(str(embedded)):
            return False
    return ip.is_global and not (ip.is_multicast or ip.is_reserved or ip.is_unspecified)


async def resolve(host: str, port: int) -> list[str]:
    """Every address `host` resolves to, in the resolver's order (IP literals as they are)."""
    try:
        return [str(ipaddress.ip_address(host))]
    except ValueError:
        pass
    loop = asyncio.get_running_loop()
    infos = await loop.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    seen: dict[str, None] = {}
    for info in infos:
        seen.setdefault(str(info[4][0]), None)
    return list(seen)


class GuardedBackend(httpcore.AsyncNetworkBackend):
    """An httpcore network backend that resolves the host itself, refuses the connection if
    any address is not public (unless allowed) and connects to the address it checked, so
    that neither a redirect nor a DNS answer that changes between check and use gets around
    it. httpcore keeps the Host header and the TLS server name from the URL."""

    def __init__(self, *, allow_private: bool) -> None:
        self._allow_private = allow_private
        self._inner = httpcore.AnyIOBackend()

    async def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        try:
            async with asyncio.timeout(timeout):
                addresses = await resolve(host, port)
        except TimeoutError as exc:
            raise httpcore.ConnectTimeout(f"resolving {host} timed out") from exc
        except (socket.gaierror, UnicodeError) as exc:
            raise httpcore.ConnectError(f"cannot resolve {host}: {exc}") from exc
        if not self._allow_private:
            for address in addresses:
                if not is_public_address(address):
                    raise BlockedAddress(
                        f"refused: {host} resolves to non-public address {address} "
                        "(allow_private / --allow-private lifts this)"
                    )
        error: Exception = httpcore.ConnectError(f"no address for {host}")
        for address in addresses:
            try:
                return await self._inner.connect_tcp(
                    address, port, timeout=timeout, local_address=local_address,
                    socket_options=socket_options,
                )
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as exc:
                error = exc
        raise error

    async def connect_unix_socket(
        self, path: str, timeout: float | None = None, socket_options: Any = None
    ) -> httpcore.AsyncNetworkStream:
        raise httpcore.ConnectError("unix sockets are not fetched")

    async def sleep(self, seconds: float) -> None:
        await self._inner.sleep(seconds)


class _OriginTransport(httpx.AsyncHTTPTransport):
    """httpx's transport with its connection pool on the GuardedBackend, for one origin."""

    def __init__(self, backend: GuardedBackend, ssl_context: ssl.SSLContext, size: int) -> None:
        super().__init__(verify=ssl_context, trust_env=False)  # shared: loading CAs is slow
        self._pool = httpcore.AsyncConnectionPool(
            ssl_context=ssl_context,
            max_connections=size,
            max_keepalive_connections=size,
            keepalive_expiry=_KEEPALIVE,
            network_backend=backend,
        )


class GuardedTransport(httpx.AsyncBaseTransport):
    """Every origin gets its own small pool on the GuardedBackend. One big pool would do, but
    httpcore scans all of a pool's connections for every request, which with hundreds of them
    costs more CPU than the request. Requests through a proxy go to net/proxy.py instead,
    which checks the target's addresses since the proxy is what connects."""

    def __init__(self, options: FetchOptions) -> None:
        self._backend = GuardedBackend(allow_private=options.allow_private)
        self._ssl = httpx.create_ssl_context(trust_env=False)
        # the Fetcher's limits bound the connections; a spare for a retry while one closes
        self._size = max(options.per_host_concurrency, 1) + 1
        # a pool unused this long holds no request any more (every request has a deadline)
        self._idle = max(options.timeout, _KEEPALIVE) + 5.0
        self._pools: dict[tuple[bytes, bytes, int | None], tuple[_OriginTransport, float]] = {}

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        url = request.url
        key = (url.raw_scheme, url.raw_host, url.port)
        now = time.monotonic()
        entry = self._pools.get(key)
        transport = entry[0] if entry else _OriginTransport(self._backend, self._ssl, self._size)
        self._pools[key] = (transport, now)
        if entry is None and len(self._pools) % _SWEEP_EVERY == 0:
            await self._sweep(now)
        return await transport.handle_async_request(request)

    async def _sweep(self, now: float) -> None:
        """Close the pools of hosts not seen for a while (a long crawl meets many hosts)."""
        stale = [k for k, (_, used) in self._pools.items() if now - used > self._idle]
        for key in stale:
            transport, _ = self._pools.pop(key)
            await transport.aclose()

    async def aclose(self) -> None:
        pools, self._pools = self._pools, {}
        for transport, _ in pools.values():
            await transport.aclose()
