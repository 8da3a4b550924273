"""The original's ``maxclient.client`` import path: the same objects as their new homes."""

from .base import (
    DEFAULT_CLIENT_ID,
    DEFAULT_GRANT_TYPE,
    DEFAULT_HUB_SERVER,
    DEFAULT_MAX_SERVER,
    DEFAULT_OAUTH_SERVER,
    DEFAULT_SCOPE,
    BaseClient,
    get_hub_info,
    get_max_info,
    get_max_url_from_hub_domain,
)
from .errors import BadUsernameOrPasswordError, RequestError
from .routes import ROUTES
from .rpc import MaxClient

__all__ = [
    "DEFAULT_CLIENT_ID",
    "DEFAULT_GRANT_TYPE",
    "DEFAULT_HUB_SERVER",
    "DEFAULT_MAX_SERVER",
    "DEFAULT_OAUTH_SERVER",
    "DEFAULT_SCOPE",
    "ROUTES",
    "BadUsernameOrPasswordError",
    "BaseClient",
    "MaxClient",
    "RequestError",
    "get_hub_info",
    "get_max_info",
    "get_max_url_from_hub_domain",
]
