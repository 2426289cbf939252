"""Every URL of the site, with real and junk path segments and junk query strings, as each role: never a 500.

The URL patterns are read off the resolver, so a page added later is fuzzed without being listed
here. Each path parameter is filled with a real value (so the view runs past its lookups) or with
junk that still matches the parameter's converter (so it reaches the view at all). A sweep sends
every pattern once per role with real values and a junk query string, and once with junk segments;
Hypothesis then searches mixtures of both.
"""

import itertools
import re
from urllib.parse import quote, urlencode

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.resolvers import RegexPattern, RoutePattern
from hypothesis import given, strategies as st

from monitoring.services import submit_report
from tests.fuzz.examples import rolled_back
from tests.fuzz.strategies import huge_numbers, odd_text
from tests.monitoring.conftest import complete

pytestmark = [pytest.mark.django_db, pytest.mark.timeout(900)]

ROLES = ["anonymous", "admin", "cochair", "staff"]

# Junk a view may read as a number, a date or a choice: other scripts' digits, superscripts, NUL, huge.
JUNK = [
    "٢٠٢٤", "２０２５", "²", "¹²", "𝟚𝟘𝟚𝟝", "-1", "0", "1.5", "1e3", "99999", "10000", "2" * 40, str(2**63), "",
    " ", "\x00", "a\x00b", "%00", "../..", "..", "xlsx\x00", "json", "xls", "pdf", "None", "[]", "<b>", "é", "😀",
]
QUERY_KEYS = [
    "cycle", "page", "p", "download", "format", "q", "o", "e", "year", "month", "day", "body", "state", "status",
    "plan", "next", "all", "_changelist_filters", "_to_field", "_popup", "action", "at__year", "at__month",
    "at__day", "at__gte", "at__lt", "uploaded_at__year", "joined_on__gte", "cycle__id__exact", "state__exact",
    "id__exact", "pk", "code", "number", "action_line", "priority_area", "lead_bodies", "x\x00",
]


def patterns(resolver=None, prefix=()):
    """(pieces, name) for every URL pattern: the pieces are the route or regex of each level."""
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        pieces = prefix + (entry.pattern,)
        if isinstance(entry, URLResolver):
            yield from patterns(entry, pieces)
        elif isinstance(entry, URLPattern):
            yield pieces, entry.name or entry.lookup_str


PARAMETER = re.compile(r"<(?:(?P<converter>[^>:]+):)?(?P<name>[^>]+)>")
GROUP = re.compile(r"\(\?P<(?P<name>\w+)>(?P<regex>(?:[^()]|\([^()]*\))*)\)")


def parameters(pieces):
    """The parameters of a pattern, each as (name, regex its value must match), and a template to fill."""
    template, params = "", []
    for piece in pieces:
        if isinstance(piece, RoutePattern):
            route = str(piece)
            for match in PARAMETER.finditer(route):
                params.append((match["name"], piece.converters[match["name"]].regex))
            template += PARAMETER.sub(lambda m: "{" + m["name"] + "}", route)
        elif isinstance(piece, RegexPattern):
            regex = piece.regex.pattern.lstrip("^").rstrip("$").replace("\\Z", "")
            for match in GROUP.finditer(regex):
                params.append((match["name"], match["regex"]))
            template += re.sub(r"\([^()]*\)", "1", GROUP.sub(lambda m: "{" + m["name"] + "}", regex)).replace("\\", "")
        else:
            template += str(piece)
    return template, params


def real_values(world, report, document):
    return {
        "plan": ["bali-work-plan"], "slug": ["bali-work-plan"], "year": ["2025", "2024"], "code": [world.activity.code],
        "number": [world.activity.focus_area.action_line.number], "body": ["SOMTC"], "abbreviation": ["SOMTC"],
        "extension": ["xlsx", "csv"], "pk": [str(report.pk), str(document.pk)], "object_id": ["1", str(report.pk)],
        "app_label": ["monitoring", "workplan", "auth", "audit", "bodies"], "token": ["set-password"],
        "uidb64": ["MQ"], "content_type_id": ["1"], "url": ["monitoring/activityreport/"],
    }


