"""`POST /autocomplete`: a thin wrapper over autocomplete.service."""

from typing import Any

from fastapi import APIRouter, Depends

from pairpad.autocomplete.dependencies import AutocompleteDep, autocomplete_lifespan
from pairpad.autocomplete.schemas import AutocompleteRequest, AutocompleteResponse
from pairpad.ratelimit import rate_limited

router = APIRouter(tags=["autocomplete"], lifespan=autocomplete_lifespan)


def _error(description: str, code: str, message: str) -> dict[str, Any]:
    example = {"error": {"code": code, "message": message}}
    return {"description": description, "content": {"application/json": {"example": example}}}


ERRORS: dict[int | str, dict[str, Any]] = {
    413: _error(
        "The code is longer than the server completes.",
        "code_too_large",
        "Autocomplete reads at most 200000 characters (UTF-16 code units).",
    ),
    422: _error(
        "A field is missing or has the wrong type, the language is unknown, or the cursor is "
        "outside the code.",
        "invalid_cursor",
        "cursorPosition 12 is past the end of the code (10 UTF-16 code units).",
    ),
    429: {"description": "Too many autocomplete requests from this address."},
}


@router.post(
    "/autocomplete",
    response_model=AutocompleteResponse,
    # `late` appears only when true: answers read as they always have.
    response_model_exclude_defaults=True,
    dependencies=[Depends(rate_limited("autocomplete"))],
    responses=ERRORS,
)
async def autocomplete(
    request: AutocompleteRequest, service: AutocompleteDep
) -> AutocompleteResponse:
    """Completions for the word at the cursor, best first, and the best one's rest as ghost text.

    `cursorPosition` counts UTF-16 code units, like the browser editor: an emoji counts 2.
    Completions start once a name is being typed, or right after a `.`; elsewhere the answer is
    empty with `provider` `"none"`. Python is answered by jedi when it finishes within the
    server's time budget, otherwise from keywords and the document's own words. Nothing is
    suggested inside comments, nor inside strings unless jedi completes there (dictionary keys).
    A server configured with a model server asks the model first, for every language, also
    where no word is being typed; its suggestion may span several lines and `provider` is then
    `"model"`.
    """
    return await service.complete(request)
