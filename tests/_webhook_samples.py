"""The official SDK's webhook event list (tests/data/sdk_webhook_events.json) and sample payloads built from it."""

import json
from pathlib import Path
from typing import Any, Dict, List

SDK_LIST = json.loads((Path(__file__).parent / "data" / "sdk_webhook_events.json").read_text(encoding="utf-8"))
SDK_EVENTS: List[Dict[str, Any]] = SDK_LIST["events"]


def leaf_paths(paths: List[str]) -> List[str]:
    return [p for p in paths if not any(q.startswith(p + ".") or q.startswith(p + "[].") for q in paths)]


def sample_data(paths: List[str]) -> Dict[str, Any]:
    """A ``data`` object with a distinct string at every leaf; arrays get two elements."""
    data: Dict[str, Any] = {}
    for path in leaf_paths(paths):
        if "[]." in path:
            outer, inner = path.split("[].")
            items = data.setdefault(outer, [{}, {}])
            for index, item in enumerate(items):
                item[inner] = "%s-%d \u00e9" % (path, index)
        elif "." in path:
            outer, inner = path.split(".")
            data.setdefault(outer, {})[inner] = path + " \u00e9"
        else:
            data[path] = path + " \u00e9"
    return data


def read(obj: Any, path: str) -> Any:
    if "[]." in path:
        outer, inner = path.split("[].")
        return [getattr(item, inner) for item in getattr(obj, outer)]
    for part in path.split("."):
        obj = getattr(obj, part)
    return obj


def expected(data: Dict[str, Any], path: str) -> Any:
    if "[]." in path:
        outer, inner = path.split("[].")
        return [item[inner] for item in data[outer]]
    for part in path.split("."):
        data = data[part]
    return data
