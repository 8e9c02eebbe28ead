import hashlib

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db import models as db_models
from django.http import HttpResponse, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import (
    TranslationAdmin,
    TranslationStackedInline,
    TranslationTabularInline,
)
from simple_history.admin import SimpleHistoryAdmin

from . import document, importing, models
from .forms import FrameworkExportForm, FrameworkUploadForm

# Text areas sized to the admin's column, so no page scrolls sideways.
COMPACT_TEXT = {
    db_models.TextField: {"widget": forms.Textarea(attrs={"rows": 3, "cols": 60})},
    db_models.URLField: {"assume_scheme": "https"},
}


class LevelChoices:
    """Target inputs offer the named levels of the scale ("3 – Advanced")."""

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "target":
            levels = [(lv.level, str(lv)) for lv in models.ProficiencyLevel.objects.all()]
            return forms.TypedChoiceField(
                label=db_field.verbose_name.capitalize(),
                choices=levels,
                coerce=int,
                required=True,
            )
        return super().formfield_for_dbfield(db_field, request, **kwargs)


class ColumnLabels:
    """Inputs in a table (a tabular inline, an editable list) have a column
    heading but no label: each carries its field's name for assistive
    technology, and so does the delete box of an inline row."""

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        if field is not None:
            field.widget.attrs.setdefault("aria-label", str(field.label))
        return field

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)

        class Labelled(formset):
            def add_fields(self, form, index):
                super().add_fields(form, index)
                if "DELETE" in form.fields:
                    form.fields["DELETE"].widget.attrs["aria-label"] = _("Delete")

        return Labelled


class FrameworkAdmin(SimpleHistoryAdmin, TranslationAdmin):
    """A translated framework model with its audit trail; each language's
    field is labelled with the language (no tabs: no script from elsewhere)."""

    formfield_overrides = COMPACT_TEXT


class CompetencyInline(ColumnLabels, TranslationTabularInline):
    model = models.Competency
    fields = ("code", "name", "order", "is_active")
    extra = 0
    show_change_link = True


@admin.register(models.CompetencyArea)
class CompetencyAreaAdmin(FrameworkAdmin):
    list_display = ("name", "code", "kind", "order")
    list_filter = ("kind",)
    search_fields = ("code", "name_en", "name_ind")
    ordering = ("order",)
    inlines = [CompetencyInline]


class DevelopmentActionInline(TranslationStackedInline):
    model = models.DevelopmentAction
    fields = ("kind", "order", "text", "link_url", "link_title")
    extra = 0
    formfield_overrides = COMPACT_TEXT


def listing(*columns, filters=(), related=(), search=()):
    """The list page of a framework model, as a base class: its columns,
    filters, the related rows read with it and the fields searched."""
    attrs = {
        "list_display": columns,
        "list_filter": filters,
        "list_select_related": related,
        "search_fields": search,
    }
    return type("Listing", (), attrs)


@admin.register(models.Competency)
class CompetencyAdmin(
    listing(
        "name",
        "code",
        "area",
        "is_active",
        "order",
        filters=("is_active", "area__kind", "area"),
        related=("area",),
        search=("code", "name_en", "name_ind"),
    ),
    FrameworkAdmin,
):
    inlines = [DevelopmentActionInline]


@admin.register(models.ProficiencyLevel)
class ProficiencyLevelAdmin(FrameworkAdmin):
    list_display = ("level", "name")


class ProfileTargetInline(ColumnLabels, LevelChoices, admin.TabularInline):
    model = models.ProfileTarget
    fields = ("competency", "target", "weight")
    extra = 0
    autocomplete_fields = ("competency",)

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("competency__area")


@admin.register(models.RoleProfile)
class RoleProfileAdmin(FrameworkAdmin):
    list_display = ("name", "code", "is_active", "order")
    list_filter = ("is_active",)
    search_fields = ("code", "name_en", "name_ind")
    inlines = [ProfileTargetInline]


@admin.register(models.ProfileTarget)
class ProfileTargetAdmin(ColumnLabels, LevelChoices, SimpleHistoryAdmin):
    list_display = ("profile", "competency", "target", "weight")
    list_filter = ("profile", "competency__area", "weight")
    list_select_related = ("profile", "competency")
    list_editable = ("target", "weight")


@admin.register(models.DevelopmentAction)
class DevelopmentActionAdmin(
    listing(
        "text",
        "competency",
        "kind",
        "link_url",
        "order",
        filters=("kind", "competency__area"),
        related=("competency",),
        search=("text_en", "text_ind", "competency__code"),
    ),
    FrameworkAdmin,
):
    pass


