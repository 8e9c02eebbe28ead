"""The account page: password, second factor, download my data, delete my account."""

import json

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from accounts.forms import DeleteAccountForm
from core import downloads

from .export import personal_data
from .services import delete_account


@login_required
@require_GET
def account(request):
    return render(request, "privacy/account.html", {})


@login_required
@require_GET
def my_data(request):
    """``/me/data.json``: everything about the signed-in user, as a download."""
    data = {
        "exported": timezone.now().isoformat(),
        **personal_data(request.user),
    }
    name = downloads.filename(
        request.user.username,
        "my-data",
        day=timezone.localdate(),
        language=get_language(),
        extension="json",
    )
    return downloads.download(
        json.dumps(data, ensure_ascii=False, indent=2),
        name=name,
        content_type="application/json; charset=utf-8",
    )


@login_required
@require_http_methods(["GET", "POST"])
def delete(request):
    form = DeleteAccountForm(request.POST or None, user=request.user)
    if request.method == "POST":
        if form.is_valid():
            user = request.user
            logout(request)
            delete_account(user)
            messages.success(request, _("Your account and your personal data have been deleted."))
            return redirect("login")
        return render(request, "privacy/delete.html", {"form": form}, status=400)
    return render(request, "privacy/delete.html", {"form": form})
