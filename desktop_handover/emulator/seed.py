"""Deterministic demo data for the emulated portal: staff, CRM catalogue, items, activities, tasks.

`build_portal(seed, scale)` fills a fresh `Portal` from `random.Random(seed)` alone, with every
date relative to the fixed `BASE_DATE`, so the same (seed, scale) always yields the same portal.
The portal it returns is a `DemoPortal`, a `Portal` that also carries the `DemoFacts` tests and
the app may rely on (who is dismissed, who has the big book, which webhook is limited, ...);
`demo_facts(portal)` hands them out.

What the data is for: a departing employee's CRM items must be handed over to colleagues, so the
generator makes sure that dismissed users and one active departing user own items in every
section (leads, deals, contacts, companies, quotes, smart invoices, smart-process items,
activities, tasks), that one dismissed user has a big book, and that items keep realistic
links (a deal's company and contacts usually belong to the deal's owner, quotes point at deals,
activities and tasks at items).
A handful of titles are hostile on purpose (HTML, RTL marks, emoji, very long text): portal text is
untrusted and every UI must show it as plain text.
"""

from __future__ import annotations

import gc
import random
import string
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta
from itertools import accumulate
from typing import Final, Generic, Literal, TypeVar, get_args

from desktop_handover.emulator.state import (
    COMPANY,
    CONTACT,
    DEAL,
    LEAD,
    QUOTE,
    SMART_INVOICE,
    Activity,
    Category,
    CrmItem,
    Department,
    OAuthClient,
    OAuthGrant,
    Portal,
    Semantics,
    SmartProcessType,
    Stage,
    Task,
    User,
    Webhook,
)

Scale = Literal["small", "medium", "large"]
SCALES: Final[tuple[Scale, ...]] = get_args(Scale)

#: "Today" on the demo portal; every generated date is relative to it (no wall clock).
BASE_DATE: Final = date(2026, 11, 27)

#: entityTypeIds of the two smart processes; the second sits in the range newer portals use,
#: so a client that assumes contiguous SPA ids from 128 is caught out (bitrix24-api.md §7.1).
SERVICE_CONTRACTS: Final = 128
ROLLOUT_PROJECTS: Final = 1036

ADMIN_SCOPES: Final = frozenset({"crm", "user", "department", "task", "im"})
LIMITED_SCOPES: Final = frozenset({"crm", "user", "department"})

# Hostile texts for the UI: markup, script injection, bidi controls, emoji, control characters,
# format placeholders and sheer length. Kept here as data, placed on items of the handover users.
ADVERSARIAL_TITLES: Final[tuple[str, ...]] = (
    "<b>x</b><img src=x onerror=alert(1)>",
    "🚀 Wdrożenie CRM 🇵🇱 — zespół 👩‍💻 & partnerzy",
    "Umowa \u200fשלום\u200f – \u202eTNEMYAP\u202c Ltd",
    'Robert\'); DROP TABLE deals;-- «cytat» "quoted" & <escaped?>',
    "Wiersz pierwszy\nwiersz drugi\ttabulator %s %d {0} ${title}",
    "Kompleksowa modernizacja infrastruktury informatycznej oddziałów regionalnych "
    "wraz z dostawą sprzętu, licencji, szkoleniami użytkowników końcowych i wsparciem "
    "powdrożeniowym przez trzydzieści sześć miesięcy – etap " + "I" * 40 + " " + "ż" * 120,
    "Zero\u200bwidth\u200bspaces\u00adand soft\u2060hyphen",
)


@dataclass(frozen=True, slots=True)
class DemoFacts:
    """What tests and the app may rely on in a generated demo portal; it holds no secrets.

    Attributes:
        seed: The seed the portal was built from.
        scale: The scale it was built at.
        admin_user_id: User 1, the portal administrator; owns the admin webhook.
        limited_user_id: A non-admin sales manager whose webhook lacks the `task` scope.
        big_book_user_id: A dismissed salesperson with the big book: over 100 deals and over 100
            contacts at small scale, over 100,000 contacts at large scale.
        departing_active_user_id: An active employee (about to leave) who owns items in every
            section, activities and tasks included.
        dismissed_with_items: Dismissed users who still own items in every section
            (the big book first).
        dismissed_without_items: Dismissed users who own nothing.
        extranet_user_ids: Active users of USER_TYPE "extranet" (no department, no items).
        successor_candidate_ids: Active, non-admin sales staff who can take items over.
        deal_category_ids: The deal pipelines, default (0) first.
        smart_process_type_ids: entityTypeIds of the smart processes (SPAs), ascending.
        section_type_ids: Every CRM entityTypeId the portal has items of.
        adversarial_items: (entityTypeId, id) of items whose title or name is hostile text.
    """

    seed: int
    scale: Scale
    admin_user_id: int
    limited_user_id: int
    big_book_user_id: int
    departing_active_user_id: int
    dismissed_with_items: tuple[int, ...]
    dismissed_without_items: tuple[int, ...]
    extranet_user_ids: tuple[int, ...]
    successor_candidate_ids: tuple[int, ...]
    deal_category_ids: tuple[int, ...]
    smart_process_type_ids: tuple[int, ...]
    section_type_ids: tuple[int, ...]
    adversarial_items: tuple[tuple[int, int], ...]


@dataclass(kw_only=True)
class DemoPortal(Portal):
    """A portal built by `build_portal`, carrying the facts it was built to show."""

    facts: DemoFacts


def build_portal(seed: int = 1, scale: Scale = "small") -> DemoPortal:
    """Build the demo portal for `seed` at `scale`; the same arguments give the same portal.

    Raises:
        ValueError: `scale` is not one of `SCALES`.
    """
    if scale not in SCALES:
        raise ValueError(f"unknown scale {scale!r}; expected one of {', '.join(SCALES)}")
    # Hundreds of thousands of new container objects would trigger many useless full GC
    # passes (nothing built here is garbage); pausing the collector saves about a quarter of
    # the large build.
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        return _Builder(seed, scale).build()
    finally:
        if was_enabled:
            gc.enable()


def demo_facts(portal: Portal) -> DemoFacts:
    """The facts of a portal made by `build_portal`.

    Raises:
        TypeError: `portal` was not made by `build_portal`.
    """
    if not isinstance(portal, DemoPortal):
        raise TypeError("this portal was not built by emulator.seed.build_portal")
    return portal.facts


# --- volumes ----------------------------------------------------------------------------------

# Section keys used throughout: one per owner-bearing table of the portal.
_SECTIONS: Final = (
    "company",
    "contact",
    "lead",
    "deal",
    "quote",
    "invoice",
    "service",
    "rollout",
    "activity",
    "task",
)

# Records per section; the totals are ~2,000 / ~30,000 / ~300,000.
_VOLUMES: Final[dict[Scale, dict[str, int]]] = {
    "small": {
        "company": 120,
        "contact": 420,
        "lead": 200,
        "deal": 320,
        "quote": 80,
        "invoice": 80,
        "service": 60,
        "rollout": 40,
        "activity": 550,
        "task": 150,
    },
    "medium": {
        "company": 1_500,
        "contact": 8_000,
        "lead": 4_000,
        "deal": 5_000,
        "quote": 1_200,
        "invoice": 1_500,
        "service": 800,
        "rollout": 500,
        "activity": 6_000,
        "task": 1_500,
    },
    "large": {
        "company": 10_000,
        "contact": 130_000,
        "lead": 25_000,
        "deal": 40_000,
        "quote": 8_000,
        "invoice": 10_000,
        "service": 4_000,
        "rollout": 3_000,
        "activity": 56_000,
        "task": 14_000,
    },
}

