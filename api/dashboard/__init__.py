"""The web dashboard: a static single-page app served at `/`, built only on the public API."""

from api.dashboard.site import DASHBOARD_HEADERS, DashboardSite

__all__ = ["DASHBOARD_HEADERS", "DashboardSite"]
