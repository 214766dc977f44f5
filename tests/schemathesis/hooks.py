"""Hooks for the API run.

The generator reuses a few fixed Idempotency-Key values across different
bodies, and the server rightly refuses a reused key with 422. Keys the
server would take are made unique per request; malformed ones stay as
generated, to be refused."""
import re, uuid
import schemathesis

@schemathesis.hook
def before_call(ctx, case, **kwargs):
    for name in list(case.headers or {}):
        value = case.headers[name]
        if name.lower() == "idempotency-key" and isinstance(value, str) and re.fullmatch(r"[!-~]([ -~]*[!-~])?", value.strip()):
            case.headers[name] = (value.strip() + "-" + uuid.uuid4().hex)[-255:]