# The big book: exact contact and deal counts, and a share of every other section.
_BIG_BOOK: Final[dict[Scale, tuple[int, int, float]]] = {
    "small": (118, 112, 0.12),
    "medium": (2_600, 1_300, 0.10),
    "large": (102_400, 7_000, 0.08),
}
# Shares of every section for the other handover users: (share, minimum count).
_DEPARTING_SHARE: Final = (0.07, 3)
_DISMISSED_SHARES: Final = ((0.04, 2), (0.02, 1))

# How strongly each role attracts records of each section, beyond the forced shares above.
_ALL = dict.fromkeys(_SECTIONS, 1.0)
_ROLE_WEIGHTS: Final[dict[str, dict[str, float]]] = {
    "sales": {**_ALL, "invoice": 0.6, "service": 0.5},
    "sales_head": dict.fromkeys(_SECTIONS, 0.3),
    "sales_director": dict.fromkeys(_SECTIONS, 0.08),
    "cs": {
        "contact": 0.6,
        "company": 0.3,
        "lead": 0.2,
        "invoice": 0.2,
        "service": 1.2,
        "activity": 0.8,
        "task": 1.0,
    },
    "cs_head": {"contact": 0.2, "company": 0.1, "service": 0.4, "activity": 0.3, "task": 0.4},
    "marketing": {"lead": 1.2, "contact": 0.2, "activity": 0.3, "task": 0.5},
    "marketing_head": {"lead": 0.4, "task": 0.3},
    "finance": {"invoice": 1.5, "quote": 0.3, "task": 0.4},
    "finance_head": {"invoice": 0.4, "task": 0.2},
    "it": {"rollout": 0.8, "task": 0.6},
    "it_head": {"rollout": 0.3, "task": 0.3},
    "admin": {"deal": 0.05, "company": 0.05, "task": 0.1},
}

# --- the organisation -------------------------------------------------------------------------

# (id, name, parent); heads are filled in from the staff table.
_DEPARTMENTS: Final = (
    (1, "Zarząd", None),
    (2, "Sprzedaż", 1),
    (3, "Sprzedaż Warszawa", 2),
    (4, "Sales Kraków", 2),
    (5, "Marketing", 1),
    (6, "Obsługa klienta", 1),
    (7, "Finanse", 1),
    (8, "IT", 1),
)

# (department, role, (male position, female position), count, tag of the row's first user).
# 60 employees; roles ending in "_head", plus "admin" and "sales_director", head their department.
_STAFF: Final[tuple[tuple[int, str, tuple[str, str], int, str], ...]] = (
    (1, "admin", ("Prezes Zarządu", "Prezes Zarządu"), 1, "admin"),
    (1, "board", ("Członek Zarządu", "Członkini Zarządu"), 1, ""),
    (1, "board", ("Asystent zarządu", "Asystentka zarządu"), 1, ""),
    (2, "sales_director", ("Dyrektor sprzedaży", "Dyrektorka sprzedaży"), 1, ""),
    (3, "sales_head", ("Kierownik sprzedaży", "Kierowniczka sprzedaży"), 1, "limited"),
    (3, "sales", ("Senior Account Manager", "Senior Account Manager"), 3, "big_book"),
    (3, "sales", ("Handlowiec", "Handlowiec"), 6, ""),
    (3, "sales", ("Account manager", "Account manager"), 4, ""),
    (3, "sales", ("Młodszy handlowiec", "Młodsza handlowczyni"), 2, ""),
    (4, "sales_head", ("Sales Manager", "Sales Manager"), 1, ""),
    (4, "sales", ("Key Account Manager", "Key Account Manager"), 2, "departing"),
    (4, "sales", ("Handlowiec", "Handlowiec"), 5, "dismissed"),
    (4, "sales", ("Account manager", "Account manager"), 3, ""),
    (4, "sales", ("Sales Representative", "Sales Representative"), 1, ""),
    (5, "marketing_head", ("Kierownik marketingu", "Kierowniczka marketingu"), 1, ""),
    (5, "marketing", ("Specjalista ds. marketingu", "Specjalistka ds. marketingu"), 3, ""),
    (5, "marketing", ("Content Marketing Specialist", "Content Marketing Specialist"), 2, "multi"),
    (5, "marketing", ("Specjalista ds. kampanii", "Specjalistka ds. kampanii"), 1, "idle"),
    (6, "cs_head", ("Kierownik obsługi klienta", "Kierowniczka obsługi klienta"), 1, ""),
    (
        6,
        "cs",
        ("Konsultant ds. obsługi klienta", "Konsultantka ds. obsługi klienta"),
        6,
        "dismissed",
    ),
    (6, "cs", ("Customer Success Manager", "Customer Success Manager"), 3, ""),
    (7, "finance_head", ("Główny księgowy", "Główna księgowa"), 1, ""),
    (7, "finance", ("Specjalista ds. rozliczeń", "Specjalistka ds. rozliczeń"), 3, ""),
    (7, "finance", ("Kontroler finansowy", "Kontrolerka finansowa"), 1, ""),
    (8, "it_head", ("Kierownik IT", "Kierowniczka IT"), 1, ""),
    (8, "it", ("Administrator systemów", "Administratorka systemów"), 2, ""),
    (8, "it", ("Programista", "Programistka"), 2, ""),
    (8, "it", ("Specjalista ds. CRM", "Specjalistka ds. CRM"), 1, ""),
)
_HEAD_ROLES: Final = frozenset(
    {
        "admin",
        "sales_director",
        "sales_head",
        "marketing_head",
        "cs_head",
        "finance_head",
        "it_head",
    }
)

# --- names ------------------------------------------------------------------------------------

