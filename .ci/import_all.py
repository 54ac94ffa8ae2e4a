"""Import every module of the installed exportwatch package (run from outside the source tree)."""

import importlib
import os
import pkgutil
import sys

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "exportwatch.settings")
import django  # noqa: E402

django.setup()
import exportwatch  # noqa: E402

if "site-packages" not in exportwatch.__file__:
    sys.exit(f"imported the source tree ({exportwatch.__file__}), not the installed package")
names = [module.name for module in pkgutil.walk_packages(exportwatch.__path__, "exportwatch.")]
for name in names:
    importlib.import_module(name)
print(f"imported {len(names)} modules of the installed package")
