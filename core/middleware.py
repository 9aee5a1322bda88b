"""Request-wide rules: no NUL in a query string, the language (Chinese unless the user chose
English), a forced password change, a lost race as a message, not a 500, and pages sent
compressed."""

from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse, QueryDict
from django.http.response import HttpResponseBase
from django.middleware.gzip import GZipMiddleware
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import translation

from core import credentials
from core.versions import CONFLICT_MESSAGE, ConflictError


class NoNulMiddleware:
    """Drops the NUL character from the query string's names and values, for every view at
    once: PostgreSQL refuses it in a text parameter (a 500 from any search box), and no one
    types it. Form fields refuse it in a POST themselves (Django's CharField)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        raw = request.META.get("QUERY_STRING", "")
        if "%00" in raw or "\x00" in raw:
            cleaned = QueryDict(mutable=True)
            for name, values in request.GET.lists():
                cleaned.setlist(name.replace("\x00", ""), [v.replace("\x00", "") for v in values])
            cleaned._mutable = False
            request.GET = cleaned  # type: ignore[assignment]
        return self.get_response(request)


class PageGZipMiddleware(GZipMiddleware):
    """Pages (HTML, JSON) sent gzipped to a browser that accepts it, a tenth of their size (the
    dashboard's 128 KiB to 14). Django pads each compressed page with random bytes against
    BREACH, which nginx's own gzip would not. Spreadsheets, documents and photos are compressed
    already and go as they are; static files come compressed from whitenoise."""

    def process_response(
        self, request: HttpRequest, response: HttpResponseBase
    ) -> HttpResponseBase:
        kind = response.get("Content-Type") or ""
        if not kind.startswith(("text/html", "application/json")):
            return response
        return super().process_response(request, response)


class PreferredLanguageMiddleware:
    """Like LocaleMiddleware, but ignores the browser's Accept-Language.

    Office computers often run an English browser; the application speaks Chinese to everyone
    until the user picks another language, which the language switch keeps in a cookie.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.supported = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request: HttpRequest) -> HttpResponse:
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        language = chosen if chosen in self.supported else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()  # type: ignore[attr-defined]
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        translation.deactivate()
        return response


class PasswordChangeMiddleware:
    """A signed-in person who owes a new password (core.credentials) gets the change page
    for every page but that one, signing out, the language switch and static files."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        owed = (
            request.user.is_authenticated
            and not self.allowed(request.path_info)
            and credentials.change_owed(request.user)
        )
        if not owed:
            return self.get_response(request)
        url = reverse("password_change")
        if request.headers.get("HX-Request"):  # htmx asked for a fragment: go to the whole page
            return HttpResponse(status=204, headers={"HX-Redirect": url})
        return redirect(url)

    @staticmethod
    def allowed(path: str) -> bool:
        open_paths = {reverse("password_change"), reverse("logout"), reverse("set_language")}
        static = "/" + settings.STATIC_URL.lstrip("/") if settings.STATIC_URL else None
        return path in open_paths or bool(static and path.startswith(static))


class ConflictMiddleware:
    """A write that lost a race with another person's (core.versions.ConflictError) and that
    no page turned into its own conflict message ends here: a message and the record's page,
    never a 500. Edit forms show the conflict themselves (core.generic)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not isinstance(exception, ConflictError):
            return None
        messages.error(request, CONFLICT_MESSAGE)
        url = getattr(exception.obj, "get_absolute_url", None)
        return redirect(url() if url and not request.path.startswith("/admin/") else request.path)