_PL_MALE: Final = (
    "Łukasz", "Piotr", "Krzysztof", "Andrzej", "Tomasz", "Paweł", "Michał", "Marcin", "Jakub",
    "Grzegorz", "Mateusz", "Wojciech", "Mariusz", "Dariusz", "Maciej", "Rafał", "Kamil",
    "Jacek", "Bartłomiej", "Przemysław", "Sławomir", "Zbigniew", "Józef", "Jarosław", "Szymon",
    "Witold", "Radosław", "Karol", "Leszek", "Bogdan",
)  # fmt: skip
_PL_FEMALE: Final = (
    "Agnieszka", "Anna", "Małgorzata", "Katarzyna", "Joanna", "Magdalena", "Ewa", "Monika",
    "Aleksandra", "Dorota", "Beata", "Żaneta", "Natalia", "Paulina", "Justyna", "Elżbieta",
    "Barbara", "Urszula", "Grażyna", "Jolanta", "Karolina", "Weronika", "Zofia", "Marta",
    "Iwona", "Renata", "Wiktoria", "Halina", "Bożena", "Łucja",
)  # fmt: skip
# (male form, female form): -ski/-ska, -cki/-cka, -dzki/-dzka agree with the first name.
_PL_SURNAMES: Final = (
    ("Kowalski", "Kowalska"), ("Nowak", "Nowak"), ("Wójcik", "Wójcik"),
    ("Zieliński", "Zielińska"), ("Dąbrowski", "Dąbrowska"), ("Lewandowski", "Lewandowska"),
    ("Wiśniewski", "Wiśniewska"), ("Kamiński", "Kamińska"), ("Szymański", "Szymańska"),
    ("Woźniak", "Woźniak"), ("Kozłowski", "Kozłowska"), ("Jankowski", "Jankowska"),
    ("Mazur", "Mazur"), ("Krawczyk", "Krawczyk"), ("Piotrowski", "Piotrowska"),
    ("Grabowski", "Grabowska"), ("Pawłowski", "Pawłowska"), ("Michalski", "Michalska"),
    ("Król", "Król"), ("Wieczorek", "Wieczorek"), ("Jabłoński", "Jabłońska"),
    ("Wróbel", "Wróbel"), ("Majewski", "Majewska"), ("Olszewski", "Olszewska"),
    ("Stępień", "Stępień"), ("Jaworski", "Jaworska"), ("Malinowski", "Malinowska"),
    ("Górski", "Górska"), ("Sikora", "Sikora"), ("Szewczyk", "Szewczyk"),
    ("Tomaszewski", "Tomaszewska"), ("Pietrzak", "Pietrzak"), ("Wróblewski", "Wróblewska"),
    ("Zawadzki", "Zawadzka"), ("Bąk", "Bąk"), ("Chmielewski", "Chmielewska"),
    ("Włodarczyk", "Włodarczyk"), ("Czarnecki", "Czarnecka"), ("Sawicki", "Sawicka"),
    ("Sokołowski", "Sokołowska"), ("Urbański", "Urbańska"), ("Kubiak", "Kubiak"),
    ("Szczepański", "Szczepańska"), ("Kucharski", "Kucharska"), ("Wysocki", "Wysocka"),
    ("Kaźmierczak", "Kaźmierczak"), ("Czerwiński", "Czerwińska"), ("Cieślak", "Cieślak"),
    ("Głowacki", "Głowacka"), ("Kołodziej", "Kołodziej"), ("Brzeziński", "Brzezińska"),
    ("Ziółkowski", "Ziółkowska"), ("Przybylski", "Przybylska"), ("Gołębiowski", "Gołębiowska"),
)  # fmt: skip
_EN_MALE: Final = (
    "James", "Oliver", "William", "Thomas", "George", "Daniel", "Matthew", "Henry", "Samuel",
    "Jack", "Edward", "Benjamin",
)  # fmt: skip
_EN_FEMALE: Final = (
    "Emily", "Olivia", "Charlotte", "Sophie", "Grace", "Hannah", "Lucy", "Amelia", "Jessica",
    "Emma",
)  # fmt: skip
_EN_SURNAMES: Final = (
    "Smith", "Johnson", "Brown", "Taylor", "Wilson", "Davies", "Evans", "Clarke", "Walker",
    "Wright", "Robinson", "Thompson", "Hughes", "Edwards", "Green", "Hall", "Wood", "Harris",
    "Martin", "Cooper", "O'Brien", "McAllister",
)  # fmt: skip

_ASCII: Final = str.maketrans("ąćęłńóśźżĄĆĘŁŃÓŚŹŻüøÜØ'", "acelnoszzACELNOSZZuoUO-")

_COMPANY_ROOTS: Final = (
    "Orbis", "Polmet", "Agrotech", "Mazovia Logistics", "Zakłady Mięsne Łuków",
    "Kowalski i Synowie", "Drukarnia Pod Wawelem", "Hurtownia Żak", "Wodociągi Pomorskie",
    "Bałtyk Trans", "Sądecki Bud",
    "Elektrociepłownia Śląsk", "Piekarnia Złoty Kłos", "Meblex", "Optima Serwis", "Żywiec Foods",
    "Gdańska Stocznia Jachtowa", "Kraków Software House", "Wrocławskie Centrum Medyczne",
    "Łódź Textiles", "Tatry Tourism", "Warta Energia", "Poznań Motors", "Lubelskie Zboża",
    "Nordic Steel", "Greenfield Ventures", "Brightline Consulting", "Atlas Components",
    "Bluewater Shipping", "Crescent Pharma", "Evergreen Foods", "Harbor Analytics",
    "Kestrel Aviation", "Northgate Retail", "Silverline Media", "Summit Packaging",
    "Vistula Data", "Amber Coast Hotels", "Carpathia Outdoor", "Oakridge Finance",
)  # fmt: skip
_COMPANY_MODIFIERS: Final = ("", "", "", " Polska", " Północ", " Południe", " Serwis", " Group")
_COMPANY_FORMS: Final = (
    "Sp. z o.o.",
    "Sp. z o.o.",
    "S.A.",
    "sp.j.",
    "sp.k.",
    "Ltd",
    "GmbH",
    "s.c.",
)

_DEAL_TITLES: Final = (
    "Odnowienie floty {y}", "Wdrożenie CRM – {co}", "Dostawa laptopów ({n} szt.) – {co}",
    "Umowa ramowa {y} – {co}", "Modernizacja magazynu – {co}", "Licencje Microsoft 365 – {co}",
    "Serwis klimatyzacji {y} – {co}", "Szkolenie zespołu sprzedaży – {co}",
    "Rozbudowa sieci LAN – {co}", "Kampania reklamowa Q{q} {y}", "Service contract – {co}",
    "Fleet renewal {y} – {co}", "Annual support renewal – {co}", "Cloud migration – {co}",
    "Office furniture ({n} pcs) – {co}", "Website redesign – {co}", "Hardware refresh {y}",
    "Consulting retainer Q{q} – {co}",
)  # fmt: skip
_LEAD_TITLES: Final = (
    "Zapytanie ze strony www – {co}", "Formularz kontaktowy: oferta dla {co}",
    "Targi {y}: rozmowa na stoisku", "Polecenie od klienta – {co}", "Prośba o wycenę ({n} szt.)",
    "Web inquiry – {co}", "Trade fair {y} lead", "Callback request – {co}",
    "Newsletter: zainteresowanie ofertą", "Partner referral – {co}",
)  # fmt: skip
_SERVICE_TITLES: Final = (
    "Umowa serwisowa SLA-{n} – {co}", "Service contract – {co}", "Przegląd okresowy {y} – {co}",
    "Premium support {y} – {co}", "Opieka serwisowa floty – {co}",
)  # fmt: skip
_ROLLOUT_TITLES: Final = (
    "Projekt wdrożeniowy – {co}", "Rollout phase {q} – {co}", "Migracja danych {y} – {co}",
    "Integracja ERP – {co}", "Pilot deployment – {co}",
)  # fmt: skip
_ACTIVITY_SUBJECTS: Final[dict[str, tuple[str, ...]]] = {
    "call": ("Rozmowa telefoniczna z {who}", "Call with {who}", "Połączenie przychodzące: {who}",
             "Follow-up call – {who}"),
    "meeting": ("Spotkanie: prezentacja oferty", "Meeting at {who}'s office",
                "Spotkanie podsumowujące kwartał", "Demo of the new release"),
    "email": ("Re: Oferta dla {who}", "Fwd: Zamówienie – potwierdzenie", "Proposal for {who}",
              "Re: Warunki umowy"),
    "todo": ("Przygotować ofertę", "Wysłać umowę do podpisu", "Follow up on proposal",
             "Zadzwonić w sprawie płatności", "Check renewal date", "Umówić spotkanie z {who}"),
}  # fmt: skip
_TASK_TITLES: Final = (
    "Przygotować ofertę dla {co}", "Zaktualizować dane kontaktowe", "Send contract to {co}",
    "Przegląd lejka sprzedaży", "Sprawdzić płatność faktury – {co}", "Prepare quarterly report",
    "Zorganizować szkolenie produktowe", "Uzupełnić notatki ze spotkania z {co}",
    "Renewal reminder – {co}", "Weryfikacja danych firmy {co}",
)  # fmt: skip
_LEAD_SOURCES: Final = (
    "CALL",
    "EMAIL",
    "WEB",
    "ADVERTISING",
    "PARTNER",
    "RECOMMENDATION",
    "TRADE_SHOW",
    "WEBFORM",
    "CALLBACK",
    "OTHER",
)

# --- the CRM catalogue (bitrix24-api.md §7.1, §7.4) --------------------------------------------

