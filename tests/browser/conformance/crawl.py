"""One pass over every HTML page of the route inventory, for every role that may open it
(and anonymous visitors for public pages), in English and in French, in one Chromium.

Each role signs in once, in its own browser context; each page is fetched (the server's HTML,
kept for the Nu HTML Checker), then opened, and axe-core (node_modules/axe-core, injected from
disk) runs on it; the page's visible strings are kept for the French checks. A page whose object
the role may not open (another state's unit, a job someone else started) is retried with the
next real object of the demo world until one opens.
"""
import os
import re
import shutil
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from playwright.sync_api import Error as PlaywrightError

from app.auth.models import Role
from tests.access_policy import PUBLIC, load_policy
from tests.browser.conftest import CHROMIUM_ARGS
from tests.browser.conformance import world

ROOT = Path(__file__).resolve().parents[3]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
LANGS = ("en", "fr")
# Every rule axe-core runs by default; only violations reported; the app's pages have no frames.
AXE_OPTIONS = "{resultTypes: ['violations'], iframes: false}"
ROLES = (None, *Role)  # None: an anonymous visitor
# While working on one role's pages: CONFORMANCE_ROLES=anonymous,un_admin (a shorter crawl).
ONLY = set(filter(None, os.environ.get("CONFORMANCE_ROLES", "").split(",")))
SKIP_ENDPOINTS = {"static", "bootstrap.static"}
# Pages only reached in a state the world is not in, or not pages: never opened as HTML.
PARAM_KINDS = {"catalogue.standard_detail": "standard", "catalogue.profile_detail": "profile"}
# Error pages are pages too: (role, path, expected status)
ERROR_PAGES = ((None, "/no-such-page", 404), (Role.CENTRE_REGISTRAR, "/admin/users", 403),
               (Role.CENTRE_REGISTRAR, "/units/987654", 404))
# The strings a person can see or hear, in the page's language (a part marked with another
# `lang`, like the language switch's own name, is left out): `nodes`, each text node (hidden ones
# too: screen readers read visually-hidden text) but those inside code, kbd or samp (file
# columns, secrets, commands are typed as shown); `strings`, those nodes, the labels in
# attributes, and each small element's whole text (a sentence with a bold part is several nodes).
TEXTS_JS = """() => {
  const nodes = new Set(), strings = new Set(), lang = document.documentElement.lang;
  const skip = new Set(['SCRIPT', 'STYLE', 'TEMPLATE', 'NOSCRIPT']);
  const norm = s => (s || '').replace(/\\s+/g, ' ').trim();
  const own = el => !skip.has(el.tagName) && (el.closest('[lang]') || {}).lang === lang;
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    if (!own(n.parentElement)) continue;
    strings.add(norm(n.nodeValue));
    if (!n.parentElement.closest('code, kbd, samp')) nodes.add(norm(n.nodeValue));
  }
  for (const el of document.querySelectorAll('body *')) {
    if (!own(el)) continue;
    for (const a of ['aria-label', 'title', 'placeholder', 'alt']) {
      if (el.hasAttribute(a)) strings.add(norm(el.getAttribute(a)));
    }
    if (el.matches('input[type=submit], input[type=button]')) strings.add(norm(el.value));
    const t = norm(el.textContent);  // a whole text, unless a part of it is in another language
    if (t.length && t.length < 300 && !el.querySelector(`[lang]:not([lang="${lang}"])`)) {
      strings.add(t);
    }
  }
  strings.add(norm(document.title));
  nodes.delete(''); strings.delete('');
  return {nodes: [...nodes], strings: [...strings]};
}"""


@dataclass
class Visit:
    role: Role | None
    lang: str
    endpoint: str
    url: str
    status: int
    html_file: Path
    violations: list = field(default_factory=list)  # axe: {id, impact, help, nodes: [..]}
    texts: dict = field(default_factory=dict)  # TEXTS_JS: {"nodes": [...], "strings": [...]}
    seconds: float = 0.0  # opening the page and running axe

    @property
    def who(self) -> str:
        return self.role.value if self.role else "anonymous"


