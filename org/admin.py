from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.translation import gettext_lazy as _

from . import provisioning
from .forms import ProvisioningForm
from .models import Team


@admin.register(Team)
class TeamAdmin(admin.ModelAdmin):
    list_display = ("name", "code", "parent", "manager_names", "member_count")
    list_select_related = ("parent",)
    search_fields = ("name", "code", "managers__username", "members__username")
    filter_horizontal = ("managers", "members", "people_partners")
    # ``Team.clean`` refuses a parent loop with a message on the field.
    fields = ("name", "code", "parent", "managers", "people_partners", "members")
    change_list_template = "admin/org/team/change_list.html"

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("managers", "members")

    @admin.display(description=_("managers"))
    def manager_names(self, obj):
        return ", ".join(u.username for u in obj.managers.all())

    @admin.display(description=_("members"))
    def member_count(self, obj):
        return len(obj.members.all())

    def may_provision(self, request) -> bool:
        """Provisioning creates users as well as teams: a superuser, or staff
        who may change both."""
        user = request.user
        return user.is_active and (
            user.is_superuser
            or (user.has_perm("org.change_team") and user.has_perm("accounts.change_user"))
        )

    def get_urls(self):
        view = self.admin_site.admin_view(self.provision_view)
        return [path("provision/", view, name="org_team_provision"), *super().get_urls()]

    def provision_view(self, request):
        """Upload the CSV files: a dry run shows what would change, applying
        needs the files again (re-sending them changes nothing more)."""
        if not self.may_provision(request):
            raise PermissionDenied
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("Import users and teams from CSV"),
        }
        status = 200
        form = ProvisioningForm(request.POST or None, request.FILES or None)
        if request.method == "POST":
            status = 400
            if form.is_valid():
                try:
                    with transaction.atomic():
                        plan = provisioning.make_plan(**form.uploads())
                        if not form.dry_run:
                            provisioning.apply(plan)
                except provisioning.ProvisioningError as error:
                    context["problems"] = error.problems
                else:
                    status = 200
                    context.update(
                        plan=plan,
                        dry_run=form.dry_run,
                        summary=provisioning.summary_lines(plan),
                        changes=[provisioning.change_line(c) for c in plan.changes],
                    )
        context["form"] = form
        return TemplateResponse(request, "admin/org/team/provision.html", context, status=status)
