"""The only module that reads HX-* request headers or sets HX-* response headers.

A view asks `wants_fragment(request)` once and renders either the full page or the partial
the page itself includes, so the two cannot drift apart. Boosted requests and history
restores always get the full page.
"""

from __future__ import annotations

from dataclasses import dataclass

from fastapi import Request, Response
from fastapi.responses import RedirectResponse


@dataclass(frozen=True)
class HtmxDetails:
    request: bool
    boosted: bool
    history_restore: bool
    target: str | None


def details(request: Request) -> HtmxDetails:
    headers = request.headers
    return HtmxDetails(
        request=headers.get("HX-Request") == "true",
        boosted=headers.get("HX-Boosted") == "true",
        history_restore=headers.get("HX-History-Restore-Request") == "true",
        target=headers.get("HX-Target"),
    )


def is_htmx(request: Request) -> bool:
    return details(request).request


def wants_fragment(request: Request) -> bool:
    d = details(request)
    return d.request and not d.boosted and not d.history_restore


def vary(response: Response) -> Response:
    """Mark a response that depends on HX-Request, so no cache mixes page and fragment."""
    existing = response.headers.get("Vary")
    values = [v.strip() for v in existing.split(",")] if existing else []
    if "HX-Request" not in values:
        values.append("HX-Request")
    response.headers["Vary"] = ", ".join(values)
    return response


def see_other(request: Request, url: str, *, new_page: bool = False) -> Response:
    """Post/redirect/get. Under htmx, `new_page` asks for a full page load instead of a swap.

    A plain 303 suits htmx too: the browser follows it with the HX-Request header kept, so the
    next step arrives as a fragment and hx-push-url records its real URL.
    """
    if new_page and is_htmx(request):
        return Response(status_code=204, headers={"HX-Redirect": url})
    return RedirectResponse(url, status_code=303)


def no_push(response: Response) -> Response:
    """Keep the address bar as it is (e.g. when re-showing a form with an error)."""
    response.headers["HX-Push-Url"] = "false"
    return response