@dataclass
class Crawl:
    visits: list = field(default_factory=list)
    unreached: list = field(default_factory=list)  # (role, lang, endpoint) allowed, not opened
    by_design: list = field(default_factory=list)  # the same, where the policy expects a 404
    non_html: set = field(default_factory=set)  # endpoints answering something else than HTML
    pages: set = field(default_factory=set)  # endpoints checked as HTML
    seconds: float = 0.0
    out_dir: Path | None = None

    def summary(self) -> str:
        """pages x roles x languages, as each check prints it."""
        pairs = {(v.endpoint, v.who) for v in self.visits}
        return (f"{len(self.visits)} page views: {len(self.pages)} pages (+ error pages) x "
                f"{len({v.who for v in self.visits})} roles x {len(LANGS)} languages "
                f"({len(pairs)} page-role pairs; crawled in {self.seconds:.0f} s)")


def page_routes(app):
    """(rule, policy row) for every GET route that answers a page (200): all but the API,
    static files and the routes that only redirect or only answer 404 in the access world."""
    policy = load_policy()
    for rule in sorted(app.url_map.iter_rules(), key=lambda r: r.rule):
        if rule.endpoint in SKIP_ENDPOINTS or "GET" not in rule.methods or \
                rule.rule.startswith("/api/"):
            continue
        row = policy[rule.endpoint, "GET"]
        if 200 in row.ok:  # not redirects (pick a person: go to its page) nor 404-only rows
            yield rule, row


def may_open(row, role) -> bool:
    return row.allowed == PUBLIC or (role is not None and role in row.allowed)


def _url(rule, values: dict) -> str:
    path = rule.rule
    for name in rule.arguments:
        path = re.sub(rf"<(?:\w+:)?{name}>", str(values[name]), path)
    return path


def _values(app, rule, row, invite_token):
    """Candidate URL values for the rule, from the demo world."""
    from app.extensions import db

    with app.app_context():
        kind = PARAM_KINDS.get(rule.endpoint)
        if kind:
            out = [{**row.params, "code": c} for c in world.catalogue_codes(kind)]
        elif row.obj:
            out = [{**row.params, **v} for v in world.candidates(row.obj, invite_token)]
        else:
            out = [dict(row.params)]
        db.session.remove()
    return out


