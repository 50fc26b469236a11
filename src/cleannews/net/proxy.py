"""Fetching through an HTTP(S) proxy: FetchOptions.proxy, or the proxy environment variables
(HTTP_PROXY, HTTPS_PROXY, ALL_PROXY, NO_PROXY) read exactly as httpx reads them.

Through a proxy it is the proxy that connects, so the address guard cannot check the address
connected to. It checks the target host's resolved addresses instead, before the request
goes out: a proxied request to a loopback or private host is refused like a direct one
(unless allow_private). The proxy's own address is the user's choice and is not checked.
"""

from __future__ import annotations

import socket
import ssl

import httpx
from httpx._utils import get_environment_proxies  # httpx's own reading of the variables

from ..config import FetchOptions
from ..errors import BlockedAddress
from .guard import is_public_address, resolve


def proxy_mounts(options: FetchOptions) -> dict[str, httpx.AsyncBaseTransport | None]:
    """httpx mounts for the proxies in use: `options.proxy` for every URL, else those of the
    environment (a None mount sends matching URLs direct, as NO_PROXY asks); then the
    per-host `options.proxies` (httpx picks the most specific pattern)."""
    proxies = {"all://": options.proxy} if options.proxy else get_environment_proxies()
    proxies.update(options.proxies)
    if not any(proxies.values()):
        return {}
    context = httpx.create_ssl_context(trust_env=False)  # one for all: loading CAs is slow
    return {pattern: GuardedProxyTransport(url, options, context) if url else None
            for pattern, url in proxies.items()}


class GuardedProxyTransport(httpx.AsyncBaseTransport):
    """httpx's proxy transport, behind a check of the target host's addresses."""

    def __init__(self, proxy: str, options: FetchOptions, ssl_context: ssl.SSLContext) -> None:
        self._allow_private = options.allow_private
        self._inner = httpx.AsyncHTTPTransport(proxy=proxy, verify=ssl_context, trust_env=False)

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        if not self._allow_private:
            await self._check(request)
        return await self._inner.handle_async_request(request)

    async def _check(self, request: httpx.Request) -> None:
        url = request.url
        host = url.host
        try:
            addresses = await resolve(host, url.port or (443 if url.scheme == "https" else 80))
        except (socket.gaierror, UnicodeError) as exc:
            raise httpx.ConnectError(f"cannot resolve {host} to check it before proxying: "
                                     f"{exc}", request=request) from exc
        for address in addresses:
            if not is_public_address(address):
                raise BlockedAddress(
                    f"refused: {host} resolves to non-public address {address} "
                    "(allow_private / --allow-private lifts this; checked before the proxy)"
                )

    async def aclose(self) -> None:
        await self._inner.aclose()
