"""The pattern every form page follows: GET shows the form (with its own idempotency key, so a double
click or a resent form stores one record), POST sends it to a service and either goes on, or shows
the form again with the service's field errors beside the fields and listed at the top (WCAG 3.3.1).

A service's answer about the form itself (an illegal transition, a rule of the case, the consent
gate's refusal) is shown at the top of the form; any other refusal is the page's (403, 404).
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Mapping
from typing import Any

from werkzeug.datastructures import MultiDict
from werkzeug.wrappers import Response

from hcs.errors import Conflict, ConsentRefused, ValidationFailed
from portal.forms import FORM, FormState, map_errors
from portal.web import Ctx

Submit = Callable[[MultiDict[str, str]], Any]
Done = str | Callable[[Any], str]  # where to go next, or made from the service's answer

CONSENT_REFUSALS = {
    "no_consent": "The victim has not consented to sharing with this agency.",
    "consent_withdrawn": "The victim has withdrawn consent for this agency.",
    "consent_expired": "The victim's consent for this agency has expired.",
    "purpose_not_covered": "The victim's consent does not cover this purpose.",
    "data_not_covered": "The victim's consent does not cover all of the information chosen.",
    "no_agreement": "No information-sharing agreement with this agency covers this purpose.",
}


def refusal_text(exc: Exception) -> str:
    if isinstance(exc, ConsentRefused):
        why = CONSENT_REFUSALS.get(exc.reason, "No valid consent covers this referral.")
        return f"Not sent: {why} Nothing was shared (POL-5)."
    return str(getattr(exc, "message", exc))


def blank(defaults: Mapping[str, str] | None = None) -> FormState:
    """A new form, with its own idempotency key and the values to start from."""
    values: MultiDict[str, str] = MultiDict({"idempotency_key": f"portal-{uuid.uuid4()}"})
    if isinstance(defaults, MultiDict):
        for name, many in defaults.lists():
            values.setlist(name, many)
    else:
        values.update(defaults or {})
    return FormState(values)


def form_page(ctx: Ctx, template: str, title: str, labels: Mapping[str, str], submit: Submit, done: Done,
              flash: Done, defaults: Mapping[str, str] | None = None, **values: Any) -> Response:
    """GET shows the form; POST sends it and goes on to ``done`` (a path, or made from the result)."""
    if ctx.request.method == "GET":
        return ctx.render(template, title=title, form=blank(defaults), labels=labels, **values)
    try:
        result = submit(ctx.form)
    except ValidationFailed as exc:
        state = map_errors(exc.fields or {FORM: [exc.message]}, labels, ctx.form.copy())
        return ctx.render(template, status=422, title=f"{title}: check the form", form=state, labels=labels,
                          **values)
    except (Conflict, ConsentRefused) as exc:
        state = map_errors({FORM: [refusal_text(exc)]}, labels, ctx.form.copy())
        return ctx.render(template, status=409, title=f"{title}: not done", form=state, labels=labels, **values)
    return ctx.redirect(done(result) if callable(done) else done, flash=flash(result) if callable(flash) else flash)
