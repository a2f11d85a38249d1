"""The OpenAPI schema: drf-spectacular's, plus the error answers every operation can give."""

from drf_spectacular.openapi import AutoSchema

_DETAIL = {"type": "object", "properties": {"detail": {"type": "string"}}, "required": ["detail"]}
_FIELD_ERRORS = {
    "type": "object", "description": "Field name → what is wrong with it (``non_field_errors`` for the rest), "
                                     "or ``detail`` when the body could not be read.",
    "additionalProperties": {},
}
_WRITES = {"POST", "PUT", "PATCH"}


def _json(description: str, schema: dict) -> dict:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


class EscuchaAutoSchema(AutoSchema):
    """Documents 400/401/403/404 (and 413/415 for writes, 503 when the database is away) on every operation."""

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        if direction != "response":
            return responses
        errors = {
            "400": _json("Invalid input: the fields named are wrong.", _FIELD_ERRORS),
            "401": _json("No or an invalid token or session.", _DETAIL),
            "403": _json("The user's role may not do this.", _DETAIL),
            "404": _json("No such object (or page).", _DETAIL),
            "503": _json("The database is unavailable; retry shortly.", _DETAIL),
        }
        if self.method in _WRITES:
            errors["413"] = _json("The body is over the size limit.", _DETAIL)
            errors["415"] = _json("The body is not JSON (or form data).", _DETAIL)
        for code, response in errors.items():
            responses.setdefault(code, response)
        return responses
