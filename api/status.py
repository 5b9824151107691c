"""The refusals each kind of operation documents in the OpenAPI schema, all as problem details."""

from api.schemas import ProblemOut

READ_ERRORS = {frozenset({400, 401, 404, 422, 429}): ProblemOut}
WRITE_ERRORS = {frozenset({400, 401, 403, 404, 409, 412, 413, 422, 429}): ProblemOut}
# Marks an operation whose answer carries an ETag (api.main documents the header).
ETAG = {"x-etag": True}