# (suffix of STATUS_ID, name, semantics, relative frequency of items in that stage)
_StageRows = tuple[tuple[str, str, Semantics, float], ...]
_LEAD_STATUSES: Final[_StageRows] = (
    ("NEW", "Nieprzetworzony", "P", 18),
    ("IN_PROCESS", "W toku", "P", 15),
    ("PROCESSED", "Przetworzony", "P", 7),
    ("CONVERTED", "Skonwertowany", "S", 35),
    ("JUNK", "Lead niskiej jakości", "F", 25),
)
_DEAL_STAGES_DEFAULT: Final[_StageRows] = (
    ("NEW", "Nowa", "P", 14),
    ("PREPARATION", "Przygotowanie dokumentów", "P", 12),
    ("PREPAYMENT_INVOICE", "Faktura zaliczkowa", "P", 8),
    ("EXECUTING", "W realizacji", "P", 12),
    ("FINAL_INVOICE", "Faktura końcowa", "P", 6),
    ("WON", "Wygrana", "S", 30),
    ("LOSE", "Przegrana", "F", 13),
    ("APOLOGY", "Analiza porażki", "F", 5),
)
_DEAL_STAGES_SERVICE: Final[_StageRows] = (
    ("NEW", "New request", "P", 15),
    ("PREPARATION", "Diagnosis", "P", 15),
    ("EXECUTING", "In progress", "P", 20),
    ("WON", "Done", "S", 35),
    ("LOSE", "Cancelled", "F", 15),
)
_DEAL_STAGES_PARTNERS: Final[_StageRows] = (
    ("NEW", "Zgłoszenie partnera", "P", 20),
    ("UC_3XK9QP", "Weryfikacja partnera", "P", 20),
    ("WON", "Umowa podpisana", "S", 35),
    ("LOSE", "Odrzucone", "F", 25),
)
_QUOTE_STATUSES: Final[_StageRows] = (
    ("DRAFT", "Nowa", "P", 20),
    ("SENT", "Wysłana do klienta", "P", 25),
    ("RECEIVED", "Otrzymana", "P", 10),
    ("APPROVED", "Zaakceptowana", "S", 30),
    ("DECLAINED", "Odrzucona", "F", 15),  # sic: the portal's own spelling (§7.4)
)
_INVOICE_STAGES: Final[_StageRows] = (
    ("N", "Nowa", "P", 15),
    ("S", "Wysłana", "P", 25),
    ("P", "Opłacona", "S", 50),
    ("D", "Anulowana", "F", 10),
)
_SPA_STAGES: Final[_StageRows] = (
    ("NEW", "Nowa", "P", 15),
    ("PREPARATION", "Przygotowanie", "P", 15),
    ("CLIENT", "Oczekiwanie na klienta", "P", 15),
    ("SUCCESS", "Zakończona sukcesem", "S", 40),
    ("FAIL", "Zakończona porażką", "F", 15),
)
_COLORS: Final[dict[Semantics, str]] = {"P": "#39A8EF", "S": "#7BD500", "F": "#FF5752"}

# Category ids are global in `Portal.categories`, so every type gets its own ids.
_DEAL_CATEGORIES: Final = (
    (0, "Sprzedaż", _DEAL_STAGES_DEFAULT, 70.0),
    (1, "Serwis / Service", _DEAL_STAGES_SERVICE, 20.0),
    (2, "Partnerzy", _DEAL_STAGES_PARTNERS, 10.0),
)
_INVOICE_CATEGORY: Final = 3
_SERVICE_CATEGORIES: Final = ((4, "Umowy serwisowe", 80.0), (5, "Premium SLA", 20.0))
_ROLLOUT_CATEGORIES: Final = ((6, "Projekty wdrożeniowe", 100.0),)

# Activity kinds: TYPE_ID, PROVIDER_ID, PROVIDER_TYPE_ID (§8.1) and relative frequency.
_ACTIVITY_KINDS: Final = (
    ("call", 2, "VOXIMPLANT_CALL", "CALL", 30.0),
    ("meeting", 1, "CRM_MEETING", "MEETING", 15.0),
    ("email", 4, "CRM_EMAIL", "EMAIL", 25.0),
    ("todo", 6, "CRM_TODO", "TODO", 30.0),
)

# UF_CRM_TASK prefixes (the CRM type abbreviations of §7.1).
_UF_PREFIX: Final = {
    LEAD: "L",
    DEAL: "D",
    CONTACT: "C",
    COMPANY: "CO",
    SERVICE_CONTRACTS: f"T{SERVICE_CONTRACTS:x}",
    ROLLOUT_PROJECTS: f"T{ROLLOUT_PROJECTS:x}",
}

# Times of day used for record timestamps; index 0 is midnight, for date-like fields.
_TIMES: Final = ("00:00", "08:15", "09:00", "09:40", "10:30", "11:45", "13:20", "14:10", "15:30",
                 "16:45", "17:50")  # fmt: skip
_DAY_MIN: Final = -1200
_DAY_MAX: Final = 400


_T = TypeVar("_T")


class _Pick(Generic[_T]):
    """A weighted choice over fixed values, answered from one uniform number in [0, 1)."""

    __slots__ = ("_cum", "_total", "_values")

    def __init__(self, values: Sequence[_T], weights: Sequence[float]) -> None:
        self._values = list(values)
        self._cum = list(accumulate(weights))
        self._total = self._cum[-1]

    def __call__(self, r: float) -> _T:
        return self._values[bisect_right(self._cum, r * self._total)]


class _Clock:
    """Precomputed ISO timestamps in the portal's time zone (Europe/Warsaw), by day offset.

    Precomputing keeps generation fast and lets records share one string object per timestamp.
    """

    def __init__(self) -> None:
        self.stamps: list[tuple[str, ...]] = []
        for offset in range(_DAY_MIN, _DAY_MAX + 1):
            day = BASE_DATE + timedelta(days=offset)
            tz = "+02:00" if _is_summer_time(day) else "+01:00"
            iso = day.isoformat()
            self.stamps.append(tuple(f"{iso}T{t}:00{tz}" for t in _TIMES))

    def at(self, offset: int, slot: int) -> str:
        """The timestamp `offset` days from BASE_DATE at time slot `slot` (0 is midnight)."""
        return self.stamps[offset - _DAY_MIN][slot]


def _is_summer_time(day: date) -> bool:
    # EU rule: CEST from the last Sunday of March to the last Sunday of October (day-exact).
    def last_sunday(month: int) -> date:
        last = date(day.year, month, 31)
        return last - timedelta(days=(last.weekday() + 1) % 7)

    return last_sunday(3) <= day < last_sunday(10)


