"""The API's JSON bodies: UTF-8, one JSON object, numbers a JSON reader agrees
on (no NaN or Infinity). Anything else is refused with what was wrong."""

from __future__ import annotations

import json

from ninja.parser import Parser


class BadBody(ValueError):
    """Why a body was refused (the API answers 400 with this message)."""


def _no_constants(name):
    raise BadBody(f"The body is not JSON: {name} is not a JSON number.")


class JsonObjectParser(Parser):
    def parse_body(self, request):
        try:
            text = request.body.decode("utf-8")
        except UnicodeDecodeError:
            raise BadBody("The body is not UTF-8.") from None
        try:
            data = json.loads(text, parse_constant=_no_constants)
        except json.JSONDecodeError as error:
            raise BadBody(
                f"The body is not JSON: {error.msg} (at character {error.pos})."
            ) from None
        if not isinstance(data, dict):
            raise BadBody("The body must be a JSON object.")
        return data