class DutyInline(TranslationStackedInline):
    model = models.Duty
    fields = ("code", "order", "name", "description", "competencies")
    extra = 0
    formfield_overrides = COMPACT_TEXT


@admin.register(models.PrimaryRole)
class PrimaryRoleAdmin(FrameworkAdmin):
    list_display = ("name", "code", "order")
    search_fields = ("code", "name_en", "name_ind")
    inlines = [DutyInline]


@admin.register(models.FrameworkImport)
class FrameworkImportAdmin(admin.ModelAdmin):
    """The history of imports, and the import itself: upload, preview of what
    will be created, changed and deactivated, confirm."""

    list_display = (
        "created_at",
        "user",
        "source",
        "status",
        "created",
        "changed",
        "deactivated",
        "deleted",
    )
    list_filter = ("status",)
    list_select_related = ("user",)
    exclude = ("document",)
    change_list_template = "admin/roles/frameworkimport/change_list.html"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def may_import(self, request) -> bool:
        return request.user.is_active and request.user.is_superuser

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("import/", view(self.import_view), name="roles_frameworkimport_import"),
            path(
                "<int:pk>/confirm/", view(self.confirm_view), name="roles_frameworkimport_confirm"
            ),
            path("export/", view(self.export_view), name="roles_frameworkimport_export"),
            *super().get_urls(),
        ]

    def _context(self, request, **extra):
        return {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("Import a framework"),
            **extra,
        }

    def import_view(self, request):
        if not self.may_import(request):
            raise PermissionDenied
        problems = []
        status = 200
        if request.method == "POST":
            form = FrameworkUploadForm(request.POST, request.FILES)
            if form.is_valid():
                upload = form.cleaned_data["file"]
                data = upload.read(document.MAX_BYTES + 1)
                try:
                    loaded = document.read(data, form.format)
                except document.DocumentError as error:
                    problems = error.problems
                else:
                    plan = importing.plan_import(loaded)
                    counts = plan.counts
                    record = models.FrameworkImport.objects.create(
                        status=models.FrameworkImport.Status.PREVIEWED,
                        user=request.user,
                        source=upload.name[:200],
                        sha256=hashlib.sha256(data).hexdigest(),
                        created=counts["create"],
                        changed=counts["change"],
                        deactivated=counts["deactivate"],
                        deleted=counts["delete"],
                        summary=plan.summary(),
                        document=loaded,
                    )
                    return self._preview(request, record, plan)
            status = 400
        else:
            form = FrameworkUploadForm()
        context = self._context(
            request, form=form, problems=problems, export_form=FrameworkExportForm()
        )
        return TemplateResponse(
            request, "admin/roles/frameworkimport/import.html", context, status=status
        )

    def _preview(self, request, record, plan, *, changed_meanwhile=False):
        groups = [
            (action, label, plan.of(action))
            for action, label in (
                (importing.CREATE, _("Created")),
                (importing.CHANGE, _("Changed")),
                (importing.DEACTIVATE, _("Deactivated (in use, kept for old reports)")),
                (importing.DELETE, _("Deleted")),
            )
        ]
        context = self._context(
            request,
            title=_("Preview of the import"),
            record=record,
            counts=plan.counts,
            groups=groups,
            nothing=not plan.changes,
            changed_meanwhile=changed_meanwhile,
        )
        return TemplateResponse(request, "admin/roles/frameworkimport/preview.html", context)

    def confirm_view(self, request, pk):
        if not self.may_import(request):
            raise PermissionDenied
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        record = get_object_or_404(
            models.FrameworkImport, pk=pk, status=models.FrameworkImport.Status.PREVIEWED
        )
        plan = importing.plan_import(record.document)
        if plan.summary() != record.summary:
            # The framework changed since the preview: show what it would do now.
            record.summary = plan.summary()
            record.save(update_fields=["summary"])
            return self._preview(request, record, plan, changed_meanwhile=True)
        importing.apply_import(
            record.document,
            user=request.user,
            source=record.source,
            sha256=record.sha256,
            record=record,
        )
        messages.success(request, _("The framework was imported."))
        return redirect(reverse("admin:roles_frameworkimport_change", args=[record.pk]))

    def export_view(self, request):
        form = FrameworkExportForm(request.GET or None)
        fmt = form.cleaned_data["format"] if form.is_valid() else "yaml"
        data = document.dump(importing.export_document(), fmt)
        content_type = {
            "yaml": "application/yaml",
            "json": "application/json",
            "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        }[fmt]
        response = HttpResponse(data, content_type=content_type)
        stamp = timezone.localdate().isoformat()
        response["Content-Disposition"] = f'attachment; filename="framework-{stamp}.{fmt}"'
        return response
