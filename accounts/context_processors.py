from django.utils.functional import SimpleLazyObject


def navigation(request):
    """The teams a signed-in manager leads, for the navigation (one query, lazily)."""

    def teams():
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return []
        return list(user.managed_teams.order_by("name").only("pk", "name"))

    return {"nav_teams": SimpleLazyObject(teams)}
