"""A loopback stand-in for Azure OpenAI's v1 API: Azure's path and auth shape, then the Realtime answers.

    stand_in = AzureStandIn("api-key", {"azure-key-1"})
    with LoopbackServer(stand_in.handler) as srv:
        client = AzureRealtimeClient(azure_endpoint=srv.origin, api_key="azure-key-1")
        client.calls.hangup("rtc_1")           # POST /openai/v1/realtime/calls/rtc_1/hangup, api-key header

It refuses what Azure refuses, with Azure-shaped bodies: a path outside
``/openai/v1`` (404 ``Resource not found``), a missing or unknown credential in
the expected header (401), and, stricter than needed, the other auth header
sent too (401: a client mixing the two is wrong either way). ``api_version``,
when set, must be the ``api-version`` query parameter. Accepted requests are
answered by tests/_server.py's ``default_handler`` as if they were sent to
``/v1/...``. ``gate`` does the same checks for tests/_ws_server.py handshakes.
"""

import json
from typing import Any, Collection, Dict, Optional, Tuple
from urllib.parse import parse_qsl, urlsplit

from _server import Recorded, Reply, default_handler

PREFIX = "/openai/v1"

#: Azure's answer to a bad or missing key (as its REST reference shows it: a string code).
KEY_DENIED = {
    "error": {
        "code": "401",
        "message": "Access denied due to invalid subscription key or wrong API endpoint. Make sure to provide a "
        "valid key for an active subscription and use a correct regional API endpoint for your resource.",
    }
}
TOKEN_DENIED = {
    "error": {
        "code": "401",
        "message": "Unauthorized. Access token is missing, invalid, audience is incorrect "
        "(https://cognitiveservices.azure.com), or have expired.",
    }
}
NOT_FOUND = {"error": {"code": "404", "message": "Resource not found"}}


class AzureStandIn:
    """``auth``: ``"api-key"`` or ``"bearer"``; ``accepted``: the credentials that are valid (a live set)."""

    def __init__(self, auth: str, accepted: Collection[str], *, api_version: Optional[str] = None) -> None:
        assert auth in ("api-key", "bearer")
        self.auth = auth
        self.accepted = accepted
        self.api_version = api_version
        self.refused: list = []  # (status, path) of every refused request

    def check(self, target: str, headers: Dict[str, str]) -> Optional[Tuple[int, Dict[str, Any]]]:
        """None when Azure would serve the request; else its (status, body). ``headers``: lower-cased names."""
        parts = urlsplit(target)
        query = dict(parse_qsl(parts.query, keep_blank_values=True))
        if not parts.path.startswith(PREFIX + "/"):
            return self._refuse(404, NOT_FOUND, parts.path)
        if self.api_version is not None and query.get("api-version") != self.api_version:
            body = {"error": {"code": "BadRequest", "message": "API version not supported"}}
            return self._refuse(400, body, parts.path)
        key = headers.get("api-key")
        authorization = headers.get("authorization")
        if self.auth == "api-key":
            if authorization is not None or key not in self.accepted:
                return self._refuse(401, KEY_DENIED, parts.path)
        else:
            token = authorization[7:] if authorization and authorization.startswith("Bearer ") else None
            if key is not None or token not in self.accepted:
                return self._refuse(401, TOKEN_DENIED, parts.path)
        return None

    def _refuse(self, status: int, body: Dict[str, Any], path: str) -> Tuple[int, Dict[str, Any]]:
        self.refused.append((status, path))
        return status, body

    def handler(self, req: Recorded) -> Reply:
        refused = self.check(req.target, req.headers)
        if refused is not None:
            return Reply(
                refused[0], json.dumps(refused[1]), {"Content-Type": "application/json", "apim-request-id": "a1"}
            )
        # Served as the Realtime API serves it, minus the Azure prefix.
        inner = Recorded(req.method, "/v1" + req.target[len(PREFIX) :], req.headers, req.body)
        return default_handler(inner)

    def gate(self, method: str, target: str, headers: Dict[str, str]) -> Optional[Tuple[int, Any]]:
        return self.check(target, headers)
