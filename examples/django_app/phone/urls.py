"""URLs: the three realtime_sync views, the voice page and the admin (for logging in)."""

from django.contrib import admin
from django.urls import path

from realtime_sync.contrib.django import ClientSecretView, LiveOfferView, SdpProxyView, WebhookView

from . import views
from .calls import on_incoming_call, remember_browser_call, remember_live_session

urlpatterns = [
    # OpenAI posts SIP call events here (set this URL in the project's webhook settings). Each SIP call comes
    # as both events; on_incoming_call answers it once, on the surface whose event arrives first.
    path(
        "openai/webhook/",
        WebhookView(
            {
                "realtime.call.incoming": on_incoming_call,
                "live.transport.incoming": on_incoming_call,
                "live.call.incoming": on_incoming_call,  # deprecated by OpenAI; older subscriptions still get it
            }
        ),
    ),
    # A logged-in browser gets an ephemeral key to talk to OpenAI directly ...
    path(
        "realtime/client-secret/",
        ClientSecretView(expires_after={"anchor": "created_at", "seconds": 600}),
    ),
    # ... or lets the server create the WebRTC call for it (the key never leaves the server).
    path("realtime/calls/", SdpProxyView(on_call=remember_browser_call)),
    path("realtime/hangup/", views.hangup),
    # The Live API has no ephemeral keys: the server-side offer proxy is its browser path.
    path("live/sessions/", LiveOfferView(on_session=remember_live_session)),
    path("", views.index),
    path("admin/", admin.site.urls),
]
