"""List the webhook event types the official ``openai`` SDK knows, as JSON.

The output is committed as ``tests/data/sdk_webhook_events.json``; the core
suite checks ``realtime_sync.webhooks`` against it without the SDK installed,
and the ``sdk`` marked test (tox env ``sdk``) checks the file is still what the
pinned SDK says. Regenerate after moving the pin (needs Python >= 3.10 and the
SDK, never a dependency of realtime_sync):

    python -m venv /tmp/sdk && /tmp/sdk/bin/pip install openai==3.51.0
    /tmp/sdk/bin/python scripts/list_sdk_webhook_events.py > tests/data/sdk_webhook_events.json

For every ``*WebhookEvent`` class of ``openai.types.webhooks`` (the
``UnwrapWebhookEvent`` union's members and those outside it) it records the
event ``type``, the class name, whether the union has it, and the paths of the
fields of its ``data`` (``a.b`` for a nested object, ``a[].b`` for an array of
objects).
"""

import json
import sys
import typing
from typing import Any, Dict, List


def _models(annotation: Any) -> List[Any]:
    """The pydantic model classes inside an annotation (Optional[...], List[...])."""
    from pydantic import BaseModel

    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    found: List[Any] = []
    for arg in typing.get_args(annotation):
        found.extend(_models(arg))
    return found


def _field_paths(model: Any, prefix: str = "") -> List[str]:
    paths = []
    for name, info in model.model_fields.items():
        path = prefix + name
        paths.append(path)
        nested = _models(info.annotation)
        if nested:
            is_list = typing.get_origin(info.annotation) in (list, List)
            paths.extend(_field_paths(nested[0], path + ("[]." if is_list else ".")))
    return sorted(paths)


def sdk_webhook_events() -> Dict[str, Any]:
    import openai
    from openai.types import webhooks
    from openai.types.webhooks.unwrap_webhook_event import UnwrapWebhookEvent

    union = typing.get_args(typing.get_args(UnwrapWebhookEvent)[0])  # Annotated[Union[...], discriminator]
    union_names = {cls.__name__ for cls in union}
    events = []
    for name in sorted(dir(webhooks)):
        cls = getattr(webhooks, name)
        if not (name.endswith("WebhookEvent") and isinstance(cls, type)):
            continue
        (event_type,) = typing.get_args(cls.model_fields["type"].annotation)
        events.append(
            {
                "type": event_type,
                "sdk_class": name,
                "in_union": name in union_names,
                "data_fields": _field_paths(_models(cls.model_fields["data"].annotation)[0]),
            }
        )
    events.sort(key=lambda event: event["type"])
    return {"openai_version": openai.__version__, "union_size": len(union), "events": events}


def main() -> int:
    json.dump(sdk_webhook_events(), sys.stdout, indent=2, sort_keys=True)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
