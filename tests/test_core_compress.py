"""gzip of responses (app.core.compress): what is compressed, what passes through, and how."""

from __future__ import annotations

import gzip
from collections.abc import AsyncIterator, Iterator

import pytest
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response, StreamingResponse
from starlette.routing import Route
from starlette.testclient import TestClient

from app.core.compress import THREAD_MINIMUM, Gzip

PAGE = ("<p>Call your plan and ask about massage (CPT 97124).</p>\n" * 40).encode()
GZIP = {"Accept-Encoding": "gzip, deflate, br"}


async def page(request: Request) -> Response:
    return Response(PAGE, media_type="text/html")


async def small(request: Request) -> Response:
    return PlainTextResponse("ok")


async def streamed(request: Request) -> Response:
    async def parts() -> AsyncIterator[bytes]:
        for _ in range(3):
            yield PAGE

    return StreamingResponse(parts(), media_type="text/plain")


async def png(request: Request) -> Response:
    return Response(PAGE, media_type="image/png")


async def encoded(request: Request) -> Response:
    return Response(gzip.compress(PAGE), headers={"Content-Encoding": "gzip"})


async def partial(request: Request) -> Response:
    return Response(PAGE[:1000], status_code=206, media_type="text/plain")


async def big(request: Request) -> Response:
    return Response(PAGE * (THREAD_MINIMUM // len(PAGE) + 1), media_type="application/pdf")


async def varied(request: Request) -> Response:
    return Response(PAGE, media_type="text/html", headers={"Vary": "Cookie"})


ROUTES = {"page": page, "small": small, "streamed": streamed, "png": png, "encoded": encoded}
ROUTES |= {"partial": partial, "big": big, "varied": varied}


@pytest.fixture
def client() -> Iterator[TestClient]:
    app = Starlette(routes=[Route(f"/{name}", route) for name, route in ROUTES.items()])
    with TestClient(Gzip(app, minimum_size=500)) as c:
        yield c


def test_a_page_is_gzipped_with_its_length_and_vary(client: TestClient) -> None:
    response = client.get("/page", headers=GZIP)
    assert response.content == PAGE  # decoded by the client
    assert response.headers["content-encoding"] == "gzip"
    assert response.headers["vary"] == "Accept-Encoding"
    assert int(response.headers["content-length"]) == response.num_bytes_downloaded
    assert response.num_bytes_downloaded < len(PAGE) / 5


def test_a_client_without_gzip_gets_the_page_as_is_with_vary(
    client: TestClient,
) -> None:
    response = client.get("/page", headers={"Accept-Encoding": "identity"})
    assert "content-encoding" not in response.headers
    assert response.content == PAGE
    assert response.headers["content-length"] == str(len(PAGE))
    assert response.headers["vary"] == "Accept-Encoding"


def test_a_small_body_is_not_compressed(client: TestClient) -> None:
    response = client.get("/small", headers=GZIP)
    assert "content-encoding" not in response.headers
    assert response.text == "ok"


def test_a_streamed_body_is_compressed_piece_by_piece(client: TestClient) -> None:
    response = client.get("/streamed", headers=GZIP)
    assert response.headers["content-encoding"] == "gzip"
    assert "content-length" not in response.headers
    assert response.content == PAGE * 3


@pytest.mark.parametrize("path", ["/png", "/encoded", "/partial"])
def test_compressed_formats_encoded_bodies_and_ranges_pass_through(
    client: TestClient, path: str
) -> None:
    response = client.get(path, headers=GZIP)
    assert response.headers.get("content-encoding") in (None, "gzip")
    assert "vary" not in response.headers
    if path == "/encoded":
        assert response.content == PAGE  # decoded once by the client: not gzipped twice
    else:
        assert "content-encoding" not in response.headers


def test_a_big_body_is_compressed_off_the_event_loop(client: TestClient) -> None:
    response = client.get("/big", headers=GZIP)
    assert response.headers["content-encoding"] == "gzip"
    assert len(response.content) >= THREAD_MINIMUM


def test_an_existing_vary_keeps_its_value(client: TestClient) -> None:
    response = client.get("/varied", headers=GZIP)
    assert response.headers["vary"] == "Cookie, Accept-Encoding"
