"""Create the demo organisation the README lists, idempotently.

Every account has the password ``skillgap-demo``. Ratings are varied but
deterministic (derived from the username and competency code), so every run
and every machine shows the same reports.
"""

import hashlib
from datetime import timedelta

from django.core.management import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from accounts.backends import DEMO_EMAIL_DOMAIN
from accounts.models import User
from assessments import services
from assessments.models import Assessment, Goal, Rating
from cycles import services as cycle_services
from cycles.models import Cycle
from org.models import Team
from roles.models import ProfileTarget, RoleProfile

DEMO_PASSWORD = "skillgap-demo"  # noqa: S105 (the documented demo password)
TEAM_NAME = "Platform AI"
CYCLE_NAME = "Q4 2026"

ACCOUNTS = [
    # username, first name, last name, staff, language
    ("admin", "Admin", "SkillGap", True, "en"),
    ("maya", "Maya", "Putri", False, "id"),
    ("eko", "Eko", "Prasetyo", False, "id"),
    ("sari", "Sari", "Wulandari", False, "en"),
    ("dimas", "Dimas", "Nugroho", False, "id"),
    ("lina", "Lina", "Hartono", False, "en"),
    # The organisation (SPEC §16): hana heads AI Engineering, above Platform AI
    # and Applied AI (budi: citra, fajar); wati is its people partner.
    ("hana", "Hana", "Kusuma", False, "id"),
    ("budi", "Budi", "Santoso", False, "id"),
    ("citra", "Citra", "Lestari", False, "id"),
    ("fajar", "Fajar", "Ramadhan", False, "en"),
    ("wati", "Wati", "Susanti", False, "id"),
]
DEPARTMENT_NAME = "AI Engineering"
APPLIED_NAME = "Applied AI"

# username → [(profile code, days ago submitted or None for a draft, offset,
# how far maya's review went: None, "reviewed" (completed) or "acknowledged")]
# ``offset`` shifts the engineer's ratings; earlier assessments sit lower, so
# progress over time shows.
PLAN = {
    "eko": [("startup-generalist", 180, -1, None), ("startup-generalist", 12, 0, "reviewed")],
    "sari": [("enterprise-prompt-rag", 20, 0, None)],
    "dimas": [
        ("enterprise-fine-tuning", 200, -1, None),
        ("enterprise-fine-tuning", 30, 0, "acknowledged"),
    ],
    "lina": [("regulated-industry", None, 0, None)],
    # Reviewed by budi (Applied AI).
    "citra": [
        ("enterprise-prompt-rag", 250, -1, None),
        ("enterprise-prompt-rag", 25, 0, "acknowledged"),
    ],
    "fajar": [("startup-generalist", 8, 0, None)],
}
REVIEWER = {"citra": "budi", "fajar": "budi"}  # everyone else: maya

ACKNOWLEDGEMENTS = {
    "id": "Sudah saya baca. Saya setuju dengan sebagian besar penilaian.",
    "en": "Read it. I agree with most of the ratings.",
}

GOALS = {
    "id": "Menyelesaikan satu proyek kecil dan membagikan hasilnya ke tim.",
    "en": "Finish one small project and share the result with the team.",
}


def demo_level(username: str, code: str, target: int, offset: int) -> int:
    """A stable pseudo-random level around the target: mostly near it, some gaps, some strengths."""
    digest = hashlib.sha256(f"{username}:{code}".encode()).digest()
    spread = (-2, -1, -1, 0, 0, 0, 1, 1)[digest[0] % 8]
    return max(0, min(4, target + spread + offset))


