"""What the provisioning tests share: CSV files written to disk, and a
fingerprint of everything provisioning may change."""

from accounts.models import User
from org.models import Team, TeamLink

PEOPLE_HEADER = "username,email,first_name,last_name,language,team,role"
TEAMS_HEADER = "team_code,team_name,parent_code"


def write(path, *lines, encoding="utf-8") -> str:
    path.write_bytes(("\n".join(lines) + "\n").encode(encoding))
    return str(path)


def fingerprint():
    """Users, teams, the three relations and the tree's closure, as values."""
    users = list(
        User.objects.order_by("username").values_list(
            "username",
            "email",
            "first_name",
            "last_name",
            "language",
            "password",
            "is_staff",
            "is_superuser",
            "is_active",
        )
    )
    teams = list(Team.objects.order_by("name").values_list("code", "name", "parent__code"))
    relations = [
        sorted(
            getattr(Team, relation)
            .through.objects.values_list("team__name", "user__username")
            .order_by()
        )
        for relation in ("members", "managers", "people_partners")
    ]
    links = sorted(
        TeamLink.objects.values_list("ancestor__name", "descendant__name", "depth").order_by()
    )
    return users, teams, relations, links
