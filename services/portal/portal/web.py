"""The small web framework of the portal: routes with the roles they serve, the per-request context
handed to every page, and rendering with Jinja2 (autoescaped)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from jinja2 import Environment, PackageLoader, select_autoescape
from werkzeug.datastructures import MultiDict
from werkzeug.routing import Map, Rule
from werkzeug.utils import redirect as _redirect
from werkzeug.wrappers import Request, Response

from portal import words
from portal.charts import bar_chart, heat_table
from portal.forms import FormState, field_id
from portal.identity import StaffIdentity
from portal.navigation import menu_for
from portal.sessions import Session

View = Callable[..., Response]


@dataclass(frozen=True)
class Route:
    path: str
    view: View
    methods: tuple[str, ...]
    roles: frozenset[str] | None  # None: anyone, signed in or not


ROUTES: list[Route] = []


def page(path: str, roles: Iterable[str] | None, methods: Iterable[str] = ("GET",)) -> Callable[[View], View]:
    """Register a page. ``roles=None`` makes it public (sign-in); otherwise only those roles."""

    def register(view: View) -> View:
        ROUTES.append(Route(path, view, tuple(methods), frozenset(roles) if roles is not None else None))
        return view

    return register


def url_map() -> Map:
    return Map([Rule(r.path, endpoint=i, methods=list(r.methods)) for i, r in enumerate(ROUTES)],
               strict_slashes=False)


@dataclass
class Ctx:
    """What a page works with: the request, the session, the signed-in person and the services."""

    request: Request
    session: Session
    templates: Environment
    services_factory: Callable[[], Any]
    app: Any = None  # the Portal: its sessions and sign-in
    _services: Any = None
    new_session: Session | None = None
    headers: dict[str, str] = field(default_factory=dict)

    @property
    def identity(self) -> StaffIdentity:
        assert self.session.identity is not None
        return self.session.identity

    @property
    def services(self) -> Any:
        if self._services is None:
            self._services = self.services_factory()
        return self._services

    @property
    def form(self) -> MultiDict[str, str]:
        return self.request.form

    def render(self, template: str, status: int = 200, **values: Any) -> Response:
        identity = self.session.identity
        body = self.templates.get_template(template).render(
            identity=identity, menu=menu_for(identity.role) if identity else [], csrf_token=self.session.csrf,
            path=self.request.path, flash=values.pop("flash", None) or self.session.flash, **values)
        return Response(body, status=status, content_type="text/html; charset=utf-8")

    def redirect(self, location: str, flash: str | None = None) -> Response:
        """See other (303), with a message for the next page."""
        if flash:
            from dataclasses import replace

            self.new_session = replace(self.new_session or self.session, flash=flash)
        return _redirect(location, code=303)


def environment() -> Environment:
    env = Environment(loader=PackageLoader("portal", "templates"), autoescape=select_autoescape(default=True),
                      trim_blocks=True, lstrip_blocks=True)
    env.globals.update(field_id=field_id, say=words.say, when=words.when, day=words.day, bar_chart=bar_chart,
                       heat_table=heat_table, vocab=words.VOCABULARY, FormState=FormState,
                       risk_factors=words.RISK_FACTORS, risk_scores=words.RISK_SCORES)
    env.filters.update(say=words.say, when=words.when, day=words.day, due_class=words.due_class,
                       listed=words.listed)
    return env
