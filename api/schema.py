"""The error answers every API operation may give, added to the OpenAPI schema
(a drf-spectacular postprocessing hook): problem details (api/problems.py) for 400
(invalid filters), 404 (no such record or page) and 429 (throttled, with Retry-After)."""

PROBLEM = {
    "type": "object",
    "description": "A problem detail (RFC 9457).",
    "properties": {
        "type": {"type": "string", "example": "about:blank"},
        "title": {"type": "string", "example": "Bad Request"},
        "status": {"type": "integer", "example": 400},
        "detail": {"type": "string"},
        "errors": {
            "type": "array",
            "description": "Invalid filters: the initiative browser's own messages.",
            "items": {
                "type": "object",
                "properties": {
                    "field": {"type": "string", "nullable": True},
                    "label": {"type": "string"},
                    "message": {"type": "string"},
                },
                "required": ["field", "label", "message"],
            },
        },
    },
    "required": ["type", "title", "status", "detail"],
}
ERRORS = {
    "400": "Invalid filter values; `errors` says which and why.",
    "404": "No such record, or a page past the last.",
    "429": "Too many requests from this address; wait the seconds in Retry-After.",
}


def problem_response(description):
    response = {
        "description": description,
        "content": {
            "application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}
        },
    }
    if description == ERRORS["429"]:
        response["headers"] = {
            "Retry-After": {"schema": {"type": "integer"}, "description": "Seconds to wait."}
        }
    return response


def add_problem_responses(result, generator, request, public):
    result.setdefault("components", {}).setdefault("schemas", {})["Problem"] = PROBLEM
    for operations in result.get("paths", {}).values():
        for operation in operations.values():
            responses = operation.setdefault("responses", {})
            for status, description in ERRORS.items():
                responses.setdefault(status, problem_response(description))
    return result