def values_for(name, regex, real, junk):
    """Candidate values of one parameter that its converter accepts: junk or real ones first, then any that fit."""
    pool = (JUNK if junk else real.get(name, [])) + ["1", "1.1", "1.1.1", "bali-work-plan", "x"] + real.get(name, [])
    fitting = [value for value in pool if re.fullmatch(regex, value)]
    assert fitting, f"no value to try for the URL parameter {name} ({regex}): add one to real_values()"
    return fitting


def fill(template, params, choose):
    url = template
    for name, regex in params:
        url = url.replace("{" + name + "}", quote(choose(name, regex), safe=""), 1)
    return "/" + url


def query_string(pairs):
    return urlencode([(key, value) for key, value in pairs], safe="")


@pytest.fixture
def site(world, draft, settings, tmp_path):
    """The monitoring world with a submitted report carrying a document, and a client per role."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from monitoring.services import add_document

    document = add_document(report=draft, user=world.staff, uploaded=SimpleUploadedFile("a.pdf", b"%PDF-1.4 x"))
    submit_report(report=complete(draft), user=world.staff)
    clients = {}
    for role in ROLES:
        clients[role] = Client(raise_request_exception=True)
        if role != "anonymous":
            clients[role].force_login(getattr(world, role))
    all_patterns = [(name, *parameters(pieces)) for pieces, name in patterns()]
    return world, draft, document, clients, all_patterns


def failure(clients, role, url):
    """What went wrong answering GET `url` as `role`, or None: a view that raises is a 500 in production."""
    with rolled_back():
        try:
            response = clients[role].get(url, follow=False)
        except Exception as error:
            return f"GET {url!r} as {role} raised {type(error).__name__}: {error}"
    if response.status_code >= 500:
        return f"GET {url!r} as {role} answered {response.status_code}"
    return None


def test_every_url_with_real_and_junk_values_as_every_role_is_never_a_500(site):
    """The site's own pages get every junk value, in the path and in every query key, as every role;
    the admin's many generated pages get a share of them each, in turn, to keep the run short."""
    world, report, document, clients, all_patterns = site
    real = real_values(world, report, document)
    turn = itertools.count()
    failures = []
    for name, template, params in all_patterns:
        junk = JUNK if not template.startswith("admin/") else [JUNK[next(turn) % len(JUNK)] for _ in range(3)]
        real_url = fill(template, params, lambda n, r: values_for(n, r, real, junk=False)[0])
        for role, value in itertools.product(ROLES, junk):
            query = query_string((key, value) for key in QUERY_KEYS)
            junk_url = fill(template, params, lambda n, r: value if re.fullmatch(r, value) else values_for(n, r, real, junk=False)[0])
            failures.append(failure(clients, role, f"{real_url}?{query}"))
            if junk_url != real_url:
                failures.append(failure(clients, role, junk_url))
    assert [f for f in failures if f] == []


@st.composite
def requests(draw, all_patterns, real):
    name, template, params = draw(st.sampled_from(all_patterns))
    role = draw(st.sampled_from(ROLES))

    def choose(parameter, regex):
        candidates = values_for(parameter, regex, real, junk=draw(st.booleans()))
        return draw(st.sampled_from(candidates))

    url = fill(template, params, choose)
    pairs = draw(st.lists(
        st.tuples(st.sampled_from(QUERY_KEYS) | odd_text, st.sampled_from(JUNK) | huge_numbers | odd_text), max_size=4,
    ))
    return role, f"{url}?{query_string(pairs)}" if pairs else url


def test_random_junk_to_random_urls_as_random_roles_is_never_a_500(site):
    world, report, document, clients, all_patterns = site
    real = real_values(world, report, document)

    @given(request=requests(all_patterns, real))
    def check(request):
        role, url = request
        assert failure(clients, role, url) is None

    check()