class Command(BaseCommand):
    help = "Create the demo organisation (idempotent). Password: skillgap-demo."

    @transaction.atomic
    def handle(self, *args, **options):
        if not RoleProfile.objects.exists():
            raise CommandError("Load the framework first: python manage.py load_framework")
        users = {
            name: self._user(name, first, last, staff, lang)
            for name, first, last, staff, lang in ACCOUNTS
        }
        team, _created = Team.objects.get_or_create(
            name=TEAM_NAME, defaults={"code": "platform-ai"}
        )
        team.managers.add(users["maya"])
        team.members.add(users["eko"], users["sari"], users["dimas"])
        self._organisation(users, team)
        for username, assessments in PLAN.items():
            if Assessment.objects.filter(engineer=users[username]).exists():
                continue
            reviewer = users[REVIEWER.get(username, "maya")]
            for profile_code, days_ago, offset, reviewed in assessments:
                self._assessment(
                    users[username], reviewer, profile_code, days_ago, offset, reviewed
                )
        if not Cycle.objects.filter(name=CYCLE_NAME).exists():
            # Its drafts and e-mails (printed to the console by `make run`) are
            # prepared by a task once this transaction commits.
            today = timezone.localdate()
            cycle_services.cycle_open(
                user=users["maya"],
                name=CYCLE_NAME,
                teams=[team],
                self_due=today + timedelta(days=14),
                review_due=today + timedelta(days=28),
            )
        self.stdout.write(self.style.SUCCESS("Demo organisation ready."))
        self.stdout.write(
            f"Accounts (password {DEMO_PASSWORD}): admin (administrator), "
            f"maya (manager of {TEAM_NAME}: eko, sari, dimas), eko, sari, dimas, "
            "lina (draft, no team); "
            f"hana (head of {DEPARTMENT_NAME}, above {TEAM_NAME} and {APPLIED_NAME}), "
            f"budi (manager of {APPLIED_NAME}: citra, fajar), citra, fajar, "
            f"wati (people partner of {DEPARTMENT_NAME})."
        )

    def _organisation(self, users, platform):
        """The team tree of SPEC §16. A team is placed in the tree (and given
        its code, which CSV provisioning matches on) only when this command
        creates it: a later run never moves or renames a team someone changed."""
        department, created = Team.objects.get_or_create(
            name=DEPARTMENT_NAME, defaults={"code": "ai-eng"}
        )
        department.managers.add(users["hana"])
        department.people_partners.add(users["wati"])
        if created and platform.parent_id is None:
            platform.parent = department
            platform.save()
        applied, created = Team.objects.get_or_create(
            name=APPLIED_NAME, defaults={"parent": department, "code": "applied-ai"}
        )
        applied.managers.add(users["budi"])
        applied.members.add(users["citra"], users["fajar"])

    def _user(self, username, first, last, staff, language) -> User:
        user, created = User.objects.get_or_create(
            username=username,
            defaults={
                "first_name": first,
                "last_name": last,
                "email": f"{username}{DEMO_EMAIL_DOMAIN}",
                "is_staff": staff,
                "is_superuser": staff,
                "language": language,
                "is_demo": True,
            },
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
        return user

    def _assessment(self, engineer, manager, profile_code, days_ago, offset, reviewed):
        profile = RoleProfile.objects.get(code=profile_code)
        assessment = services.assessment_start(engineer=engineer, role_profile=profile)
        targets = ProfileTarget.objects.filter(profile=profile).select_related("competency")
        ratings = {r.competency_id: r for r in Rating.objects.filter(assessment=assessment)}
        for t in targets:
            rating = ratings[t.competency_id]
            rating.level = demo_level(engineer.username, t.competency.code, t.target, offset)
            if rating.level >= 3 and t.competency.order == 1:
                rating.evidence = (
                    f"https://git.example.invalid/{engineer.username}/{t.competency.code}"
                )
        Rating.objects.bulk_update(ratings.values(), ["level", "evidence"])
        if days_ago is None:
            # A draft half-way through: the last third still unrated.
            unrated = list(ratings.values())[len(ratings) * 2 // 3 :]
            Rating.objects.filter(pk__in=[r.pk for r in unrated]).update(level=None, evidence="")
            return assessment
        services.assessment_submit(user=engineer, assessment=assessment)
        when = timezone.now() - timedelta(days=days_ago)
        Assessment.objects.filter(pk=assessment.pk).update(
            created_at=when - timedelta(days=2), submitted_at=when
        )
        assessment.refresh_from_db()
        if reviewed:
            for t in targets:
                self_level = ratings[t.competency_id].level
                digest = hashlib.sha256(
                    f"review:{engineer.username}:{t.competency.code}".encode()
                ).digest()
                delta = (-2, -1, 0, 0, 0, 0, 1, 2)[digest[0] % 8]
                services.review_save(
                    user=manager,
                    assessment=assessment,
                    competency_code=t.competency.code,
                    level=max(0, min(4, self_level + delta)),
                    comment=("Mari kita bahas di 1:1." if abs(delta) >= 2 else ""),
                )
            services.review_complete(user=manager, assessment=assessment)
            if reviewed == "acknowledged":
                services.assessment_acknowledge(
                    user=engineer,
                    assessment=assessment,
                    comment=ACKNOWLEDGEMENTS[engineer.language or "en"],
                )
        report_codes = [
            t.competency_id
            for t in sorted(targets, key=lambda t: ratings[t.competency_id].level - t.target)[:3]
        ]
        lang = engineer.language or "en"
        Goal.objects.bulk_create(
            [
                Goal(
                    assessment=assessment,
                    competency_id=cid,
                    text=GOALS[lang],
                    due_date=(when + timedelta(days=90)).date(),
                    status=Goal.Status.IN_PROGRESS,
                )
                for cid in report_codes
            ],
            ignore_conflicts=True,
        )
        return assessment
