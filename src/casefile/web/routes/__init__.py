"""The app's routers, one per area; ``ROUTERS`` is what ``create_app`` includes."""

from __future__ import annotations

from casefile.web.routes import (
    admin,
    estimates,
    evidence,
    incidents,
    sources,
    victims,
    witnesses,
)

ROUTERS = [
    admin.routes.router,
    evidence.routes.router,
    sources.routes.router,
    incidents.routes.router,
    victims.routes.router,
    witnesses.routes.router,
    estimates.routes.router,
]