def sign_in(page, base, role, login):
    from app.auth import totp
    from app.timeutil import utcnow

    email, secret = login
    page.goto(base + "/auth/login")
    page.fill("#email", email)
    page.fill("#password", world.PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_load_state()
    if secret:
        page.wait_for_url("**/auth/mfa")
        page.fill("#code", totp.code_at(secret, totp.step_at(utcnow().timestamp())))
        page.click("main button[type=submit]")
    page.wait_for_url(base + "/home")


def _is_html(context, base, rule, urls) -> bool:
    """Whether the route answers HTML: not when its address ends in a file name (exports,
    downloads, JSON documents: not fetched, an 850-person export takes a while), else judged by
    its first 200 answer."""
    if "." in rule.rule.rsplit("/", 1)[-1]:
        return False
    for url in urls:
        response = context.request.get(base + url, timeout=120000)
        if response.status == 200:
            return "text/html" in response.headers.get("content-type", "")
    return True


def _open(page, base, url, lang, want, html_file: Path) -> tuple[int, Visit | None]:
    """Open the page; when its status is `want`, keep its HTML as served and run the checks."""
    started = time.monotonic()
    response = page.goto(base + url)
    if response.status != want:
        return response.status, None
    html_file = html_file.with_suffix(".html")
    try:
        body = response.body()
    except PlaywrightError:  # the page's script moved on first (an import's checks): refetch
        body = page.context.request.get(base + url, timeout=120000).body()
    html_file.write_bytes(body)
    for attempt in range(3):  # a page whose script moves on (an import's checks) settles first
        try:
            page.add_script_tag(path=str(AXE))
            result = page.evaluate(f"() => axe.run(document, {AXE_OPTIONS})")
            texts = page.evaluate(TEXTS_JS)
            break
        except PlaywrightError:
            if attempt == 2:
                raise
            page.wait_for_load_state()
    violations = [{"id": v["id"], "impact": v["impact"], "help": v["help"],
                   "nodes": [n["target"] for n in v["nodes"]]} for v in result["violations"]]
    return response.status, Visit(role=None, lang=lang, endpoint="", url=url,
                                  status=response.status, html_file=html_file,
                                  violations=violations, texts=texts,
                                  seconds=time.monotonic() - started)


def _crawl_role(browser, base, role, login, routes, out_dir: Path) -> Crawl:
    """Every page `role` may open, in each language, in one signed-in browser context."""
    result = Crawl()
    context = browser.new_context(locale="en-GB", bypass_csp=True,
                                  viewport={"width": 1366, "height": 900})
    page = context.new_page()
    page.set_default_timeout(60000)
    if role is not None:
        sign_in(page, base, role, login)
    who = role.value if role else "anonymous"
    opens = {}  # endpoint -> the URL this role opened in the first language
    n = 0
    for lang in LANGS:
        page.goto(base + "/")
        if page.get_attribute("html", "lang") != lang:  # as people do: the language switch
            page.click("#lang-switch")
            page.wait_for_load_state()
            assert page.get_attribute("html", "lang") == lang, f"no switch to {lang} as {who}"
        for rule, row, candidates in routes:
            if not may_open(row, role) or rule.endpoint in result.non_html:
                continue
            urls = [opens[rule.endpoint]] if rule.endpoint in opens else \
                [_url(rule, values) for values in candidates]
            if rule.endpoint not in result.pages and not _is_html(context, base, rule, urls):
                result.non_html.add(rule.endpoint)
                continue
            for url in urls:
                n += 1
                _status, visit = _open(page, base, url, lang, 200, out_dir / f"{who}-{n:03d}")
                if visit is not None:
                    visit.role, visit.endpoint = role, rule.endpoint
                    result.visits.append(visit)
                    result.pages.add(rule.endpoint)
                    opens[rule.endpoint] = url
                    break
            else:  # a 404 row (a job only its starter sees) is not reachable for every role
                (result.by_design if 404 in row.ok else result.unreached).append(
                    (role, lang, rule.endpoint))
        for whom, path, status in ERROR_PAGES:
            if whom is role:
                n += 1
                got, visit = _open(page, base, path, lang, status, out_dir / f"{who}-{n:03d}")
                assert visit is not None, f"{path} as {who}: {got}, not {status}"
                visit.role, visit.endpoint = role, f"error {status}"
                result.visits.append(visit)
    context.close()
    return result


# Two browsers side by side (the machine has two cores); each takes a share of the roles.
SHARES = ((None, Role.CENTRE_REGISTRAR, Role.TOT_TRAINER, Role.UN_OFFICER),
          (Role.CERTIFYING_OFFICER, Role.PARTNER_TRAINER, Role.UN_ADMIN))


def crawl(app, base, logins, invite_token, out_dir: Path) -> Crawl:
    """Every page x role x language; the roles split between two Chromiums run in threads
    (Playwright: one instance per thread)."""
    from playwright.sync_api import sync_playwright

    assert set(sum(SHARES, ())) == set(ROLES), "every role in one share"
    routes = [(rule, row, _values(app, rule, row, invite_token))
              for rule, row in page_routes(app)]
    executable = shutil.which("chromium") or shutil.which("chromium-browser")

    def share(roles) -> list[Crawl]:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=executable, headless=True,
                                        args=CHROMIUM_ARGS)
            try:
                return [_crawl_role(browser, base, role, logins.get(role), routes, out_dir)
                        for role in roles
                        if not ONLY or (role.value if role else "anonymous") in ONLY]
            finally:
                browser.close()

    result = Crawl()
    with ThreadPoolExecutor(max_workers=len(SHARES)) as pool:
        for part in (c for parts in pool.map(share, SHARES) for c in parts):
            result.visits += part.visits
            result.unreached += part.unreached
            result.by_design += part.by_design
            result.non_html |= part.non_html
            result.pages |= part.pages
    return result
