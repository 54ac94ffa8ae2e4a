"""The four roles, defined once: the roles migration, `create_demo_users` and the tests read them from here.

viewer   reads the catalogue and the licence tracks
analyst  a viewer who may also export status changes and evidence as CSV
editor   an analyst who keeps the catalogue and licence tracks, reviews ingested steps, tends the ingest queue and
         links screening-list entries to the catalogue's companies
admin    every permission on the catalogue, licences and ingestion except deleting the record (append-only steps
         and evidence, news items, ingest runs); it reads users, groups, history and login logs but cannot change
         them, so it cannot raise its own rights or wipe its traces (superusers manage accounts)

Only editors and admins may use the admin site (see `can_use_admin_site`).
"""

from django.apps import apps as global_apps
from django.contrib.auth.management import create_permissions

CATALOGUE_MODELS = (
    "country",
    "countrygroup",
    "countrygroupmembership",
    "company",
    "chipsku",
    "authority",
    "regulation",
)
LICENCE_MODELS = ("licenceapplication", "statuschange", "evidence")
INGEST_MODELS = ("source", "newsitem", "ingestrun", "chipcandidate")
SCREENING_MODELS = ("screeningload", "listedentity", "listingchange")
# Ingest models editors may change: turn sources on and off, fix items before a retry, settle chip candidates.
EDITOR_CHANGEABLE_INGEST_MODELS = ("source", "newsitem", "chipcandidate")

# Status changes, their evidence, the news behind them and the runs that brought it in are the record; no role
# deletes them.
NEVER_GRANTED = frozenset({"licences.delete_statuschange", "licences.delete_evidence", "ingest.delete_newsitem",
                           "ingest.delete_ingestrun", "screening.delete_screeningload",
                           "screening.delete_listingchange", "screening.delete_listedentity"})
# Apps whose every permission (but NEVER_GRANTED) the admin role has; of other apps it may only read.
ADMIN_APPS = ("catalog", "licences", "ingest", "screening")
# Unlocking a locked-out user means deleting its failed attempts; the logs themselves stay.
ADMIN_EXTRAS = frozenset({"axes.delete_accessattempt"})

ADMIN_SITE_ROLES = ("editor", "admin")
ALL_PERMISSIONS = "__all__"


def _perms(action: str, app_label: str, model_names) -> set[str]:
    return {f"{app_label}.{action}_{model_name}" for model_name in model_names}


def _viewer() -> set[str]:
    return _perms("view", "catalog", CATALOGUE_MODELS) | _perms("view", "licences", LICENCE_MODELS)


def _analyst() -> set[str]:
    return _viewer() | {"licences.export_statuschange"}


def _editor() -> set[str]:
    keeping = set()
    for action in ("add", "change"):
        keeping |= _perms(action, "catalog", CATALOGUE_MODELS) | _perms(action, "licences", LICENCE_MODELS)
    ingest = _perms("view", "ingest", INGEST_MODELS) | _perms("change", "ingest", EDITOR_CHANGEABLE_INGEST_MODELS)
    # Of a screening-list entry, editors change only its link to a catalogue company.
    screening = _perms("view", "screening", SCREENING_MODELS) | {"screening.change_listedentity"}
    # Changing a status change in the admin means reviewing it; adding one goes through the one writer.
    return _analyst() | keeping | ingest | screening


ROLES = {
    "viewer": _viewer(),
    "analyst": _analyst(),
    "editor": _editor(),
    "admin": ALL_PERMISSIONS,
}


def _permissions_by_name(Permission) -> dict[str, object]:
    rows = Permission.objects.select_related("content_type")
    return {f"{perm.content_type.app_label}.{perm.codename}": perm for perm in rows}


def sync_roles(apps=None) -> None:
    """Create the role groups and give each exactly its permissions (idempotent).

    `apps` is a migration's historical registry; without it the live models are used.
    """
    if apps is None:
        from django.apps import apps
    # Django creates permissions only after `migrate` (or a test flush) finishes; the groups need them now.
    for app_config in global_apps.get_app_configs():
        create_permissions(app_config, apps=apps, verbosity=0)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    available = _permissions_by_name(Permission)
    for role, wanted in ROLES.items():
        names = {name for name in available if _admin_may(name)} if wanted == ALL_PERMISSIONS else wanted
        missing = sorted(name for name in names - set(available) if _is_migrated(apps, name))
        if missing:
            raise LookupError(f"role {role} needs permissions that do not exist: {', '.join(missing)}")
        group, _ = Group.objects.get_or_create(name=role)
        granted = (names - NEVER_GRANTED) & set(available)
        group.permissions.set([available[name] for name in sorted(granted)])


def _is_migrated(apps, name: str) -> bool:
    """Whether the app of permission `name` has models yet where roles are synced. An earlier roles migration runs
    before a newer app's tables exist; that app's own roles migration grants its permissions."""
    try:
        apps.get_app_config(name.split(".", 1)[0])
    except LookupError:
        return False
    return True


def _admin_may(name: str) -> bool:
    app_label, codename = name.split(".", 1)
    if codename.startswith("view_") or name in ADMIN_EXTRAS:
        return True
    is_history = codename.endswith("event")  # the history models pghistory keeps beside each tracked one
    return app_label in ADMIN_APPS and not is_history


def can_use_admin_site(user) -> bool:
    """Staff editors and admins (and superusers) may use the admin; viewers and analysts may not."""
    if not (user.is_active and user.is_staff):
        return False
    if user.is_superuser:
        return True
    return user.groups.filter(name__in=ADMIN_SITE_ROLES).exists()
