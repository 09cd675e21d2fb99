"""The translation sessions' models: ``client.translations.client_secrets`` and the translation sideband.

Part of :mod:`realtime_sync.models` (every name here is importable from there), in a module of its own so
that a process which never opens a translation session never builds these classes (import time, issue 19).
"""

from typing import Literal, Optional, Union

import attrs

from .._redaction import masked_repr
from . import ESSENTIAL, ClientSecretExpiration, Model, NoiseReductionType, NullType, TranscriptionModel

__all__ = [
    "RealtimeTranslationClientSecretCreateRequest",
    "RealtimeTranslationClientSecretCreateResponse",
    "RealtimeTranslationSession",
    "RealtimeTranslationSessionCreateRequest",
    "TranslationAudio",
    "TranslationAudioInput",
    "TranslationAudioOutput",
    "TranslationNoiseReduction",
    "TranslationTranscription",
]


# --------------------------------------------------------------------------- the session (request)


@attrs.frozen(kw_only=True)
class TranslationNoiseReduction(Model):
    """Noise reduction of a translation session (``type`` required)."""

    type: NoiseReductionType
    strength: Optional[float] = None


@attrs.frozen(kw_only=True)
class TranslationTranscription(Model):
    """Source-language transcription of a translation session."""

    model: TranscriptionModel


@attrs.frozen(kw_only=True)
class TranslationAudioInput(Model):
    """Input side of a translation session; ``NULL`` disables a feature."""

    noise_reduction: Optional[Union[TranslationNoiseReduction, NullType]] = None
    transcription: Optional[Union[TranslationTranscription, NullType]] = None


@attrs.frozen(kw_only=True)
class TranslationAudioOutput(Model):
    """Output side of a translation session: the target language."""

    language: Optional[str] = None


@attrs.frozen(kw_only=True)
class TranslationAudio(Model):
    """Audio of a translation session."""

    input: Optional[TranslationAudioInput] = None
    output: Optional[TranslationAudioOutput] = None


@attrs.frozen(kw_only=True)
class RealtimeTranslationSessionCreateRequest(Model):
    """A translation session (``model`` is required and fixed at creation)."""

    model: str
    audio: Optional[TranslationAudio] = None


# --------------------------------------------------------------------------- the session (response)


@attrs.frozen(kw_only=True)
class RealtimeTranslationSession(Model):
    """The translation session inside a translation client-secret response."""

    id: str
    type: Literal["translation"] = "translation"
    expires_at: int
    model: str
    audio: TranslationAudio


# --------------------------------------------------------------------------- endpoint bodies


@attrs.frozen
class RealtimeTranslationClientSecretCreateRequest(Model):
    """Body of ``POST /realtime/translations/client_secrets``."""

    session: RealtimeTranslationSessionCreateRequest
    expires_after: Optional[ClientSecretExpiration] = None


@attrs.frozen
class RealtimeTranslationClientSecretCreateResponse(Model):
    """A translation client secret (``value``, masked in the repr) and its session."""

    value: str = attrs.field(repr=masked_repr, metadata=ESSENTIAL)
    expires_at: int
    session: RealtimeTranslationSession
