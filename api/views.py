"""``/me/tokens/``: one's personal access tokens for the API: make one (its
secret shown once, on the answer to the POST), see them, revoke one."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from .forms import TokenForm
from .tokens import token_create, token_revoke, tokens_of


def _page(request, form, *, secret=None, status=200):
    return render(
        request,
        "api/tokens.html",
        {"form": form, "tokens": list(tokens_of(request.user)), "secret": secret},
        status=status,
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def tokens(request):
    if request.method != "POST":
        return _page(request, TokenForm())
    form = TokenForm(request.POST)
    if not form.is_valid():
        return _page(request, form, status=400)
    issued = token_create(
        user=request.user,
        name=form.cleaned_data["name"],
        days=form.cleaned_data["days"],
        read_write=form.cleaned_data["scope"] == "write",
    )
    # The secret is in this answer only (never stored, never in a redirect or a message).
    return _page(request, TokenForm(), secret=issued)


@login_required
@require_POST
def revoke(request, pk):
    if not token_revoke(user=request.user, token_id=pk):
        raise Http404("No such token")
    messages.success(request, _("The token is revoked: it no longer works."))
    return redirect("api_tokens:list")