class _Builder:
    """Builds one demo portal; all randomness flows from `self.rng`."""

    def __init__(self, seed: int, scale: Scale) -> None:
        self.seed = seed
        self.scale: Scale = scale
        self.rng = random.Random(seed)
        self.rnd = self.rng.random
        self.volumes = _VOLUMES[scale]
        self.clock = _Clock()
        self.stage_seq = 0
        # STATUS_ID -> semantics; a local copy of the catalogue for fast lookups.
        self.semantics: dict[str, Semantics] = {}
        self.company_short: dict[int, str] = {}
        self.person_pool = self._person_pool()
        # Filled by _staff():
        self.roles: dict[int, str] = {}
        self.tagged: dict[str, list[int]] = {}
        self.heads: dict[int, int] = {}
        self.users: list[User] = []

    # -- the whole portal ---------------------------------------------------------------------

    def build(self) -> DemoPortal:
        self._staff()
        t = self.tagged
        big_book = t["big_book"][0]
        dismissed_with_items = (big_book, *t["dismissed"])
        facts = DemoFacts(
            seed=self.seed,
            scale=self.scale,
            admin_user_id=t["admin"][0],
            limited_user_id=t["limited"][0],
            big_book_user_id=big_book,
            departing_active_user_id=t["departing"][0],
            dismissed_with_items=dismissed_with_items,
            dismissed_without_items=tuple(t["idle"]),
            extranet_user_ids=tuple(t["extranet"]),
            successor_candidate_ids=tuple(
                u.id
                for u in self.users
                if u.active and self.roles.get(u.id) == "sales" and u.id != t["departing"][0]
            ),
            deal_category_ids=tuple(c[0] for c in _DEAL_CATEGORIES),
            smart_process_type_ids=(SERVICE_CONTRACTS, ROLLOUT_PROJECTS),
            section_type_ids=(
                LEAD,
                DEAL,
                CONTACT,
                COMPANY,
                QUOTE,
                SMART_INVOICE,
                SERVICE_CONTRACTS,
                ROLLOUT_PROJECTS,
            ),
            adversarial_items=(),
        )
        portal = DemoPortal(facts=facts)
        self.portal = portal
        for user in self.users:
            portal.users[user.id] = user
        for dept_id, name, parent in _DEPARTMENTS:
            portal.departments[dept_id] = Department(
                dept_id, name, parent, head=self.heads.get(dept_id), sort=dept_id * 100
            )
        self._webhooks(facts)
        self._catalogue()
        self.owners = self._owner_plan(facts)
        self._companies()
        self._contacts()
        self._leads()
        self._deals()
        self._quotes()
        self._invoices()
        self._spa("service", SERVICE_CONTRACTS, _SERVICE_CATEGORIES, _SERVICE_TITLES)
        self._spa("rollout", ROLLOUT_PROJECTS, _ROLLOUT_CATEGORIES, _ROLLOUT_TITLES)
        self._activities()
        self._tasks()
        adversarial = self._adversarial(facts)
        # DemoFacts is frozen; the hostile items are known only now.
        portal.facts = replace(facts, adversarial_items=adversarial)
        return portal

    # -- people -------------------------------------------------------------------------------

    def _person_pool(self) -> list[tuple[str, str]]:
        # Every (first name, surname) pair, gender-consistent; English pairs repeated so about a
        # quarter of the people are English-speaking.
        pool = [(f, m) for f in _PL_MALE for m, _ in _PL_SURNAMES]
        pool += [(f, w) for f in _PL_FEMALE for _, w in _PL_SURNAMES]
        english = [(f, s) for f in (*_EN_MALE, *_EN_FEMALE) for s in _EN_SURNAMES]
        return pool + english * 2

    def _staff(self) -> None:
        rng, rnd = self.rng, self.rnd
        used: set[tuple[str, str]] = set()
        uid = 0
        for dept, role, (pos_m, pos_f), count, tag in _STAFF:
            for k in range(count):
                uid += 1
                female = rnd() < 0.45
                english = rnd() < 0.18
                while True:
                    if english:
                        first = rng.choice(_EN_FEMALE if female else _EN_MALE)
                        last = rng.choice(_EN_SURNAMES)
                    else:
                        first = rng.choice(_PL_FEMALE if female else _PL_MALE)
                        last = rng.choice(_PL_SURNAMES)[1 if female else 0]
                    if (first, last) not in used:
                        used.add((first, last))
                        break
                departments = [dept]
                user = User(
                    id=uid,
                    name=first,
                    last_name=last,
                    email=_email(first, last, "firma-demo.pl"),
                    work_position=pos_f if female else pos_m,
                    departments=departments,
                    is_admin=role == "admin",
                    work_phone=f"+48 {rng.randint(12, 91)} {rng.randint(100, 999)} "
                    f"{rng.randint(10, 99)} {rng.randint(10, 99)}",
                    date_register=self.clock.at(-rng.randint(200, 1150), 2),
                    last_login=self.clock.at(-rng.randint(0, 6), rng.randint(1, 10)),
                    is_online=rnd() < 0.2,
                )
                self.users.append(user)
                self.roles[uid] = role
                if role in _HEAD_ROLES and dept not in self.heads:
                    self.heads[dept] = uid
                if tag and k == 0:
                    self.tagged.setdefault(tag, []).append(uid)
                    if tag in {"big_book", "dismissed", "idle"}:
                        user.active = False
                        user.last_login = self.clock.at(-rng.randint(30, 200), 3)
                        user.is_online = False
                    elif tag == "multi":
                        departments.append(3)  # marketing and Warsaw sales at once
        for name, last, company in (
            ("Hans", "Müller", "Nordic Steel"),
            ("Ingrid", "Sørensen", "Amber Coast Hotels"),
        ):
            uid += 1
            self.users.append(
                User(
                    id=uid,
                    name=name,
                    last_name=last,
                    email=_email(name, last, company.replace(" ", "").lower() + ".example"),
                    work_position="Partner handlowy",
                    departments=[],
                    user_type="extranet",
                    date_register=self.clock.at(-rng.randint(100, 400), 4),
                )
            )
            self.tagged.setdefault("extranet", []).append(uid)

    def _webhooks(self, facts: DemoFacts) -> None:
        # Secrets come from the seeded RNG: stable per seed, never written in the source.
        alphabet = string.ascii_lowercase + string.digits
        for user_id, scopes in (
            (facts.admin_user_id, ADMIN_SCOPES),
            (facts.limited_user_id, LIMITED_SCOPES),
        ):
            secret = "".join(self.rng.choices(alphabet, k=16))
            self.portal.webhooks.append(Webhook(user_id=user_id, secret=secret, scopes=scopes))
        # One local app with a token pair for the admin (§1.2). Its own generator, seeded from
        # the seed, keeps every other generated value as it was before OAuth existed.
        oauth_rng = random.Random(f"oauth-{self.seed}")

        def draw(k: int) -> str:
            return "".join(oauth_rng.choices(alphabet, k=k))

        client = OAuthClient(
            client_id=f"local.{draw(14)}.{draw(8)}", client_secret=draw(50), scopes=ADMIN_SCOPES
        )
        self.portal.oauth_clients.append(client)
        self.portal.oauth_grants.append(
            OAuthGrant(
                client_id=client.client_id,
                user_id=facts.admin_user_id,
                access_token=draw(70),
                refresh_token=draw(70),
                scopes=ADMIN_SCOPES,
            )
        )

    # -- catalogue ----------------------------------------------------------------------------

    def _catalogue(self) -> None:
        portal = self.portal
        self.stage_picks: dict[tuple[int, int | None], _Pick[str]] = {}
        self._stages(LEAD, None, "STATUS", "", _LEAD_STATUSES)
        self._stages(QUOTE, None, "QUOTE_STATUS", "", _QUOTE_STATUSES)
        for cat_id, name, rows, _ in _DEAL_CATEGORIES:
            portal.categories[cat_id] = Category(
                cat_id, DEAL, name, sort=(cat_id + 1) * 100, is_default=cat_id == 0
            )
            if cat_id == 0:
                self._stages(DEAL, 0, "DEAL_STAGE", "", rows)
            else:
                self._stages(DEAL, cat_id, f"DEAL_STAGE_{cat_id}", f"C{cat_id}:", rows)
        portal.categories[_INVOICE_CATEGORY] = Category(
            _INVOICE_CATEGORY, SMART_INVOICE, "Faktury", is_default=True
        )
        self._stages(
            SMART_INVOICE,
            _INVOICE_CATEGORY,
            f"SMART_INVOICE_STAGE_{_INVOICE_CATEGORY}",
            f"DT{SMART_INVOICE}_{_INVOICE_CATEGORY}:",
            _INVOICE_STAGES,
        )
        for type_row, entity_type_id, title, cats in (
            (1, SERVICE_CONTRACTS, "Umowy serwisowe", _SERVICE_CATEGORIES),
            (7, ROLLOUT_PROJECTS, "Implementation projects", _ROLLOUT_CATEGORIES),
        ):
            portal.smart_types[entity_type_id] = SmartProcessType(type_row, entity_type_id, title)
            for n, (cat_id, name, _) in enumerate(cats):
                portal.categories[cat_id] = Category(
                    cat_id, entity_type_id, name, sort=(n + 1) * 100, is_default=n == 0
                )
                self._stages(
                    entity_type_id,
                    cat_id,
                    f"DYNAMIC_{entity_type_id}_STAGE_{cat_id}",
                    f"DT{entity_type_id}_{cat_id}:",
                    _SPA_STAGES,
                )

    def _stages(
        self, entity_type_id: int, cat: int | None, entity_id: str, prefix: str, rows: _StageRows
    ) -> None:
        for n, (suffix, name, semantics, _) in enumerate(rows):
            self.stage_seq += 1
            self.semantics[prefix + suffix] = semantics
            self.portal.stages.append(
                Stage(
                    id=self.stage_seq,
                    entity_id=entity_id,
                    status_id=prefix + suffix,
                    name=name,
                    sort=(n + 1) * 10,
                    semantics=semantics,
                    category_id=cat,
                    color=_COLORS[semantics],
                    system=n == 0 or semantics != "P",
                )
            )
        self.stage_picks[(entity_type_id, cat)] = _Pick(
            [prefix + r[0] for r in rows], [r[3] for r in rows]
        )

    # -- who owns what ------------------------------------------------------------------------

    def _owner_plan(self, facts: DemoFacts) -> dict[str, list[int]]:
        """The responsible user of every record to come, per section, in id order.

        The handover users get exact or proportional counts (so every one of them owns
        something in every section); everyone else is drawn by role weight. The list is then
        shuffled so their records spread over the whole id range.
        """
        big_contacts, big_deals, big_share = _BIG_BOOK[self.scale]
        weighted = [
            (u.id, _ROLE_WEIGHTS.get(self.roles.get(u.id, ""), {}))
            for u in self.users
            if u.user_type == "employee" and u.id not in facts.dismissed_without_items
        ]
        plan: dict[str, list[int]] = {}
        for section in _SECTIONS:
            n = self.volumes[section]
            forced = {
                facts.big_book_user_id: {"contact": big_contacts, "deal": big_deals}.get(
                    section, max(3, round(n * big_share))
                ),
                facts.departing_active_user_id: _quota(n, *_DEPARTING_SHARE),
            }
            for uid, (share, minimum) in zip(
                facts.dismissed_with_items[1:], _DISMISSED_SHARES, strict=True
            ):
                forced[uid] = _quota(n, share, minimum)
            owners = [uid for uid, count in forced.items() for _ in range(count)]
            pool = [(uid, w[section]) for uid, w in weighted if w.get(section, 0.0) > 0]
            owners += self.rng.choices(
                [uid for uid, _ in pool],
                cum_weights=list(accumulate(w for _, w in pool)),
                k=n - len(owners),
            )
            self.rng.shuffle(owners)
            plan[section] = owners
        return plan

    # -- CRM items ----------------------------------------------------------------------------

    def _ids(self, n: int) -> list[int]:
        # Real portals have holes where records were deleted; cursor paging must not care.
        rnd = self.rnd
        ids, cur = [], 0
        for _ in range(n):
            cur += 2 if rnd() < 0.03 else 1
            ids.append(cur)
        return ids

    def _times(self, i: int, n: int, closed: bool) -> tuple[str, str, str, str]:
        """created, updated, begindate and closedate of record `i` of `n` (ids grow with time).

        Closed records closed in the past; open ones expect to close in the coming months.
        """
        rnd, stamps = self.rnd, self.clock.stamps
        created = -730 + (725 * i) // n
        age = -created
        updated = created + 1 + int(rnd() * min(age - 1, 90))  # strictly later, never future
        close = created + int(rnd() * age) if closed else int(rnd() * 120) + 1
        slot = 1 + int(rnd() * 10)
        day = stamps[created - _DAY_MIN]
        return (
            day[slot],
            stamps[updated - _DAY_MIN][1 + (slot + 3) % 10],
            day[0],
            stamps[close - _DAY_MIN][0],
        )

    def _pick(self, seq: Sequence[int]) -> int:
        return seq[int(self.rnd() * len(seq))]

    def _companies(self) -> None:
        rnd, add = self.rnd, self.portal.add_item
        owners = self.owners["company"]
        n = len(owners)
        for i, (cid, owner) in enumerate(zip(self._ids(n), owners, strict=True)):
            root = _COMPANY_ROOTS[int(rnd() * len(_COMPANY_ROOTS))]
            short = root + _COMPANY_MODIFIERS[int(rnd() * len(_COMPANY_MODIFIERS))]
            form = _COMPANY_FORMS[int(rnd() * len(_COMPANY_FORMS))]
            self.company_short[cid] = short
            created, updated, _, _ = self._times(i, n, closed=False)
            add(
                CrmItem(
                    COMPANY,
                    cid,
                    owner,
                    title=f"{short} {form}",
                    created_time=created,
                    updated_time=updated,
                    opened=rnd() < 0.9,
                    created_by=owner,
                )
            )

    def _contacts(self) -> None:
        rnd, pool, add = self.rnd, self.person_pool, self.portal.add_item
        companies = self.portal.table(COMPANY)
        all_companies = companies.sorted_ids
        owners = self.owners["contact"]
        n = len(owners)
        own_companies = companies.by_owner.ids
        rows = companies.rows
        # The hottest loop of the large scale (130,000 contacts): helpers are inlined.
        for i, (cid, owner) in enumerate(zip(self._ids(n), owners, strict=True)):
            first, last = pool[int(rnd() * len(pool))]
            r = rnd()
            company_id: int | None = None
            if r < 0.85:
                source = (own_companies(owner) or all_companies) if r < 0.72 else all_companies
                company_id = source[int(rnd() * len(source))]
                rows[company_id].contact_ids.append(cid)
            created, updated, _, _ = self._times(i, n, closed=False)
            add(
                CrmItem(
                    CONTACT,
                    cid,
                    owner,
                    name=first,
                    last_name=last,
                    company_id=company_id,
                    created_time=created,
                    updated_time=updated,
                    opened=rnd() < 0.9,
                    source_id=_LEAD_SOURCES[int(rnd() * len(_LEAD_SOURCES))],
                    created_by=owner,
                )
            )

    def _money(self) -> tuple[float, str]:
        r = self.rnd()
        amount = round(500 + 249_500 * r * r * r, 2)
        c = self.rnd()
        return amount, "PLN" if c < 0.78 else "EUR" if c < 0.95 else "USD"

    def _title(self, templates: Sequence[str], co: str, created_day: str) -> str:
        rnd = self.rnd
        year = int(created_day[:4]) + (1 if rnd() < 0.4 else 0)
        return templates[int(rnd() * len(templates))].format(
            co=co, y=year, n=5 + int(rnd() * 120), q=1 + int(rnd() * 4)
        )

    def _leads(self) -> None:
        rnd, pool, add = self.rnd, self.person_pool, self.portal.add_item
        pick_stage = self.stage_picks[(LEAD, None)]
        semantics = self.semantics
        companies = self.portal.table(COMPANY)
        contacts = self.portal.table(CONTACT)
        self.converted: dict[int, list[int]] = {}
        owners = self.owners["lead"]
        n = len(owners)
        for i, (lid, owner) in enumerate(zip(self._ids(n), owners, strict=True)):
            stage = pick_stage(rnd())
            sem = semantics[stage]
            first, last = pool[int(rnd() * len(pool))]
            created, updated, begin, close = self._times(i, n, closed=sem != "P")
            co = _COMPANY_ROOTS[int(rnd() * len(_COMPANY_ROOTS))]
            amount, currency = self._money()
            company_id: int | None = None
            contact_ids: list[int] = []
            if sem == "S":
                # A converted lead points at the client it became (§7.3 lead companyId).
                own = companies.by_owner.ids(owner)
                company_id = self._pick(own) if own else None
                own_contacts = contacts.by_owner.ids(owner)
                if own_contacts:
                    contact_ids = [self._pick(own_contacts)]
                self.converted.setdefault(owner, []).append(lid)
            add(
                CrmItem(
                    LEAD,
                    lid,
                    owner,
                    title=self._title(_LEAD_TITLES, co, created),
                    name=first,
                    last_name=last,
                    stage_id=stage,
                    opportunity=amount,
                    currency_id=currency,
                    company_id=company_id,
                    contact_ids=contact_ids,
                    source_id=_LEAD_SOURCES[int(rnd() * len(_LEAD_SOURCES))],
                    created_time=created,
                    updated_time=updated,
                    begindate=begin,
                    closedate=close if sem != "P" else None,
                    opened=rnd() < 0.9,
                    created_by=owner,
                )
            )

    def _client(self, owner: int, own_share: float) -> tuple[int | None, list[int]]:
        """A company and one or two of its contacts, mostly the owner's own ("keep together")."""
        rnd = self.rnd
        companies = self.portal.table(COMPANY)
        contacts = self.portal.table(CONTACT)
        r = rnd()
        own_companies = companies.by_owner.ids(owner)
        if r < own_share and own_companies:
            company_id: int | None = self._pick(own_companies)
        elif r < 0.92:
            company_id = self._pick(companies.sorted_ids)
        else:
            company_id = None  # a private client: contact only
        linked = companies.rows[company_id].contact_ids if company_id is not None else []
        source = linked or contacts.by_owner.ids(owner) or contacts.sorted_ids
        first = self._pick(source)
        if rnd() < 0.3 and len(source) > 1:
            second = self._pick(source)
            if second != first:
                return company_id, [first, second]
        return company_id, [first]

    def _deals(self) -> None:
        rnd, add = self.rnd, self.portal.add_item
        semantics = self.semantics
        pick_cat = _Pick([c[0] for c in _DEAL_CATEGORIES], [c[3] for c in _DEAL_CATEGORIES])
        picks = {cat: self.stage_picks[(DEAL, cat)] for cat, *_ in _DEAL_CATEGORIES}
        heads = self.heads
        owners = self.owners["deal"]
        n = len(owners)
        for i, (did, owner) in enumerate(zip(self._ids(n), owners, strict=True)):
            cat = pick_cat(rnd())
            stage = picks[cat](rnd())
            sem = semantics[stage]
            company_id, contact_ids = self._client(owner, 0.85)
            co = self.company_short.get(company_id or 0, "klient indywidualny")
            created, updated, begin, close = self._times(i, n, closed=sem != "P")
            amount, currency = self._money()
            lead_id: int | None = None
            converted = self.converted.get(owner)
            if converted and rnd() < 0.5:
                lead_id = converted.pop()
            dept = self.portal.users[owner].departments[0]
            observers = [heads[dept]] if rnd() < 0.1 and dept in heads else []
            add(
                CrmItem(
                    DEAL,
                    did,
                    owner,
                    title=self._title(_DEAL_TITLES, co, created),
                    category_id=cat,
                    stage_id=stage,
                    opportunity=amount,
                    currency_id=currency,
                    company_id=company_id,
                    contact_ids=contact_ids,
                    lead_id=lead_id,
                    created_time=created,
                    updated_time=updated,
                    begindate=begin,
                    closedate=close,
                    opened=rnd() < 0.9,
                    observers=observers,
                    created_by=owner,
                    source_id=_LEAD_SOURCES[int(rnd() * len(_LEAD_SOURCES))],
                )
            )

    def _quotes(self) -> None:
        rnd, add = self.rnd, self.portal.add_item
        semantics = self.semantics
        pick_stage = self.stage_picks[(QUOTE, None)]
        deals = self.portal.table(DEAL)
        owners = self.owners["quote"]
        n = len(owners)
        for i, (qid, owner) in enumerate(zip(self._ids(n), owners, strict=True)):
            stage = pick_stage(rnd())
            sem = semantics[stage]
            own = deals.by_owner.ids(owner)
            deal = deals.rows[self._pick(own if own and rnd() < 0.9 else deals.sorted_ids)]
            created, updated, begin, close = self._times(i, n, closed=sem != "P")
            year = created[:4]
            co = self.company_short.get(deal.company_id or 0, "klient indywidualny")
            add(
                CrmItem(
                    QUOTE,
                    qid,
                    owner,
                    title=f"Oferta {year}/{qid:04d} – {co}",
                    stage_id=stage,
                    opportunity=round(deal.opportunity or 0.0, 2),
                    currency_id=deal.currency_id,
                    company_id=deal.company_id,
                    contact_ids=list(deal.contact_ids),
                    deal_id=deal.id,
                    created_time=created,
                    updated_time=updated,
                    begindate=begin,
                    closedate=close,
                    opened=rnd() < 0.9,
                    created_by=owner,
                )
            )

    def _invoices(self) -> None:
        rnd, add = self.rnd, self.portal.add_item
        semantics = self.semantics
        pick_stage = self.stage_picks[(SMART_INVOICE, _INVOICE_CATEGORY)]
        deals = self.portal.table(DEAL)
        owners = self.owners["invoice"]
        n = len(owners)
        for i, (iid, owner) in enumerate(zip(self._ids(n), owners, strict=True)):
            stage = pick_stage(rnd())
            sem = semantics[stage]
            own_deals = deals.by_owner.ids(owner)
            deal_id: int | None = None
            if own_deals and rnd() < 0.5:
                deal = deals.rows[self._pick(own_deals)]
                deal_id, company_id, contact_ids = deal.id, deal.company_id, deal.contact_ids[:1]
                amount, currency = deal.opportunity or 0.0, deal.currency_id or "PLN"
            else:
                company_id, contact_ids = self._client(owner, 0.8)
                contact_ids = contact_ids[:1]
                amount, currency = self._money()
            created, updated, begin, close = self._times(i, n, closed=sem != "P")
            co = self.company_short.get(company_id or 0, "klient indywidualny")
            add(
                CrmItem(
                    SMART_INVOICE,
                    iid,
                    owner,
                    title=f"FV/{created[:4]}/{created[5:7]}/{iid:05d} – {co}",
                    category_id=_INVOICE_CATEGORY,
                    stage_id=stage,
                    opportunity=amount,
                    currency_id=currency,
                    company_id=company_id,
                    contact_ids=contact_ids,
                    deal_id=deal_id,
                    created_time=created,
                    updated_time=updated,
                    begindate=begin,
                    closedate=close,
                    opened=rnd() < 0.9,
                    created_by=owner,
                )
            )

    def _spa(
        self,
        section: str,
        entity_type_id: int,
        categories: tuple[tuple[int, str, float], ...],
        titles: tuple[str, ...],
    ) -> None:
        rnd, add = self.rnd, self.portal.add_item
        semantics = self.semantics
        pick_cat = _Pick([c[0] for c in categories], [c[2] for c in categories])
        picks = {c[0]: self.stage_picks[(entity_type_id, c[0])] for c in categories}
        owners = self.owners[section]
        n = len(owners)
        for i, (sid, owner) in enumerate(zip(self._ids(n), owners, strict=True)):
            cat = pick_cat(rnd())
            stage = picks[cat](rnd())
            sem = semantics[stage]
            company_id, contact_ids = self._client(owner, 0.8)
            co = self.company_short.get(company_id or 0, "klient indywidualny")
            created, updated, begin, close = self._times(i, n, closed=sem != "P")
            amount, currency = self._money()
            add(
                CrmItem(
                    entity_type_id,
                    sid,
                    owner,
                    title=self._title(titles, co, created),
                    category_id=cat,
                    stage_id=stage,
                    opportunity=amount,
                    currency_id=currency,
                    company_id=company_id,
                    contact_ids=contact_ids,
                    created_time=created,
                    updated_time=updated,
                    begindate=begin,
                    closedate=close,
                    opened=rnd() < 0.9,
                    created_by=owner,
                )
            )

    # -- activities and tasks -----------------------------------------------------------------

    def _owned_item(self, owner: int, kinds: _Pick[int]) -> CrmItem:
        """One of `owner`'s items, of a type drawn from `kinds`; anyone's if they have none."""
        tables = self.portal.items
        first = kinds(self.rnd())
        for etype in (first, DEAL, CONTACT, LEAD, COMPANY, SERVICE_CONTRACTS):
            own = tables[etype].by_owner.ids(owner)
            if own:
                return tables[etype].rows[self._pick(own)]
        table = tables[first]
        return table.rows[self._pick(table.sorted_ids)]

    def _who(self, item: CrmItem) -> str:
        """A short name for the client behind `item`, for subjects and task titles."""
        if item.entity_type_id == CONTACT:
            return f"{item.name} {item.last_name}"
        if item.entity_type_id == COMPANY:
            return self.company_short[item.id]
        return self.company_short.get(item.company_id or 0, "klient")

    def _activities(self) -> None:
        rnd, at, add = self.rnd, self.clock.at, self.portal.add_activity
        semantics = self.semantics
        kinds = _Pick(list(range(len(_ACTIVITY_KINDS))), [k[4] for k in _ACTIVITY_KINDS])
        owner_types = _Pick([DEAL, LEAD, CONTACT, COMPANY, SERVICE_CONTRACTS], [40, 20, 25, 10, 5])
        owners = self.owners["activity"]
        n = len(owners)
        for aid, responsible in zip(self._ids(n), owners, strict=True):
            item = self._owned_item(responsible, owner_types)
            kind, type_id, provider, provider_type, _ = _ACTIVITY_KINDS[kinds(rnd())]
            closed_owner = semantics.get(item.stage_id or "", "P") != "P"
            completed = rnd() < (0.92 if closed_owner else 0.45)
            # Completed work lies in the past; open work mostly in the coming weeks.
            start = -int(rnd() * 365) if completed else int(rnd() * 70) - 10
            slot = 1 + int(rnd() * 9)
            start_time, end_time = at(start, slot), at(start, slot + 1)
            created = at(min(start, 0) - int(rnd() * 20), 1 + (slot + 4) % 10)
            if kind == "todo":
                deadline = at(start, slot) if rnd() < 0.8 else "9999-12-31T00:00:00+00:00"
            else:
                deadline = start_time
            subjects = _ACTIVITY_SUBJECTS[kind]
            subject = subjects[int(rnd() * len(subjects))].format(who=self._who(item))
            direction = (1 if rnd() < 0.5 else 2) if kind in {"call", "email"} else 0
            add(
                Activity(
                    aid,
                    item.entity_type_id,
                    item.id,
                    responsible,
                    subject,
                    type_id=type_id,
                    provider_id=provider,
                    provider_type_id=provider_type,
                    completed=completed,
                    priority=3 if rnd() < 0.15 else 2,
                    direction=direction,
                    author_id=responsible,
                    editor_id=responsible,
                    created=created,
                    last_updated=at(start if completed else 0, slot),
                    start_time=start_time,
                    end_time=end_time,
                    deadline=deadline,
                )
            )

    def _tasks(self) -> None:
        rnd, at, add = self.rnd, self.clock.at, self.portal.add_task
        statuses = _Pick([2, 3, 4, 5, 6], [35, 20, 5, 35, 5])
        bound_types = _Pick(
            [DEAL, CONTACT, COMPANY, LEAD, SERVICE_CONTRACTS, ROLLOUT_PROJECTS],
            [45, 20, 15, 12, 5, 3],
        )
        owners = self.owners["task"]
        n = len(owners)
        for i, (tid, responsible) in enumerate(zip(self._ids(n), owners, strict=True)):
            status = statuses(rnd())
            created = -700 + (695 * i) // n
            uf: list[str] = []
            co = "klient"
            if rnd() < 0.65:
                item = self._owned_item(responsible, bound_types)
                uf.append(f"{_UF_PREFIX[item.entity_type_id]}_{item.id}")
                if item.company_id is not None and rnd() < 0.4:
                    uf.append(f"CO_{item.company_id}")
                co = self._who(item)
            r = rnd()
            dept = self.portal.users[responsible].departments[0]
            created_by = responsible if r < 0.5 else self.heads.get(dept, 1) if r < 0.85 else 1
            deadline = at(created + int(rnd() * 60) + 3, 10) if rnd() < 0.7 else None
            closed = at(min(created + int(rnd() * 40) + 1, 0), 7) if status == 5 else None
            add(
                Task(
                    tid,
                    _TASK_TITLES[int(rnd() * len(_TASK_TITLES))].format(co=co),
                    responsible,
                    created_by,
                    real_status=status,
                    priority=2 if rnd() < 0.2 else 1,
                    uf_crm_task=uf,
                    created_date=at(created, 1 + int(rnd() * 10)),
                    deadline=deadline,
                    closed_date=closed,
                )
            )

    # -- hostile text -------------------------------------------------------------------------

    def _adversarial(self, facts: DemoFacts) -> tuple[tuple[int, int], ...]:
        """Give a few items of the handover users hostile titles; returns their references."""
        portal = self.portal
        targets: list[CrmItem] = []
        holders = (facts.big_book_user_id, facts.departing_active_user_id)
        for n, title in enumerate(ADVERSARIAL_TITLES):
            owner = holders[n % 2]
            etype = (DEAL, COMPANY, LEAD, SERVICE_CONTRACTS)[n % 4]
            table = portal.table(etype)
            ids = table.by_owner.ids(owner)
            item = table.rows[ids[n // 4 % len(ids)]]
            item.title = title
            targets.append(item)
        contacts = portal.table(CONTACT)
        contact = contacts.rows[contacts.by_owner.ids(facts.big_book_user_id)[0]]
        contact.name, contact.last_name = "Zoë 🎉", "<i>O'Connor-Wiśniewska</i>"
        targets.append(contact)
        if portal.tasks.sorted_ids:
            task = portal.tasks.rows[portal.tasks.by_owner.ids(facts.big_book_user_id)[0]]
            task.title = ADVERSARIAL_TITLES[0]
        if portal.activities.sorted_ids:
            act = portal.activities.rows[portal.activities.by_owner.ids(facts.big_book_user_id)[0]]
            act.subject = ADVERSARIAL_TITLES[2]
        return tuple((item.entity_type_id, item.id) for item in targets)


def _quota(n: int, share: float, minimum: int) -> int:
    return max(minimum, round(n * share))


def _email(first: str, last: str, domain: str) -> str:
    return f"{first}.{last}@{domain}".translate(_ASCII).lower().replace(" ", "")
