"""Teams: managers lead them, engineers belong to them (both may be several).
Teams form a tree (``parent``); people partners are named per team and see,
read-only, the team and its descendants (``org.membership``).

The table keeps the name it had when teams lived in the ``teams`` app."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _


class Team(models.Model):
    name = models.CharField(_("name"), max_length=120, unique=True)
    code = models.SlugField(
        _("code"),
        max_length=64,
        unique=True,
        null=True,
        blank=True,
        help_text=_(
            "The team's code in the HR system; provisioning from a CSV file matches teams on it."
        ),
    )
    managers = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        related_name="managed_teams",
        blank=True,
        verbose_name=_("managers"),
    )
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        related_name="teams",
        blank=True,
        verbose_name=_("members"),
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("parent team"),
    )
    people_partners = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        related_name="partnered_teams",
        blank=True,
        verbose_name=_("people partners"),
        help_text=_(
            "They see this team and its descendants read-only: never drafts, never reviews."
        ),
    )

    class Meta:
        db_table = "teams_team"
        ordering = ["name"]
        verbose_name = _("team")
        verbose_name_plural = _("teams")

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        moved = self._state.adding or self.parent_id != self._saved_parent_id
        super().save(*args, **kwargs)
        self._saved_parent_id = self.parent_id
        if moved:
            rebuild_links()

    @classmethod
    def from_db(cls, db, field_names, values):
        team = super().from_db(db, field_names, values)
        team._saved_parent_id = team.__dict__.get("parent_id")
        return team

    _saved_parent_id = None

    def clean(self):
        """A team may not be its own ancestor (the tree would become a loop)."""
        super().clean()
        if self.pk is None:
            return  # no team has a new team as its parent yet

        def parent_of(pk):
            if pk == self.pk:
                return self.parent_id
            return Team.objects.filter(pk=pk).values_list("parent_id", flat=True).first()

        if loop_through(self.pk, parent_of):
            raise ValidationError(
                {"parent": _("A team cannot be placed under itself or one of its own sub-teams.")},
                code="parent_loop",
            )


def loop_through(start, parent_of) -> list:
    """The teams of the loop that ``start`` closes, walking up ``parent_of``
    (a team's key -> its parent's key or None), from ``start`` upwards; empty
    when ``start`` is not in a loop. The one rule of the tree, used by
    ``Team.clean`` and by provisioning (``org.provisioning``) over the tree a
    file would make."""
    path, seen = [start], {start}
    current = parent_of(start)
    while current is not None:
        if current == start:
            return path
        if current in seen:
            return []  # a loop above ``start``, not through it
        path.append(current)
        seen.add(current)
        current = parent_of(current)
    return []


class TeamLink(models.Model):
    """The team tree's closure: one row per (ancestor, descendant), a team
    being its own ancestor at depth 0. Rebuilt from ``Team.parent`` whenever a
    team is created or moved (``rebuild_links``), so who oversees a member is
    one subquery whatever the depth of the tree (``org.membership``)."""

    ancestor = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="descendant_links")
    descendant = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="ancestor_links")
    depth = models.PositiveSmallIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["ancestor", "descendant"], name="org_teamlink_unique")
        ]

    def __str__(self):
        return f"{self.ancestor_id} → {self.descendant_id} ({self.depth})"


def rebuild_links() -> None:
    """Write the closure of the whole tree again (a few thousand rows at most).
    A loop in the data (which ``Team.clean`` refuses) is cut where it closes."""
    from django.db import transaction

    parents = dict(Team.objects.values_list("pk", "parent_id"))
    links = []
    for team_id in parents:
        depth, current, seen = 0, team_id, set()
        while current is not None and current not in seen:
            links.append(TeamLink(ancestor_id=current, descendant_id=team_id, depth=depth))
            seen.add(current)
            current = parents.get(current)
            depth += 1
    with transaction.atomic():
        TeamLink.objects.all().delete()
        TeamLink.objects.bulk_create(links, batch_size=2000)
